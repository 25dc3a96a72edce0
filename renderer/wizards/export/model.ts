/**
 * The export wizard as pure data: where the bundle is going (which picks the format) → how the key
 * is protected → the configuration it comes with, Prove it, and Export. The user is asked where the
 * file goes, never which cipher: "a keystore for older systems" means PKCS#12 with 3DES and a SHA-1 MAC.
 */
import { pkcs12PasswordProblem, type ExportFormat, type Pkcs12Target } from '../../../shared/domain/export.js';
import { ExportRequest, type Input } from '../../../shared/ipc/contract.js';
import { addSchemaErrors, stepMachine, type Errors, type FormState, type NavAction } from '../shared/form.js';
import { t, wordOf } from '../../i18n/instance.js';
import type { SnippetView } from '../../../shared/domain/export.js';

export type DestinationId = 'folder' | 'zip' | 'p12-modern' | 'p12-legacy' | 'p7b' | 'der' | 'truststore';

/** What a destination does with the private key. */
export type KeyHandling = 'optional' | 'required' | 'never';

export interface Destination {
  readonly id: DestinationId;
  readonly title: string;
  /** Where it is used, in one line. */
  readonly hint: string;
  readonly format: ExportFormat;
  readonly target: Pkcs12Target;
  readonly key: KeyHandling;
  /** Writes README.txt and the configuration snippets beside the files. */
  readonly snippets: boolean;
  /** What lands on disk, for the review. */
  readonly files: string;
}

/** A destination's words are getters: read when shown, in the window's language at that moment. */
function worded(d: Omit<Destination, 'title' | 'hint' | 'files'>): Destination {
  return {
    ...d,
    get title() {
      return t(`exports:destination.${d.id}.title`);
    },
    get hint() {
      return t(`exports:destination.${d.id}.hint`);
    },
    get files() {
      return t(`exports:destination.${d.id}.files`);
    },
  };
}

export const DESTINATIONS: readonly Destination[] = [
  worded({
    id: 'folder',
    format: 'pem',
    target: 'modern',
    key: 'optional',
    snippets: true,
  }),
  worded({
    id: 'zip',
    format: 'zip',
    target: 'modern',
    key: 'optional',
    snippets: true,
  }),
  worded({
    id: 'p12-modern',
    format: 'p12',
    target: 'modern',
    key: 'required',
    snippets: false,
  }),
  worded({
    id: 'p12-legacy',
    format: 'p12',
    target: 'legacy',
    key: 'required',
    snippets: false,
  }),
  worded({
    id: 'p7b',
    format: 'p7b',
    target: 'modern',
    key: 'never',
    snippets: false,
  }),
  worded({
    id: 'der',
    format: 'der',
    target: 'modern',
    key: 'never',
    snippets: false,
  }),
  worded({
    id: 'truststore',
    format: 'truststore',
    target: 'modern',
    key: 'never',
    snippets: false,
  }),
];

export function destination(id: DestinationId): Destination {
  const found = DESTINATIONS.find((d) => d.id === id);
  if (!found) throw new Error(`Unknown export destination ${id}`);
  return found;
}

/** Why a destination cannot be chosen for this certificate, or null. */
export function unavailableReason(d: Destination, hasPrivateKey: boolean): string | null {
  return d.key === 'required' && !hasPrivateKey ? t('exports:needsKey') : null;
}

/** Titles are getters: worded when shown, in the window's language at that moment. */
export const STEPS = [
  {
    id: 'destination',
    get title() {
      return t('exports:steps.destination');
    },
  },
  {
    id: 'protection',
    get title() {
      return t('exports:steps.protection');
    },
  },
  {
    id: 'configuration',
    get title() {
      return t('exports:steps.configuration');
    },
  },
  {
    id: 'done',
    get title() {
      return t('exports:steps.done');
    },
  },
] as const;

export type StepId = (typeof STEPS)[number]['id'];
export type FieldKey = 'destination' | 'password' | 'confirm';

export const STEP_FIELDS: Readonly<Record<StepId, readonly FieldKey[]>> = {
  destination: ['destination'],
  protection: ['password', 'confirm'],
  configuration: [],
  done: [],
};

/** Shorter passwords are accepted (the user may have to match a system's rules) but warned about. */
export const RECOMMENDED_PASSWORD_LENGTH = 12;

export interface ExportState extends FormState<StepId, FieldKey> {
  readonly destination: DestinationId;
  readonly hasPrivateKey: boolean;
  /** Folder/zip only: include key.pem (or key.enc.pem). */
  readonly includeKey: boolean;
  /** Encrypts key.pem (folder/zip) or protects the PKCS#12. Held only until the wizard closes. */
  readonly password: string;
  readonly confirm: string;
}

export function initialState(hasPrivateKey: boolean): ExportState {
  return { step: 'destination', destination: 'folder', hasPrivateKey, includeKey: hasPrivateKey, password: '', confirm: '', touched: new Set(), serverErrors: {} };
}

