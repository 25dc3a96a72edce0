/**
 * The export wizard as pure data: where the bundle is going (which picks the format) → how the key
 * is protected → the configuration it comes with, Prove it, and Export. The user is asked where the
 * file goes, never which cipher: "a keystore for older systems" means PKCS#12 with 3DES and a SHA-1 MAC.
 */
import { pkcs12PasswordProblem, type ExportFormat, type Pkcs12Target } from '../../../shared/domain/export.js';
import { ExportRequest, type Input } from '../../../shared/ipc/contract.js';
import { addSchemaErrors, stepMachine, type Errors, type FormState, type NavAction } from '../shared/form.js';

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

export const DESTINATIONS: readonly Destination[] = [
  {
    id: 'folder',
    title: 'A folder of PEM files',
    hint: 'For Go, gRPC, nginx, Kubernetes, curl and most Linux services. Comes with ready configuration and a README.',
    format: 'pem',
    target: 'modern',
    key: 'optional',
    snippets: true,
    files: 'cert.pem, key.pem, chain.pem, ca.pem, fullchain.pem, cert.der, README.txt and snippets/',
  },
  {
    id: 'zip',
    title: 'One .zip to hand over',
    hint: 'The same folder in a single file, for a ticket or a colleague.',
    format: 'zip',
    target: 'modern',
    key: 'optional',
    snippets: true,
    files: 'a .zip holding the PEM folder, README.txt and snippets/',
  },
  {
    id: 'p12-modern',
    title: 'A keystore for current systems',
    hint: 'macOS Keychain, Windows, Java 11+, OpenSSL 3, Node and browsers. PKCS#12 with AES-256 and a SHA-256 integrity check.',
    format: 'p12',
    target: 'modern',
    key: 'required',
    snippets: false,
    files: 'one .p12 file with the key, the certificate and its chain',
  },
  {
    id: 'p12-legacy',
    title: 'A keystore for older systems',
    hint: 'Java 8, Windows Server 2016 and older, older macOS keychains and appliances. PKCS#12 with 3DES and SHA-1, which they still require.',
    format: 'p12',
    target: 'legacy',
    key: 'required',
    snippets: false,
    files: 'one .p12 file with the key, the certificate and its chain',
  },
  {
    id: 'p7b',
    title: 'The certificate chain as PKCS#7',
    hint: 'A .p7b for Windows certificate stores, IIS and Java keytool. Certificates only, no key.',
    format: 'p7b',
    target: 'modern',
    key: 'never',
    snippets: false,
    files: 'one .p7b file: the certificate, its intermediates and the root',
  },
  {
    id: 'der',
    title: 'The certificate alone, binary',
    hint: 'A DER (.der / .cer) file for tools that take one certificate. No chain, no key.',
    format: 'der',
    target: 'modern',
    key: 'never',
    snippets: false,
    files: 'one .der file',
  },
  {
    id: 'truststore',
    title: 'Only the CA certificates',
    hint: 'For the other side: what a peer needs to trust this certificate (ca.pem, chain.pem). Nothing secret.',
    format: 'truststore',
    target: 'modern',
    key: 'never',
    snippets: false,
    files: 'ca.pem, chain.pem and README.txt',
  },
];

export function destination(id: DestinationId): Destination {
  const found = DESTINATIONS.find((d) => d.id === id);
  if (!found) throw new Error(`Unknown export destination ${id}`);
  return found;
}

/** Why a destination cannot be chosen for this certificate, or null. */
export function unavailableReason(d: Destination, hasPrivateKey: boolean): string | null {
  return d.key === 'required' && !hasPrivateKey ? 'Needs the private key, which Certwright does not hold for a certificate signed from a CSR' : null;
}

export const STEPS = [
  { id: 'destination', title: 'Destination' },
  { id: 'protection', title: 'Key protection' },
  { id: 'configuration', title: 'Configuration & proof' },
  { id: 'done', title: 'Exported' },
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
    if (problem) errors.password = problem;
    else if (state.password !== state.confirm) errors.confirm = 'The two passwords differ';
  }
  addSchemaErrors(errors, ExportRequest.safeParse(toRequest(state, '0'.repeat(32))), fieldFromPath);
  return errors;
}

export const machine = stepMachine<StepId, FieldKey, ExportState>({ steps: STEPS, fields: STEP_FIELDS, validate: checkFields });

/** A password shorter than recommended: a warning, not an error. */
export function passwordWarning(state: ExportState): string | null {
  if (!asksPassword(state) || state.password === '' || state.password.length >= RECOMMENDED_PASSWORD_LENGTH) return null;
  return `Shorter than ${RECOMMENDED_PASSWORD_LENGTH} characters: anyone who gets the file can try passwords offline. Use a longer one unless the receiving system limits it.`;
}

/** What the protection step says about the key for the current choice. */
export function keyNote(state: ExportState): string {
  const d = destination(state.destination);
  if (!state.hasPrivateKey) return 'Certwright does not hold this certificate’s private key (it was signed from a CSR): the export carries certificates only.';
  if (d.key === 'never') return 'This format carries no private key: nothing secret is written.';
  if (d.key === 'required') return 'The PKCS#12 file carries the private key, protected by this password. It is used once and never stored.';
  if (!state.includeKey) return 'Certificates only: the private key stays sealed in the vault.';
  return state.password === ''
    ? 'key.pem is written unencrypted (mode 0600), as Go, nginx and Kubernetes read it. Give a password to write key.enc.pem (PKCS#8, AES-256) instead.'
    : 'The key is written as key.enc.pem (PKCS#8, AES-256-CBC, PBKDF2-SHA256). Decrypt it where it is used: openssl pkey -in key.enc.pem -out key.pem. The password is never stored.';
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
