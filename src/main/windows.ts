// Our two windows: the popover under the menu-bar icon and the setup wizard. Every window is built
// from secureWebPreferences() and guarded by security.ts before it loads anything.
import type { BrowserWindow, BrowserWindowConstructorOptions, WebPreferences } from 'electron';
import { routeUrl, type AppRoute, type RendererEntry } from './app-origin';
import { guardWebContents, type SpeedSection } from './security';

export const POPOVER_SIZE = { width: 380, height: 560 } as const;
export const SETUP_WINDOW_SIZE = { width: 980, height: 720 } as const;

/** The only webPreferences our windows use; a unit test pins every value. */
export function secureWebPreferences(preloadPath: string): WebPreferences {
  return {
    preload: preloadPath,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    spellcheck: false,
  };
}

export function popoverWindowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    width: POPOVER_SIZE.width,
    height: POPOVER_SIZE.height,
    show: false,
    frame: false,
    resizable: false,
    movable: false,
    minimizable: false,
    maximizable: false,
    fullscreenable: false,
    skipTaskbar: true,
    alwaysOnTop: true,
    hasShadow: true,
    title: 'eGPU Companion',
    webPreferences: secureWebPreferences(preloadPath),
  };
}

export function setupWindowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    width: SETUP_WINDOW_SIZE.width,
    height: SETUP_WINDOW_SIZE.height,
    minWidth: 760,
    minHeight: 560,
    show: false,
    title: 'Set up eGPU — eGPU Companion',
    fullscreenable: false,
    webPreferences: secureWebPreferences(preloadPath),
  };
}

export const SPEED_WINDOW_SIZE = { width: 920, height: 760 } as const;

export function speedWindowOptions(preloadPath: string): BrowserWindowConstructorOptions {
  return {
    width: SPEED_WINDOW_SIZE.width,
    height: SPEED_WINDOW_SIZE.height,
    minWidth: 380,
    minHeight: 420,
    show: false,
    title: 'Inference speed — eGPU Companion',
    fullscreenable: false,
    webPreferences: secureWebPreferences(preloadPath),
  };
}

/** A bare Escape key press (not a release, not with a modifier). */
export function isCloseKey(input: { type: string; key: string; meta?: boolean; control?: boolean; alt?: boolean; shift?: boolean }): boolean {
  return input.type === 'keyDown' && input.key === 'Escape' && !input.meta && !input.control && !input.alt && !input.shift;
}

export interface AppWindowsDeps {
  createWindow(options: BrowserWindowConstructorOptions): BrowserWindow;
  entry: RendererEntry;
  preloadPath: string;
  /** app.setActivationPolicy: 'regular' while the wizard is open gives it a Dock icon and Cmd-Tab. */
  setActivationPolicy(policy: 'regular' | 'accessory'): void;
  /** Opens a link a page asked for; the caller applies the allow-list. */
  openExternal(url: string): void;
  log?(message: string): void;
}

export class AppWindows {
  private popover: BrowserWindow | null = null;
  private setup: BrowserWindow | null = null;
  private speed: BrowserWindow | null = null;

  constructor(private readonly deps: AppWindowsDeps) {}

  /** The popover window, created (and its page loaded) on first use. */
  popoverWindow(): BrowserWindow {
    if (this.popover && !this.popover.isDestroyed()) return this.popover;
    const window = this.deps.createWindow(popoverWindowOptions(this.deps.preloadPath));
    // 'pop-up-menu' level and visibleOnFullScreen let it draw over fullscreen apps like a real menu.
    window.setAlwaysOnTop(true, 'pop-up-menu');
    window.setVisibleOnAllWorkspaces(true, { visibleOnFullScreen: true, skipTransformProcessType: true });
    this.prepare(window, 'popover');
    // Escape closes the popover, as it closes a Mac menu.
    window.webContents.on('before-input-event', (event, input) => {
      if (!isCloseKey(input)) return;
      event.preventDefault();
      this.hidePopover();
    });
    window.on('closed', () => {
      if (this.popover === window) this.popover = null;
    });
    this.popover = window;
    return window;
  }

  /** Opens the setup wizard, or brings the open one to the front. */
  openSetup(): BrowserWindow {
    this.hidePopover();
    if (this.setup && !this.setup.isDestroyed()) {
      this.focus(this.setup);
      return this.setup;
    }
    const window = this.deps.createWindow(setupWindowOptions(this.deps.preloadPath));
    this.deps.setActivationPolicy('regular');
    window.once('ready-to-show', () => this.focus(window));
    window.on('closed', () => {
      if (this.setup === window) this.setup = null;
      // The Dock icon stays while another of our windows is open.
      if (!this.speed || this.speed.isDestroyed()) this.deps.setActivationPolicy('accessory');
    });
    this.prepare(window, 'setup');
    this.setup = window;
    return window;
  }

  /** Opens the Speed window (its own window, like the wizard), or brings the open one to the front. */
  openSpeed(section: SpeedSection | null = null): BrowserWindow {
    this.hidePopover();
    if (this.speed && !this.speed.isDestroyed()) {
      this.focus(this.speed);
      return this.speed;
    }
    const window = this.deps.createWindow(speedWindowOptions(this.deps.preloadPath));
    this.deps.setActivationPolicy('regular');
    window.once('ready-to-show', () => this.focus(window));
    window.on('closed', () => {
      if (this.speed === window) this.speed = null;
      if (!this.setup || this.setup.isDestroyed()) this.deps.setActivationPolicy('accessory');
    });
    this.prepare(window, 'speed', section);
    this.speed = window;
    return window;
  }

  hidePopover(): void {
    if (this.popover && !this.popover.isDestroyed() && this.popover.isVisible()) this.popover.hide();
  }

  private prepare(window: BrowserWindow, route: AppRoute, section: SpeedSection | null = null): void {
    guardWebContents(window.webContents, {
      allowedOrigins: this.deps.entry.allowedOrigins,
      openExternal: (url) => this.deps.openExternal(url),
      openSetup: () => this.openSetup(),
      openSpeed: (next) => this.openSpeed(next),
    });
    const url = routeUrl(this.deps.entry, route);
    window.loadURL(section ? `${url}/${section}` : url).catch((error: unknown) => {
      this.deps.log?.(`could not load the ${route} page: ${error instanceof Error ? error.message : String(error)}`);
    });
  }

  private focus(window: BrowserWindow): void {
    if (window.isMinimized()) window.restore();
    window.show();
    window.focus();
  }
}
