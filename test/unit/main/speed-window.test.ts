// The Speed view opens in its own window in the Mac app; Escape closes the popover.
import { describe, expect, it } from 'vitest';
import { appRouteOf } from '../../../src/main/app-origin';
import { windowOpenDecision } from '../../../src/main/security';
import { isCloseKey, speedWindowOptions } from '../../../src/main/windows';

const ORIGINS = ['app://renderer'];
const INDEX = 'app://renderer/index.html';

describe('the Speed window', () => {
  it('opens for a page that opens our own #/speed, with the part to show first', () => {
    expect(appRouteOf(`${INDEX}#/speed`, ORIGINS)).toBe('speed');
    expect(windowOpenDecision(`${INDEX}#/speed`, ORIGINS)).toEqual({ kind: 'open-speed', section: null });
    expect(windowOpenDecision(`${INDEX}#/speed/run-egpu`, ORIGINS)).toEqual({ kind: 'open-speed', section: 'run-egpu' });
    expect(windowOpenDecision(`${INDEX}#/speed/anything-else`, ORIGINS)).toEqual({ kind: 'open-speed', section: null });
  });

  it('never opens for another origin', () => {
    expect(windowOpenDecision('https://example.com/index.html#/speed', ORIGINS).kind).not.toBe('open-speed');
    expect(appRouteOf('https://example.com/index.html#/speed', ORIGINS)).toBeNull();
  });

  it('can be as narrow as the popover and is a normal, resizable window', () => {
    const options = speedWindowOptions('/preload.js');
    expect(options.minWidth).toBe(380);
    expect(options.resizable).not.toBe(false);
    expect(options.webPreferences?.contextIsolation).toBe(true);
  });
});

describe('Escape', () => {
  it('closes the popover on a bare key press only', () => {
    expect(isCloseKey({ type: 'keyDown', key: 'Escape' })).toBe(true);
    expect(isCloseKey({ type: 'keyUp', key: 'Escape' })).toBe(false);
    expect(isCloseKey({ type: 'keyDown', key: 'Escape', meta: true })).toBe(false);
    expect(isCloseKey({ type: 'keyDown', key: 'Enter' })).toBe(false);
  });
});
