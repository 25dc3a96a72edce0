import { useDeferredValue, useMemo, useRef, useState, type Ref } from 'react';
import type { PolicyView } from '../../../shared/domain/service-identity.js';
import { parsePolicy, type PolicyProblem } from '../../../shared/domain/service-policy.js';
import { formatDateTime } from '../../app/format.js';
import { ErrorAlert, Notice } from '../../components/Alert.js';
import { Button } from '../../components/Button.js';
import { Icon } from '../../components/Icon.js';
import { call, fieldMessage, type IpcError } from '../../ipc/client.js';
import { InlineConfirm } from './InlineConfirm.js';
import { isEmptyPolicy, lineColumnAt, offsetOf, starterAdditionsText, starterPolicy } from './model.js';

interface PolicyEditorProps {
  readonly view: PolicyView;
  /** Services the vault has client certificates for (the starter example names them too). */
  readonly knownServices: readonly string[];
  /** main stored a new policy (saved or imported). */
  readonly onStored: (view: PolicyView) => void;
  /** The text being edited, for the views that depend on it. */
  readonly onDraftChange?: (dirty: boolean) => void;
}

/** Lines in the text (a final newline does not start one more). */
function countLines(text: string): number {
  let n = 1;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return text.endsWith('\n') ? n - 1 : n;
}

/** Numbers beside the text, scrolled with it; lines with a problem in red. Past a few thousand lines, none. */
function LineNumbers({ ref, count, errorLines }: { readonly ref: Ref<HTMLDivElement>; readonly count: number; readonly errorLines: ReadonlySet<number> }) {
  const shown = count > 5000 ? 0 : count;
  return (
    <div ref={ref} className="svc-gutter" aria-hidden="true">
      {Array.from({ length: shown }, (_, i) => (
        <span key={i} className={errorLines.has(i + 1) ? 'is-error' : undefined}>
          {i + 1}
        </span>
      ))}
    </div>
  );
}

function Problems({ problems, onJump }: { readonly problems: readonly PolicyProblem[]; readonly onJump: (p: PolicyProblem) => void }) {
  return (
    <div className="svc-problems" aria-live="polite">
      <p className="svc-problems-title">
        <Icon name="alert" size={16} /> {problems.length === 1 ? '1 problem' : `${problems.length} problems`}: the policy cannot be saved as it is
      </p>
      <ul aria-label="Problems in the policy">
        {problems.slice(0, 50).map((p) => (
          <li key={`${p.line}:${p.column}:${p.message}`}>
            <button type="button" className="link svc-problem-at" onClick={() => onJump(p)}>
              Line {p.line}, column {p.column}
            </button>
            : {p.message}
          </li>
        ))}
      </ul>
      {problems.length > 50 ? <p className="muted">…and {problems.length - 50} more.</p> : null}
    </div>
  );
}

