import type { ChangeEvent, InputHTMLAttributes, ReactNode, Ref, SelectHTMLAttributes, TextareaHTMLAttributes } from 'react';
import { useT } from '../i18n/use-t.js';

interface FieldShellProps {
  readonly id: string;
  readonly label: string;
  readonly hint?: ReactNode;
  readonly error?: string | undefined;
  readonly optional?: boolean;
  readonly children: ReactNode;
  readonly className?: string;
}

/** Label, control, hint and error, wired together for assistive technology. */
export function FieldShell({ id, label, hint, error, optional, children, className }: FieldShellProps) {
  const t = useT();
  return (
    <div className={['field', error ? 'has-error' : '', className ?? ''].filter(Boolean).join(' ')}>
      <label htmlFor={id} className="field-label">
        {label}
        {optional ? <span className="field-optional"> {t('common:word.optional')}</span> : null}
      </label>
      {children}
      {hint ? (
        <p id={`${id}-hint`} className="field-hint">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className="field-error">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** The aria-describedby value for a control inside a {@link FieldShell}. */
export function describedBy(id: string, hint: unknown, error: unknown): string | undefined {
  const ids = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean);
  return ids.length > 0 ? ids.join(' ') : undefined;
}

/** The props every control inside a {@link FieldShell} takes: id, value, change and the ARIA wiring. */
function controlProps(id: string, value: string, onValueChange: (value: string) => void, hint: unknown, error: string | undefined) {
  return {
    id,
    value,
    onChange: (e: ChangeEvent<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>) => onValueChange(e.target.value),
    'aria-invalid': error ? true : undefined,
    'aria-describedby': describedBy(id, hint, error),
  } as const;
}

/** What a labelled field takes besides its control's own attributes. */
interface FieldProps {
  readonly id: string;
  readonly label: string;
  readonly value: string;
  readonly onValueChange: (value: string) => void;
  readonly hint?: ReactNode;
  readonly error?: string | undefined;
  /** Class of the field around the control (the control's own is className). */
  readonly fieldClassName?: string;
}

export interface TextFieldProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'onChange' | 'value' | 'id'>, FieldProps {
  readonly optional?: boolean;
  readonly ref?: Ref<HTMLInputElement>;
}

export function TextField({ id, label, value, onValueChange, hint, error, optional, fieldClassName, className, ref, ...rest }: TextFieldProps) {
  return (
    <FieldShell id={id} label={label} hint={hint} error={error} optional={optional ?? false} {...(fieldClassName ? { className: fieldClassName } : {})}>
      <input {...rest} ref={ref} {...controlProps(id, value, onValueChange, hint, error)} className={['input', className ?? ''].filter(Boolean).join(' ')} spellCheck={false} />
    </FieldShell>
  );
}

export interface TextAreaFieldProps extends Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'onChange' | 'value' | 'id'>, FieldProps {
  readonly optional?: boolean;
  readonly ref?: Ref<HTMLTextAreaElement>;
}

export function TextAreaField({ id, label, value, onValueChange, hint, error, optional, fieldClassName, className, ref, ...rest }: TextAreaFieldProps) {
  return (
    <FieldShell id={id} label={label} hint={hint} error={error} optional={optional ?? false} {...(fieldClassName ? { className: fieldClassName } : {})}>
      <textarea {...rest} ref={ref} {...controlProps(id, value, onValueChange, hint, error)} className={['input', 'textarea', className ?? ''].filter(Boolean).join(' ')} spellCheck={false} />
    </FieldShell>
  );
}

export interface SelectFieldProps extends Omit<SelectHTMLAttributes<HTMLSelectElement>, 'onChange' | 'value' | 'id'>, FieldProps {
  readonly options: ReadonlyArray<{ readonly value: string; readonly label: string; readonly disabled?: boolean }>;
  readonly placeholder?: string;
}

export function SelectField({ id, label, value, onValueChange, options, placeholder, hint, error, fieldClassName, className, ...rest }: SelectFieldProps) {
  return (
    <FieldShell id={id} label={label} hint={hint} error={error} {...(fieldClassName ? { className: fieldClassName } : {})}>
      <select {...rest} {...controlProps(id, value, onValueChange, hint, error)} className={['input', 'select', className ?? ''].filter(Boolean).join(' ')}>
        {placeholder !== undefined ? (
          <option value="" disabled>
            {placeholder}
          </option>
        ) : null}
        {options.map((o) => (
          <option key={o.value} value={o.value} disabled={o.disabled}>
            {o.label}
          </option>
        ))}
      </select>
    </FieldShell>
  );
}
