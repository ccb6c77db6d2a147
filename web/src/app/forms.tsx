import { useId, type InputHTMLAttributes, type ReactNode, type SelectHTMLAttributes } from 'react';

export interface UserErrorShape {
  code: string;
  field?: string[] | null;
  message: string;
}

/** The userError that names this input field (`field` is the path into the mutation's input, e.g. ["input", "amount"]). */
export function errorFor(errors: UserErrorShape[] | undefined, ...names: string[]): string | undefined {
  return errors?.find((e) => e.field && names.some((n) => e.field!.join('.').endsWith(n)))?.message;
}

/** The userErrors no field claims: shown above the form's button. */
export function unclaimed(errors: UserErrorShape[] | undefined, claimed: string[]): UserErrorShape[] {
  return (errors ?? []).filter((e) => !e.field || !claimed.some((n) => e.field!.join('.').endsWith(n)));
}

type FieldProps = { label: string; error?: string; hint?: ReactNode } & InputHTMLAttributes<HTMLInputElement>;

/** A labelled input whose error and hint are announced with it (aria-describedby, aria-invalid). */
export function Field({ label, error, hint, id, ...input }: FieldProps) {
  const auto = useId();
  const inputId = id ?? auto;
  const describedBy = [hint ? `${inputId}-hint` : '', error ? `${inputId}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className="field">
      <label htmlFor={inputId}>{label}</label>
      <input id={inputId} aria-invalid={error ? true : undefined} aria-describedby={describedBy} {...input} />
      {hint && (
        <p className="hint" id={`${inputId}-hint`}>
          {hint}
        </p>
      )}
      {error && (
        <p className="field-error" id={`${inputId}-error`} role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

type SelectProps = { label: string; error?: string; children: ReactNode } & SelectHTMLAttributes<HTMLSelectElement>;

export function Select({ label, error, id, children, ...select }: SelectProps) {
  const auto = useId();
  const selectId = id ?? auto;
  return (
    <div className="field">
      <label htmlFor={selectId}>{label}</label>
      <select id={selectId} aria-invalid={error ? true : undefined} aria-describedby={error ? `${selectId}-error` : undefined} {...select}>
        {children}
      </select>
      {error && (
        <p className="field-error" id={`${selectId}-error`} role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

export function FormErrors({ errors }: { errors: (UserErrorShape | string)[] }) {
  if (errors.length === 0) return null;
  return (
    <div className="form-errors" role="alert">
      {errors.map((e, i) => (
        <p key={i}>{typeof e === 'string' ? e : e.message}</p>
      ))}
    </div>
  );
}

/** A fresh idempotency key: one per attempt at a money movement, reused only when the same attempt is retried. */
export function newIdempotencyKey(): string {
  // randomUUID exists only in secure contexts (https, localhost); a console opened over a LAN address is not one.
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}