/** Whether the key travels in this export. */
export function carriesKey(state: ExportState): boolean {
  const d = destination(state.destination);
  return state.hasPrivateKey && (d.key === 'required' || (d.key === 'optional' && state.includeKey));
}

/** Whether a password means anything for this export (a PKCS#12, or a key in a folder/zip). */
export function asksPassword(state: ExportState): boolean {
  return carriesKey(state);
}

export function toRequest(state: ExportState, id: string): Input<'certificate.export'> {
  const d = destination(state.destination);
  return { id, format: d.format, target: d.target, includeKey: carriesKey(state), password: asksPassword(state) && state.password !== '' ? state.password : null };
}

/** The wizard field for the input path main names in a refusal. */
export function fieldFromPath(path: string): FieldKey | undefined {
  if (path === 'password') return 'password';
  return path === 'format' || path === 'target' || path === 'includeKey' ? 'destination' : undefined;
}

function checkFields(state: ExportState): Errors<FieldKey> {
  const errors: Errors<FieldKey> = {};
  const d = destination(state.destination);
  const unavailable = unavailableReason(d, state.hasPrivateKey);
  if (unavailable) errors.destination = unavailable;
  if (asksPassword(state)) {
    const problem = d.format === 'p12' ? pkcs12PasswordProblem(d.target, state.password) : null;
    if (problem) errors.password = wordOf(problem);
    else if (state.password !== state.confirm) errors.confirm = t('exports:passwordsDiffer');
  }
  addSchemaErrors(errors, ExportRequest.safeParse(toRequest(state, '0'.repeat(32))), fieldFromPath);
  return errors;
}

export const machine = stepMachine<StepId, FieldKey, ExportState>({ steps: STEPS, fields: STEP_FIELDS, validate: checkFields });

/** A password shorter than recommended: a warning, not an error. */
export function passwordWarning(state: ExportState): string | null {
  if (!asksPassword(state) || state.password === '' || state.password.length >= RECOMMENDED_PASSWORD_LENGTH) return null;
  return t('exports:shortPassword', { count: RECOMMENDED_PASSWORD_LENGTH });
}

/** The command that decrypts key.enc.pem: the same in every language. */
export const DECRYPT_COMMAND = 'openssl pkey -in key.enc.pem -out key.pem';

/** What the protection step says about the key for the current choice. */
export function keyNote(state: ExportState): string {
  const d = destination(state.destination);
  if (!state.hasPrivateKey) return t('exports:keyNote.noKey');
  if (d.key === 'never') return t('exports:keyNote.never');
  if (d.key === 'required') return t('exports:keyNote.p12');
  if (!state.includeKey) return t('exports:keyNote.certificatesOnly');
  return state.password === '' ? t('exports:keyNote.plain') : t('exports:keyNote.encrypted', { command: DECRYPT_COMMAND });
}

export type ExportAction =
  | { readonly type: 'destination'; readonly value: DestinationId }
  | { readonly type: 'includeKey'; readonly value: boolean }
  | { readonly type: 'password'; readonly value: string }
  | { readonly type: 'confirm'; readonly value: string }
  | { readonly type: 'exported' }
  /** Export again, in another format: back to the first step, the password forgotten. */
  | { readonly type: 'restart' }
  | NavAction<StepId, FieldKey>;

export function exportReducer(state: ExportState, action: ExportAction): ExportState {
  switch (action.type) {
    case 'destination':
      return DESTINATIONS.some((d) => d.id === action.value) ? machine.edit(state, 'destination', { destination: action.value }) : state;
    case 'includeKey':
      return machine.edit(state, 'password', { includeKey: action.value && state.hasPrivateKey });
    case 'password':
      return machine.edit(state, 'password', { password: action.value });
    case 'confirm':
      return machine.edit(state, 'confirm', { confirm: action.value });
    case 'exported':
      // The password has done its job: drop it from memory.
      return { ...state, step: 'done', password: '', confirm: '' };
    case 'restart':
      return initialState(state.hasPrivateKey);
    default:
      return machine.navigate(state, action);
  }
}

/** The bundle snippets' titles in the window's language, by their id (main's English title for one this window does not know). */
const SNIPPET_TITLES = {
  'go-server': 'exports:snippetTitle.goServer',
  'go-server-reload': 'exports:snippetTitle.goServerReload',
  'go-client': 'exports:snippetTitle.goClient',
  'grpc-go-server': 'exports:snippetTitle.grpcGoServer',
  'grpc-go-client': 'exports:snippetTitle.grpcGoClient',
  nginx: 'exports:snippetTitle.nginx',
  'kubernetes-secret': 'exports:snippetTitle.kubernetesSecret',
  curl: 'exports:snippetTitle.curl',
  'openssl-s-client': 'exports:snippetTitle.opensslSClient',
} as const;

export function wordedBundleSnippets(snippets: readonly SnippetView[]): SnippetView[] {
  return snippets.map((s) => (s.id in SNIPPET_TITLES ? { ...s, title: t(SNIPPET_TITLES[s.id as keyof typeof SNIPPET_TITLES]) } : s));
}
