import { describe, expect, it } from 'vitest';
import { BLUR_HIDE_DELAY_MS, PopoverController, REOPEN_GUARD_MS, type PopoverWindow } from '../../../src/main/popover';

class FakeWindow implements PopoverWindow {
  visible = false;
  position: [number, number] | null = null;
  private blurListeners: Array<() => void> = [];
  isDestroyed = () => false;
  isVisible = () => this.visible;
  show = () => void (this.visible = true);
  hide = () => void (this.visible = false);
  focus = () => undefined;
  getSize = () => [380, 560];
  setPosition = (x: number, y: number) => void (this.position = [x, y]);
  on(_event: 'blur', listener: () => void) {
    this.blurListeners.push(listener);
  }
  blur() {
    for (const listener of this.blurListeners) listener();
  }
}

/** A manual clock and timer queue, so the 100 ms guard is tested without waiting. */
function setup() {
  let now = 10_000;
  let timers: Array<{ at: number; callback: () => void; handle: number }> = [];
  let nextHandle = 1;
  const window = new FakeWindow();
  const controller = new PopoverController({
    getWindow: () => window,
    workAreaFor: () => ({ x: 0, y: 24, width: 1512, height: 958 }),
    clock: {
      now: () => now,
      setTimeout: (callback, ms) => {
        const handle = nextHandle++;
        timers.push({ at: now + ms, callback, handle });
        return handle;
      },
      setInterval: () => {
        throw new Error('the popover runs no interval');
      },
      cancel: (handle) => {
        timers = timers.filter((timer) => timer.handle !== handle);
      },
    },
  });
  const advance = (ms: number) => {
    const end = now + ms;
    for (;;) {
      const next = timers.filter((timer) => timer.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!next) break;
      timers = timers.filter((timer) => timer !== next);
      now = next.at;
      next.callback();
    }
    now = end;
  };
  return { window, controller, advance };
}

const trayIcon = { x: 1000, y: 0, width: 24, height: 24 };

describe('PopoverController', () => {
  it('opens under the icon on click and closes on the next click', () => {
    const { window, controller } = setup();
    expect(controller.toggle(trayIcon)).toBe(true);
    expect(window.visible).toBe(true);
    expect(window.position).toEqual([822, 24]);
    expect(controller.toggle(trayIcon)).toBe(false);
    expect(window.visible).toBe(false);
  });

  it('hides shortly after losing focus', () => {
    const { window, controller, advance } = setup();
    controller.toggle(trayIcon);
    window.blur();
    expect(window.visible).toBe(true);
    advance(BLUR_HIDE_DELAY_MS);
    expect(window.visible).toBe(false);
  });

  it('does not flicker back open when the icon click itself caused the blur', () => {
    const { window, controller, advance } = setup();
    controller.toggle(trayIcon);
    window.blur(); // mouse down on the icon
    advance(20);
    expect(controller.toggle(trayIcon)).toBe(false); // mouse up: the click
    advance(BLUR_HIDE_DELAY_MS * 2);
    expect(window.visible).toBe(false);
  });

  it('stays closed when a slow click lands just after the blur already hid it', () => {
    const { window, controller, advance } = setup();
    controller.toggle(trayIcon);
    window.blur();
    advance(BLUR_HIDE_DELAY_MS + 50);
    expect(window.visible).toBe(false);
    expect(controller.toggle(trayIcon)).toBe(false);
    expect(window.visible).toBe(false);
  });

  it('opens again on a later click', () => {
    const { window, controller, advance } = setup();
    controller.toggle(trayIcon);
    window.blur();
    advance(BLUR_HIDE_DELAY_MS + REOPEN_GUARD_MS + 1);
    expect(controller.toggle(trayIcon)).toBe(true);
    expect(window.visible).toBe(true);
  });

  it('show() from the menu or a notification cancels a pending blur-hide', () => {
    const { window, controller, advance } = setup();
    controller.toggle(trayIcon);
    window.blur();
    controller.show(trayIcon);
    advance(BLUR_HIDE_DELAY_MS * 2);
    expect(window.visible).toBe(true);
  });
});
