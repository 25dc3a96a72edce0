/**
 * The step machine every wizard shares, as pure data: which step is showing, which fields the user
 * has touched (only their errors are shown), errors main reported per field, and the moves between
 * steps ("Next" only when the step's own fields are valid; "goto" never skips an invalid step).
 * A wizard brings its steps, which fields each step owns and a validate function; no React here.
 */
import { t } from '../../i18n/instance.js';

export type Errors<F extends string> = Partial<Record<F, string>>;

export interface StepDef<S extends string> {
  readonly id: S;
  readonly title: string;
}

export interface FormState<S extends string, F extends string> {
  readonly step: S;
  /** Fields whose errors are shown: edited, or covered by an attempt to go on. */
  readonly touched: ReadonlySet<F>;
  /** Errors main reported for a field (INVALID_INPUT), shown until the field is edited. */
  readonly serverErrors: Readonly<Errors<F>>;
}

export type NavAction<S extends string, F extends string> =
  | { readonly type: 'touch'; readonly field: F }
  | { readonly type: 'next' }
  | { readonly type: 'back' }
  | { readonly type: 'goto'; readonly step: S }
  /** Main refused the request: remember its message on the field and go to that field's step. */
  | { readonly type: 'serverError'; readonly field: F; readonly message: string };

export interface StepSpec<S extends string, F extends string, T extends FormState<S, F>> {
  readonly steps: ReadonlyArray<StepDef<S>>;
  /** Which fields each step owns: "Next" is allowed when these are valid. */
  readonly fields: Readonly<Record<S, readonly F[]>>;
  /** Every field's first problem. */
  readonly validate: (state: T) => Errors<F>;
}

export interface StepMachine<S extends string, F extends string, T extends FormState<S, F>> {
  readonly steps: ReadonlyArray<StepDef<S>>;
  readonly fields: Readonly<Record<S, readonly F[]>>;
  index(step: S): number;
  /** validate() plus main's errors for fields validate() finds nothing wrong with. */
  errors(state: T): Errors<F>;
  /** The errors worth showing now: only for touched fields. */
  visible(state: T): Errors<F>;
  stepErrors(state: T, step: S): Errors<F>;
  canLeave(state: T, step: S): boolean;
  firstStepWithError(errors: Errors<F>): S | undefined;
  /** A field changed: it is touched now and main's old complaint about it is forgotten. */
  edit(state: T, field: F, patch: Partial<T>): T;
  navigate(state: T, action: NavAction<S, F>): T;
}

export function stepMachine<S extends string, F extends string, T extends FormState<S, F>>(spec: StepSpec<S, F, T>): StepMachine<S, F, T> {
  const { steps, fields } = spec;
  const index = (step: S) => steps.findIndex((s) => s.id === step);

  function errors(state: T): Errors<F> {
    const all: Errors<F> = { ...spec.validate(state) };
    for (const [field, message] of Object.entries(state.serverErrors) as Array<[F, string | undefined]>) {
      if (message !== undefined && all[field] === undefined) all[field] = message;
    }
    return all;
  }

  function visible(state: T): Errors<F> {
    const all = errors(state);
    const shown: Errors<F> = {};
    for (const field of state.touched) if (all[field] !== undefined) shown[field] = all[field];
    return shown;
  }

  function stepErrors(state: T, step: S): Errors<F> {
    const all = errors(state);
    const own: Errors<F> = {};
    for (const field of fields[step]) if (all[field] !== undefined) own[field] = all[field];
    return own;
  }

  const canLeave = (state: T, step: S) => Object.keys(stepErrors(state, step)).length === 0;

  const firstStepWithError = (errs: Errors<F>): S | undefined => steps.find((s) => fields[s.id].some((f) => errs[f] !== undefined))?.id;

  function edit(state: T, field: F, patch: Partial<T>): T {
    const touched = new Set(state.touched);
    touched.add(field);
    const serverErrors = { ...state.serverErrors };
    delete serverErrors[field];
    return { ...state, ...patch, touched, serverErrors };
  }

  function navigate(state: T, action: NavAction<S, F>): T {
    switch (action.type) {
      case 'touch': {
        if (state.touched.has(action.field)) return state;
        const touched = new Set(state.touched);
        touched.add(action.field);
        return { ...state, touched };
      }
      case 'next': {
        // Trying to go on shows every problem of this step at once.
        const touched = new Set([...state.touched, ...fields[state.step]]);
        if (!canLeave(state, state.step)) return { ...state, touched };
        const next = steps[index(state.step) + 1];
        return next ? { ...state, touched, step: next.id } : { ...state, touched };
      }
      case 'back': {
        const previous = steps[index(state.step) - 1];
        return previous ? { ...state, step: previous.id } : state;
      }
      case 'goto':
        // Only backwards, or forwards over steps that are complete.
        for (const s of steps.slice(0, index(action.step))) if (!canLeave(state, s.id)) return state;
        return { ...state, step: action.step };
      case 'serverError': {
        const serverErrors = { ...state.serverErrors, [action.field]: action.message };
        const touched = new Set([...state.touched, action.field]);
        const step = firstStepWithError({ [action.field]: action.message } as Errors<F>) ?? state.step;
        return { ...state, serverErrors, touched, step };
      }
    }
  }

  return { steps, fields, index, errors, visible, stepErrors, canLeave, firstStepWithError, edit, navigate };
}

// ---- Numbers and dates typed as text ---------------------------------------------------------

const WHOLE_NUMBER = /^\s*\d+\s*$/;

export function isWholeNumber(text: string): boolean {
  return WHOLE_NUMBER.test(text);
}

/** Parses raw text typed into a number field; NaN when it is not a whole number. */
export function parseWholeNumber(text: string): number {
  return WHOLE_NUMBER.test(text) ? Number(text.trim()) : Number.NaN;
}

/** The whole number of days typed, when it lies within the range; undefined otherwise. */
export function daysWithin(text: string, range: { readonly min: number; readonly max: number }): number | undefined {
  const days = parseWholeNumber(text);
  return Number.isInteger(days) && days >= range.min && days <= range.max ? days : undefined;
}

/** The problem with a validity in days as typed, before the schema looks at the number. */
export function validityDaysError(text: string): string | undefined {
  if (isWholeNumber(text)) return undefined;
  return text.trim() === '' ? t('wizard:validity.enterDays') : t('wizard:validity.wholeDays');
}

export const DAY_MS = 24 * 60 * 60 * 1000;

export function addDays(from: Date, days: number): Date {
  return new Date(from.getTime() + days * DAY_MS);
}

// ---- Main's schema as a second opinion -------------------------------------------------------

/** What a schema's safeParse returns, as far as the forms read it. */
export interface SchemaCheck {
  readonly success: boolean;
  readonly error?: { readonly issues: ReadonlyArray<{ readonly path: ReadonlyArray<PropertyKey>; readonly message: string }> } | undefined;
}

/** Adds each schema issue to the field its path names, unless that field already has a problem. */
export function addSchemaErrors<F extends string>(errors: Errors<F>, parsed: SchemaCheck, fieldFromPath: (path: string) => F | undefined): Errors<F> {
  if (parsed.success) return errors;
  for (const issue of parsed.error?.issues ?? []) {
    const field = fieldFromPath(issue.path.map(String).join('.'));
    if (field && errors[field] === undefined) errors[field] = issue.message;
  }
  return errors;
}
