import { useId } from 'react';
import type { DeviceOption } from '../core/devices';

interface DeviceSelectProps {
  /** What the devices are ("Camera"); an unlabeled device is called by it and its place in the list. */
  label: string;
  options: readonly DeviceOption[];
  /** The chosen device id; `undefined` for the browser's default. */
  value: string | undefined;
  onChange: (deviceId: string | undefined) => void;
  disabled?: boolean;
}

/** A labelled list of devices of one kind, with the system default first. */
export function DeviceSelect({ label, options, value, onChange, disabled = false }: DeviceSelectProps) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select
        id={id}
        value={value ?? ''}
        disabled={disabled}
        onChange={(event) => onChange(event.target.value === '' ? undefined : event.target.value)}
      >
        <option value="">System default</option>
        {options.map((option, index) => (
          <option key={option.id} value={option.id}>
            {option.label === '' ? `${label} ${index + 1}` : option.label}
          </option>
        ))}
      </select>
    </div>
  );
}