/** service-policy.json as text: checked as you type with the parser main uses, saved, imported, exported. */
export function PolicyEditor({ view, knownServices, onStored, onDraftChange }: PolicyEditorProps) {
  const [draft, setDraftState] = useState(view.text);
  const [caret, setCaret] = useState({ line: 1, column: 1 });
  const [busy, setBusy] = useState<'save' | 'import' | 'export' | null>(null);
  const [error, setError] = useState<{ readonly title: string; readonly error: IpcError } | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [confirmImport, setConfirmImport] = useState(false);
  const area = useRef<HTMLTextAreaElement>(null);
  const gutter = useRef<HTMLDivElement>(null);

  // Parsed off the typing path: a large policy must not make each keystroke wait.
  const deferred = useDeferredValue(draft);
  const parsed = useMemo(() => parsePolicy(deferred), [deferred]);
  const dirty = draft !== view.text;
  const lineCount = useMemo(() => countLines(deferred), [deferred]);
  const errorLines = useMemo(() => new Set(parsed.ok ? [] : parsed.problems.map((p) => p.line)), [parsed]);

  function setDraft(text: string) {
    setDraftState(text);
    setMessage(null);
    onDraftChange?.(text !== view.text);
  }

  function trackCaret() {
    const el = area.current;
    if (el) setCaret(lineColumnAt(el.value, el.selectionStart));
  }

  function jump(p: PolicyProblem) {
    const el = area.current;
    if (!el) return;
    const at = offsetOf(el.value, p.line, p.column);
    el.focus();
    el.setSelectionRange(at, at);
    setCaret({ line: p.line, column: at - offsetOf(el.value, p.line, 1) + 1 });
  }

  function stored(next: PolicyView, words: string) {
    setDraftState(next.text);
    setCaret({ line: 1, column: 1 });
    onDraftChange?.(false);
    setMessage(words);
    onStored(next);
  }

  async function save() {
    setBusy('save');
    setError(null);
    setMessage(null);
    const result = await call('policy.save', { text: draft });
    setBusy(null);
    if (!result.ok) return setError({ title: 'The policy was not saved', error: { ...result.error, message: fieldMessage(result.error) } });
    stored(result.value, `Saved: ${result.value.services === 1 ? '1 service' : `${result.value.services} services`}.`);
  }

  async function importPolicy() {
    setConfirmImport(false);
    setBusy('import');
    setError(null);
    setMessage(null);
    const result = await call('policy.import', {});
    setBusy(null);
    if (!result.ok) return setError({ title: 'The policy was not imported', error: { ...result.error, message: fieldMessage(result.error) } });
    if (result.value === null) return; // the dialog was closed
    stored(result.value, `Imported and saved: ${result.value.services === 1 ? '1 service' : `${result.value.services} services`}.`);
  }

  async function exportPolicy() {
    setBusy('export');
    setError(null);
    setMessage(null);
    const result = await call('policy.export', {});
    setBusy(null);
    if (!result.ok) return setError({ title: 'The policy was not exported', error: result.error });
    if (!result.value.cancelled) setMessage(`Saved the policy to ${result.value.paths.join(', ')}`);
  }

  const showStarter = view.services === 0 && isEmptyPolicy(draft);
  return (
    <section className="card svc-form svc-policy" aria-labelledby="policy-editor-title">
      <div className="svc-detail-head">
        <div>
          <h3 id="policy-editor-title" className="section-title">
            service-policy.json {dirty ? <span className="tag tag-soon">Unsaved changes</span> : null}
          </h3>
          <p className="field-hint">
            Which service may call which action of which other service: <code>{'"caller": { "calls": ["service:action"] }'}</code>, and optionally <code>"tokenMinutes"</code>. Every service called must be
            declared.{view.updatedAt ? ` Last saved ${formatDateTime(view.updatedAt)}.` : ' Never saved.'}
          </p>
        </div>
        <div className="button-row">
          <Button busy={busy === 'import'} disabled={busy !== null} onClick={() => (dirty ? setConfirmImport(true) : void importPolicy())}>
            Import…
          </Button>
          <Button busy={busy === 'export'} disabled={busy !== null} onClick={() => void exportPolicy()}>
            Export…
          </Button>
        </div>
      </div>
      {confirmImport ? (
        <InlineConfirm title="Import over your unsaved changes?" confirmLabel="Import…" busy={false} onConfirm={() => void importPolicy()} onCancel={() => setConfirmImport(false)}>
          <p>Importing stores the file&rsquo;s policy at once and replaces what you are editing here.</p>
        </InlineConfirm>
      ) : null}
      {showStarter ? (
        <Notice>
          <p className="alert-title">The policy is empty: no service may call another yet</p>
          <p>Start from an example — an order service that charges payments and reserves stock — and rename the services to yours{starterAdditionsText(knownServices)}.</p>
          <Button onClick={() => setDraft(starterPolicy(knownServices))}>Insert example</Button>
        </Notice>
      ) : null}
      <div className={parsed.ok ? 'field' : 'field has-error'}>
        <label htmlFor="policy-text" className="field-label">
          Policy text
        </label>
        <div className="svc-editor">
          <LineNumbers ref={gutter} count={lineCount} errorLines={errorLines} />
          <textarea
            ref={area}
            id="policy-text"
            className="input textarea svc-mono svc-policy-text"
            rows={Math.min(Math.max(lineCount + 1, 10), 28)}
            wrap="off"
            onScroll={(e) => {
              if (gutter.current) gutter.current.scrollTop = e.currentTarget.scrollTop;
            }}
            value={draft}
            onChange={(e) => {
              setDraft(e.target.value);
              setCaret(lineColumnAt(e.target.value, e.target.selectionStart));
            }}
            onSelect={trackCaret}
            onKeyUp={trackCaret}
            onClick={trackCaret}
            spellCheck={false}
            autoComplete="off"
            aria-invalid={parsed.ok ? undefined : true}
            aria-describedby="policy-caret policy-validity"
          />
        </div>
        <p id="policy-caret" className="field-hint svc-caret" aria-live="off">
          Cursor at line {caret.line}, column {caret.column}
        </p>
      </div>
      <div id="policy-validity">
        {parsed.ok ? (
          <p className="svc-valid" role="status">
            <Icon name="check" size={16} /> Valid: {Object.keys(parsed.policy.services).length === 1 ? '1 service' : `${Object.keys(parsed.policy.services).length} services`}
          </p>
        ) : (
          <Problems problems={parsed.problems} onJump={jump} />
        )}
      </div>
      {error ? <ErrorAlert error={error.error} title={error.title} /> : null}
      {message ? (
        <Notice tone="success">
          <p>{message}</p>
        </Notice>
      ) : null}
      <div className="actions">
        {dirty ? (
          <Button variant="ghost" disabled={busy !== null} onClick={() => setDraft(view.text)}>
            Discard changes
          </Button>
        ) : null}
        <Button variant="primary" busy={busy === 'save'} disabled={!dirty || busy !== null} onClick={() => void save()}>
          Save policy
        </Button>
      </div>
    </section>
  );
}
