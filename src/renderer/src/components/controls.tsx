// The popover's controls, drawn like macOS's: push and link buttons, a segmented control, a pop-up
// button (a native select, so keyboard and screen readers work as they do everywhere) and a switch.
// Every view uses these instead of styling its own.
import type { ButtonHTMLAttributes, ReactNode, SelectHTMLAttributes } from 'react';
import { UpDownIcon } from './icons';

type ButtonVariant = 'push' | 'primary' | 'link' | 'icon';

export function Button({ variant = 'push', className, type = 'button', ...rest }: ButtonHTMLAttributes<HTMLButtonElement> & { variant?: ButtonVariant }) {
  const base = variant === 'link' ? 'link-button' : variant === 'icon' ? 'icon-button' : variant === 'primary' ? 'push-button primary' : 'push-button';
  return <button type={type} className={className ? `${base} ${className}` : base} {...rest} />;
}

export interface Segment<T extends string> {
  value: T;
  label: string;
}

/** A segmented control used as tabs: arrow keys move between segments, as in a Mac toolbar. */
export function SegmentedTabs<T extends string>({ label, segments, value, onChange }: { label: string; segments: readonly Segment<T>[]; value: T; onChange: (value: T) => void }) {
  const move = (from: number, step: number) => {
    const next = segments[(from + step + segments.length) % segments.length];
    if (next) onChange(next.value);
  };
  return (
    <div className="segmented" role="tablist" aria-label={label}>
      {segments.map((segment, index) => (
        <button
          key={segment.value}
          type="button"
          role="tab"
          id={`tab-${segment.value}`}
          aria-selected={segment.value === value}
          tabIndex={segment.value === value ? 0 : -1}
          className={segment.value === value ? 'segment active' : 'segment'}
          onClick={() => onChange(segment.value)}
          onKeyDown={(event) => {
            if (event.key === 'ArrowRight') move(index, 1);
            if (event.key === 'ArrowLeft') move(index, -1);
          }}
        >
          {segment.label}
        </button>
      ))}
    </div>
  );
}

/** A pop-up button: a native select with the Mac's up-down chevrons. */
export function PopUp({ className, children, ...rest }: SelectHTMLAttributes<HTMLSelectElement> & { children: ReactNode }) {
  return (
    <span className={className ? `popup ${className}` : 'popup'}>
      <select {...rest}>{children}</select>
      <UpDownIcon className="popup-chevrons" />
    </span>
  );
}

/** An on/off switch, announced as one. */
export function Switch({ label, checked, onChange, disabled }: { label: string; checked: boolean; onChange: (checked: boolean) => void; disabled?: boolean }) {
  return (
    <button type="button" role="switch" aria-checked={checked} aria-label={label} className="switch" disabled={disabled} onClick={() => onChange(!checked)}>
      <span className="switch-knob" />
    </button>
  );
}
