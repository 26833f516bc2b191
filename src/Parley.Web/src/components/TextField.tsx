import { useId } from 'react';
import type { Ref } from 'react';

interface TextFieldProps {
  label: string;
  value: string;
  onChange: (value: string) => void;
  error: string | null;
  hint?: string;
  maxLength?: number;
  autoComplete?: string;
  inputRef?: Ref<HTMLInputElement>;
}

/** A labelled text input whose error is shown under it and announced with it. */
export function TextField({
  label,
  value,
  onChange,
  error,
  hint,
  maxLength,
  autoComplete = 'off',
  inputRef,
}: TextFieldProps) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hint === undefined ? null : hintId, error === null ? null : errorId]
    .filter((part) => part !== null)
    .join(' ');
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        ref={inputRef}
        type="text"
        value={value}
        onChange={(event) => onChange(event.target.value)}
        maxLength={maxLength}
        autoComplete={autoComplete}
        spellCheck={false}
        aria-invalid={error !== null}
        aria-describedby={describedBy === '' ? undefined : describedBy}
      />
      {hint !== undefined && (
        <p id={hintId} className="field__hint">
          {hint}
        </p>
      )}
      {error !== null && (
        <p id={errorId} className="field__error">
          {error}
        </p>
      )}
    </div>
  );
}
