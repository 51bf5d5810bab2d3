// The app's icons: small inline SVGs drawn on a 16-point grid in the current text colour, in place of
// emoji and text glyphs (which render as empty boxes on some systems and ignore dark mode). No icon
// font is downloaded. Decorative unless given a label.
import type { ReactNode } from 'react';
import type { Severity } from '../../../core/api/schemas';

interface IconProps {
  /** Said by screen readers; without it the icon is decorative. */
  label?: string;
  className?: string;
}

function Svg({ label, className, children }: IconProps & { children: ReactNode }) {
  return (
    <svg
      className={`icon${className ? ` ${className}` : ''}`}
      viewBox="0 0 16 16"
      width="16"
      height="16"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.5"
      strokeLinecap="round"
      strokeLinejoin="round"
      role={label ? 'img' : undefined}
      aria-label={label}
      aria-hidden={label ? undefined : true}
      focusable="false"
    >
      {children}
    </svg>
  );
}

export const RefreshIcon = (p: IconProps) => (
  <Svg {...p}>
    <path d="M13.5 8a5.5 5.5 0 1 1-1.6-3.9" />
    <path d="M12.5 1.8v2.7H9.8" />
  </Svg>
);

export const ChevronDownIcon = (p: IconProps) => (
  <Svg {...p}>
    <path d="M4 6l4 4 4-4" />
  </Svg>
);

export const ChevronLeftIcon = (p: IconProps) => (
  <Svg {...p}>
    <path d="M10 3.5L5.5 8l4.5 4.5" />
  </Svg>
);

export const UpDownIcon = (p: IconProps) => (
  <Svg {...p}>
    <path d="M5 6.5L8 3.5l3 3M5 9.5l3 3 3-3" />
  </Svg>
);

export const WarningIcon = (p: IconProps) => (
  <Svg {...p}>
    <path d="M8 1.8L15 14H1z" />
    <path d="M8 6.2v3.6M8 11.8v.1" />
  </Svg>
);

export const CriticalIcon = (p: IconProps) => (
  <Svg {...p}>
    <path d="M5.3 1.5h5.4l3.8 3.8v5.4l-3.8 3.8H5.3l-3.8-3.8V5.3z" />
    <path d="M8 4.8v3.8M8 11v.1" />
  </Svg>
);

export const InfoIcon = (p: IconProps) => (
  <Svg {...p}>
    <circle cx="8" cy="8" r="6.5" />
    <path d="M8 7.2v4M8 4.8v.1" />
  </Svg>
);

export const CheckIcon = (p: IconProps) => (
  <Svg {...p}>
    <circle cx="8" cy="8" r="6.5" />
    <path d="M5.2 8.2l1.9 1.9 3.7-4" />
  </Svg>
);

export const MoonIcon = (p: IconProps) => (
  <Svg {...p}>
    <path d="M13.5 9.6A5.8 5.8 0 0 1 6.4 2.5a5.8 5.8 0 1 0 7.1 7.1z" />
  </Svg>
);

export const GaugeIcon = (p: IconProps) => (
  <Svg {...p}>
    <path d="M2.2 11.5a6 6 0 1 1 11.6 0" />
    <path d="M8 10l2.6-3.4" />
  </Svg>
);

export const PlugIcon = (p: IconProps) => (
  <Svg {...p}>
    <path d="M5.5 1.5v3M10.5 1.5v3M3.5 4.5h9v2.5a4.5 4.5 0 0 1-9 0zM8 11.5v3" />
  </Svg>
);

/** The menu-bar glyph: a card with a fan, as the tray icon draws it. */
export const EgpuGlyph = (p: IconProps) => (
  <Svg {...p}>
    <rect x="1.5" y="4" width="13" height="8" rx="1.5" />
    <circle cx="6" cy="8" r="2" />
    <path d="M10.5 6.5h2M10.5 9.5h2" />
  </Svg>
);

const SEVERITY_ICON = { critical: CriticalIcon, warning: WarningIcon, info: InfoIcon } as const;

export function SeverityIcon({ severity, label }: { severity: Severity; label?: string }) {
  const Icon = SEVERITY_ICON[severity];
  return <Icon className={`severity-${severity}`} label={label} />;
}
