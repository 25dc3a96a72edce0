/**
 * The IPC contract: the single source of truth for every channel between renderer and main.
 * Each channel names a zod schema for its input (validated in main) and the type of its output.
 * The main-side handler table, the preload's client and the renderer's `window.certwright` type
 * are all derived from this object.
 */
import { z } from 'zod';
import type { AuthorityDetail, AuthoritySummary } from '../domain/authority.js';
import { DEFAULT_KEY_ALGORITHM, KEY_ALGORITHMS } from '../domain/keys.js';
import type { VaultStatus } from '../domain/vault.js';
import { Passphrase, PassphraseAttempt } from '../validation/passphrase.js';
import { SubjectInput } from '../validation/subject.js';
import { CHANNEL_NAMES, EVENT_NAMES, type ChannelName, type EventName as EventNameFromList } from './channels.js';
import type { Result } from './errors.js';

/** Correlates a long operation with its progress events; chosen by the renderer. */
export const OperationId = z.string().regex(/^[A-Za-z0-9-]{1,64}$/, 'Operation id must be 1-64 letters, digits or dashes');

const RecordId = z.string().regex(/^[0-9a-f]{32}$/, 'Not a record id');

export const ROOT_VALIDITY_DAYS = { default: 3650, min: 1, max: 30 * 365 } as const;
export const MAX_PATH_LENGTH = 8;

export const NewRootAuthority = z.object({
  subject: SubjectInput,
  keyAlgorithm: z.enum(KEY_ALGORITHMS).default(DEFAULT_KEY_ALGORITHM),
  validityDays: z
    .number()
    .int('Validity must be a whole number of days')
    .min(ROOT_VALIDITY_DAYS.min, `Validity must be at least ${ROOT_VALIDITY_DAYS.min} day`)
    .max(ROOT_VALIDITY_DAYS.max, `Validity can be at most ${ROOT_VALIDITY_DAYS.max} days (30 years)`)
    .default(ROOT_VALIDITY_DAYS.default),
  /** null: no path length constraint. */
  pathLength: z
    .number()
    .int()
    .min(0, 'Path length cannot be negative')
    .max(MAX_PATH_LENGTH, `Path length can be at most ${MAX_PATH_LENGTH}`)
    .nullable()
    .default(null),
  operationId: OperationId.optional(),
});

const Empty = z.object({}).strict();

/** Declares a channel: its input schema and (as a phantom) its output type. */
function channel<O>() {
  return <I extends z.ZodType>(input: I) => ({ input, output: undefined as unknown as O });
}

export const contract = {
  'vault.status': channel<VaultStatus>()(Empty),
  'vault.create': channel<VaultStatus>()(z.object({ passphrase: Passphrase }).strict()),
  'vault.unlock': channel<VaultStatus>()(z.object({ passphrase: PassphraseAttempt }).strict()),
  'vault.lock': channel<VaultStatus>()(Empty),
  'authority.list': channel<AuthoritySummary[]>()(Empty),
  'authority.get': channel<AuthorityDetail>()(z.object({ id: RecordId }).strict()),
  'authority.createRoot': channel<AuthoritySummary>()(NewRootAuthority.strict()),
} as const;

export type Contract = typeof contract;
export type Channel = keyof Contract;
export const CHANNELS: readonly Channel[] = CHANNEL_NAMES;

/** Compile-time proof that `channels.ts` lists exactly the contract's channels and events. */
type SameKeys<A extends PropertyKey, B extends PropertyKey> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
export const CHANNEL_LIST_MATCHES_CONTRACT: SameKeys<Channel, ChannelName> = true;

/** What the renderer sends (defaults may be omitted). */
export type Input<C extends Channel> = z.input<Contract[C]['input']>;
/** What a handler receives, after validation and defaults. */
export type ValidInput<C extends Channel> = z.output<Contract[C]['input']>;
export type Output<C extends Channel> = Contract[C]['output'];

export function isChannel(name: unknown): name is Channel {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(contract, name);
}

// ---- Events: main → renderer -------------------------------------------------------------

export const OperationProgress = z.object({
  operationId: OperationId,
  /** Short, human words: "Generating RSA 4096 key". */
  step: z.string(),
  /** Steps completed so far and their total: a determinate bar. */
  done: z.number().int().min(0),
  total: z.number().int().min(1),
});

export const events = {
  'operation.progress': OperationProgress,
} as const;

export type EventName = keyof typeof events;
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>;
export const EVENT_LIST_MATCHES_CONTRACT: SameKeys<EventName, EventNameFromList> = true;
export { EVENT_NAMES };
export { isEventName } from './channels.js';

// ---- The renderer's view: window.certwright -------------------------------------------------

export type CertwrightApi = {
  readonly [C in Channel]: (input: Input<C>) => Promise<Result<Output<C>>>;
} & {
  /** Subscribe to an event; returns the function that unsubscribes. */
  readonly on: <E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void) => () => void;
};
