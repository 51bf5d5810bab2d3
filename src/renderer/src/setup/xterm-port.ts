// The one place that knows xterm.js: a Terminal.app-like terminal behind the TerminalPort, light or
// dark with the system.
import '@xterm/xterm/css/xterm.css';
import { FitAddon } from '@xterm/addon-fit';
import { Terminal, type ITheme } from '@xterm/xterm';
import type { TerminalPort } from './terminal-bridge';

// Terminal.app's "Basic" profile, with yellow darkened so it stays readable on white.
const MAC_LIGHT_THEME: ITheme = {
  background: '#ffffff',
  foreground: '#1d1d1f',
  cursor: '#1d1d1f',
  cursorAccent: '#ffffff',
  selectionBackground: 'rgba(10, 132, 255, 0.25)',
  scrollbarSliderBackground: 'rgba(0, 0, 0, 0.14)',
  scrollbarSliderHoverBackground: 'rgba(0, 0, 0, 0.26)',
  scrollbarSliderActiveBackground: 'rgba(0, 0, 0, 0.36)',
  black: '#000000',
  red: '#c23621',
  green: '#25a025',
  yellow: '#9a7b00',
  blue: '#492ee1',
  magenta: '#b536b5',
  cyan: '#1f9aa6',
  white: '#cbcccd',
  brightBlack: '#818383',
  brightRed: '#e5391f',
  brightGreen: '#2cb81f',
  brightYellow: '#b39800',
  brightBlue: '#5833ff',
  brightMagenta: '#d633d6',
  brightCyan: '#12b3b3',
  brightWhite: '#e9ebeb',
};

// Terminal.app's "Basic" profile in dark mode: the terminal follows the system appearance.
const MAC_DARK_THEME: ITheme = {
  ...MAC_LIGHT_THEME,
  background: '#1e1e1e',
  foreground: '#f2f2f2',
  cursor: '#f2f2f2',
  cursorAccent: '#1e1e1e',
  selectionBackground: 'rgba(94, 170, 255, 0.35)',
  scrollbarSliderBackground: 'rgba(255, 255, 255, 0.18)',
  scrollbarSliderHoverBackground: 'rgba(255, 255, 255, 0.3)',
  scrollbarSliderActiveBackground: 'rgba(255, 255, 255, 0.4)',
  black: '#000000',
  red: '#ff6b5b',
  green: '#3fd13f',
  yellow: '#e5c100',
  blue: '#7b8cff',
  magenta: '#e26ee2',
  cyan: '#4fd6e0',
  white: '#cbcccd',
  brightBlack: '#9a9c9c',
};

const DARK_QUERY = '(prefers-color-scheme: dark)';

function themeFor(dark: boolean): ITheme {
  return dark ? MAC_DARK_THEME : MAC_LIGHT_THEME;
}

export interface XtermPortOptions {
  /** A link the command printed (OSC 8) was clicked: only ever opened through the allow-listed openExternal. */
  onOpenLink: (url: string) => void;
}

export function createXtermPort(container: HTMLElement, options: XtermPortOptions): TerminalPort {
  const terminal = new Terminal({
    theme: themeFor(window.matchMedia?.(DARK_QUERY).matches ?? false),
    fontFamily: "'SF Mono', ui-monospace, Menlo, Monaco, monospace",
    fontSize: 12,
    lineHeight: 1.15,
    scrollback: 5000,
    // The pty already turns \n into \r\n; converting again would garble progress bars.
    convertEol: false,
    cursorBlink: true,
    // Output is untrusted: links go through our handler (never window.open), and http(s) only.
    linkHandler: { activate: (_event, url) => options.onOpenLink(url), allowNonHttpProtocols: false },
  });
  const fitAddon = new FitAddon();
  terminal.loadAddon(fitAddon);
  terminal.open(container);
  const appearance = window.matchMedia?.(DARK_QUERY);
  const followAppearance = (event: MediaQueryListEvent) => {
    terminal.options.theme = themeFor(event.matches);
  };
  appearance?.addEventListener?.('change', followAppearance);

  return {
    write: (data, onWritten) => terminal.write(data, onWritten),
    reset: () => terminal.reset(),
    focus: () => terminal.focus(),
    onInput: (listener) => {
      const subscription = terminal.onData(listener);
      return () => subscription.dispose();
    },
    fit: () => {
      const proposed = fitAddon.proposeDimensions();
      if (!proposed || !Number.isFinite(proposed.cols) || !Number.isFinite(proposed.rows)) return null;
      fitAddon.fit();
      return { cols: terminal.cols, rows: terminal.rows };
    },
    dispose: () => {
      appearance?.removeEventListener?.('change', followAppearance);
      terminal.dispose();
    },
  };
}
