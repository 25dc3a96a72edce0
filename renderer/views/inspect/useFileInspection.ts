import { useCallback, useEffect, useRef, useState } from 'react';
import { INSPECT_MAX_BYTES, type InspectionReport, type InspectRole } from '../../../shared/domain/inspect.js';
import { call, errorField, fieldMessage, withoutField, type IpcError } from '../../ipc/client.js';
import { t } from '../../i18n/instance.js';
import { fileSource, sizeProblem, textSource, type InputSource } from './model.js';

/** How long typing (text, host name) settles before the input is inspected again. */
const SETTLE_MS = 350;

export interface InspectRequest {
  readonly content: string;
  readonly encoding: 'text' | 'base64';
  readonly password: string | null;
  readonly hostCheck: string | null;
  readonly role: InspectRole;
  readonly useSystemStore: boolean;
}

export interface FileInspection {
  readonly text: string;
  readonly source: InputSource | null;
  readonly hostCheck: string;
  readonly role: InspectRole;
  readonly useSystemStore: boolean;
  readonly busy: boolean;
  readonly result: { readonly report: InspectionReport; readonly request: InspectRequest } | null;
  /** The input could not be inspected (or was refused in the window). */
  readonly error: IpcError | string | null;
  /** Main refused the host name typed. */
  readonly hostError: string | null;
  /** Counts password attempts, so the prompt starts empty after each. */
  readonly attempt: number;
  setText(text: string): void;
  loadFile(file: File): Promise<void>;
  clear(): void;
  setHostCheck(value: string): void;
  setRole(role: InspectRole): void;
  setUseSystemStore(value: boolean): void;
  submitPassword(password: string): void;
  rerun(): void;
}

/**
 * The File or text mode's state: the input, its options, and the report of the latest inspection.
 * Every change to the input or an option inspects again; answers to superseded requests are dropped.
 * The password lives here only, is sent with each request, and is forgotten when the input changes.
 */
export function useFileInspection(): FileInspection {
  const [text, setTextState] = useState('');
  const [source, setSource] = useState<InputSource | null>(null);
  const [password, setPassword] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const [hostCheck, setHostCheckState] = useState('');
  const [role, setRoleState] = useState<InspectRole>('any');
  const [useSystemStore, setUseSystemStoreState] = useState(false);
  const [reload, setReload] = useState(0);
  const [result, setResult] = useState<FileInspection['result']>(null);
  const [error, setError] = useState<IpcError | string | null>(null);
  const [hostError, setHostError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const latest = useRef(0);
  /** The delay before the next inspection: none for a file, a password or a click; a pause for typing. */
  const nextDelay = useRef(0);

  useEffect(() => {
    const id = ++latest.current;
    if (!source) {
      setBusy(false);
      return;
    }
    const request: InspectRequest = { content: source.content, encoding: source.encoding, password, hostCheck: hostCheck.trim() === '' ? null : hostCheck.trim(), role, useSystemStore };
    const delay = nextDelay.current;
    nextDelay.current = SETTLE_MS;
    const timer = window.setTimeout(() => {
      setBusy(true);
      void call('inspect.input', request).then((answer) => {
        if (id !== latest.current) return;
        setBusy(false);
        if (answer.ok) {
          setResult({ report: answer.value, request });
          setError(null);
          setHostError(null);
        } else if (errorField(answer.error) === 'hostCheck') {
          setHostError(fieldMessage(answer.error));
        } else {
          setResult(null);
          setError(withoutField(answer.error));
        }
      });
    }, delay);
    return () => window.clearTimeout(timer);
  }, [source, password, hostCheck, role, useSystemStore, reload]);

  /** A new input: the previous report, error and password no longer apply. */
  const replaceInput = useCallback((next: InputSource | null, immediately: boolean) => {
    nextDelay.current = immediately ? 0 : SETTLE_MS;
    setSource(next);
    setPassword(null);
    setResult(null);
    setError(null);
  }, []);

  const setText = useCallback(
    (value: string) => {
      setTextState(value);
      const next = textSource(value);
      const refused = next ? sizeProblem(next.bytes, t('inspect:input.thePastedText')) : null;
      replaceInput(refused ? null : next, false);
      if (refused) setError(refused);
    },
    [replaceInput],
  );

  const loadFile = useCallback(
    async (file: File) => {
      const refused = sizeProblem(file.size, file.name || t('inspect:input.theFile'), INSPECT_MAX_BYTES);
      if (refused) {
        replaceInput(null, true);
        setTextState('');
        setError(refused);
        return;
      }
      try {
        const next = fileSource(file.name, new Uint8Array(await file.arrayBuffer()));
        setTextState(next.binary ? '' : next.content);
        replaceInput(next, true);
      } catch (e) {
        replaceInput(null, true);
        setError(t('inspect:input.unreadable', { name: file.name || t('inspect:input.theFile'), reason: e instanceof Error ? e.message : String(e) }));
      }
    },
    [replaceInput],
  );

  const clear = useCallback(() => {
    setTextState('');
    replaceInput(null, true);
  }, [replaceInput]);

  return {
    text,
    source,
    hostCheck,
    role,
    useSystemStore,
    busy,
    result,
    error,
    hostError,
    attempt,
    setText,
    loadFile,
    clear,
    setHostCheck: (value) => {
      nextDelay.current = SETTLE_MS;
      setHostCheckState(value);
    },
    setRole: (value) => {
      nextDelay.current = 0;
      setRoleState(value);
    },
    setUseSystemStore: (value) => {
      nextDelay.current = 0;
      setUseSystemStoreState(value);
    },
    submitPassword: (value) => {
      nextDelay.current = 0;
      setAttempt((a) => a + 1);
      setPassword(value);
      // The same wrong password twice is still an attempt worth answering.
      setReload((r) => r + 1);
    },
    rerun: () => {
      nextDelay.current = 0;
      setReload((r) => r + 1);
    },
  };
}
