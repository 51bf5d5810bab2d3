// Showing and hiding the popover under the menu-bar icon, including the blur/click race that makes
// naive menu-bar windows flicker or reopen (menubar #274, #116).
import { realClock, type Clock } from '../core/platform/clock';
import { popoverPosition, type Rect } from './popover-position';

/** The parts of BrowserWindow the controller uses. */
export interface PopoverWindow {
  isDestroyed(): boolean;
  isVisible(): boolean;
  show(): void;
  hide(): void;
  focus(): void;
  getSize(): number[];
  setPosition(x: number, y: number): void;
  on(event: 'blur', listener: () => void): unknown;
}

export interface PopoverControllerDeps {
  /** Returns the popover window, creating it if needed. */
  getWindow(): PopoverWindow;
  /** The work area of the display the tray icon is on (screen.getDisplayMatching(bounds).workArea). */
  workAreaFor(trayBounds: Rect): Rect;
  /** Makes our (agent) app active so the popover gets focus and a later blur hides it. */
  activateApp?(): void;
  clock?: Clock;
}

/** Blur hides after this delay so a click on the tray icon can still see the window as open. */
export const BLUR_HIDE_DELAY_MS = 100;
/** A tray click this soon after a blur-hide is the same gesture that closed it: stay closed. */
export const REOPEN_GUARD_MS = 250;

export class PopoverController {
  private pendingHide: unknown = null;
  private hiddenByBlurAt = Number.NEGATIVE_INFINITY;
  private readonly watched = new WeakSet<PopoverWindow>();
  private readonly clock: Clock;

  constructor(private readonly deps: PopoverControllerDeps) {
    this.clock = deps.clock ?? realClock;
  }

  /** Tray left click. Returns true when the popover ends up visible. */
  toggle(trayBounds: Rect): boolean {
    if (this.pendingHide !== null) {
      this.cancelPendingHide();
      this.hide();
      return false;
    }
    const window = this.window();
    if (window.isVisible()) {
      this.hide();
      return false;
    }
    if (this.clock.now() - this.hiddenByBlurAt < REOPEN_GUARD_MS) return false;
    this.show(trayBounds);
    return true;
  }

  show(trayBounds: Rect): void {
    this.cancelPendingHide();
    const window = this.window();
    const [width = 0, height = 0] = window.getSize();
    const { x, y } = popoverPosition(trayBounds, { width, height }, this.deps.workAreaFor(trayBounds));
    window.setPosition(x, y);
    this.deps.activateApp?.();
    window.show();
    window.focus();
  }

  hide(): void {
    this.cancelPendingHide();
    const window = this.window();
    if (window.isVisible()) window.hide();
  }

  private window(): PopoverWindow {
    const window = this.deps.getWindow();
    if (!this.watched.has(window)) {
      this.watched.add(window);
      window.on('blur', () => this.onBlur(window));
    }
    return window;
  }

  private onBlur(window: PopoverWindow): void {
    if (window.isDestroyed() || !window.isVisible() || this.pendingHide !== null) return;
    this.pendingHide = this.clock.setTimeout(() => {
      this.pendingHide = null;
      if (window.isDestroyed() || !window.isVisible()) return;
      window.hide();
      this.hiddenByBlurAt = this.clock.now();
    }, BLUR_HIDE_DELAY_MS);
  }

  private cancelPendingHide(): void {
    if (this.pendingHide === null) return;
    this.clock.cancel(this.pendingHide);
    this.pendingHide = null;
  }
}
