import { describe, expect, it } from 'vitest';
import { popoverWindowOptions, secureWebPreferences, setupWindowOptions } from '../../../src/main/windows';

describe('secureWebPreferences', () => {
  it('keeps every Electron security default switched on', () => {
    expect(secureWebPreferences('/app/out/preload/index.cjs')).toEqual({
      preload: '/app/out/preload/index.cjs',
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
    });
  });

  it('enables no Blink features', () => {
    expect(secureWebPreferences('/p')).not.toHaveProperty('enableBlinkFeatures');
  });

  it('is what both windows use', () => {
    expect(popoverWindowOptions('/p').webPreferences).toEqual(secureWebPreferences('/p'));
    expect(setupWindowOptions('/p').webPreferences).toEqual(secureWebPreferences('/p'));
  });
});

describe('window options', () => {
  it('makes the popover a fixed, frameless, hidden-until-shown panel', () => {
    expect(popoverWindowOptions('/p')).toMatchObject({
      width: 380,
      height: 560,
      show: false,
      frame: false,
      resizable: false,
      fullscreenable: false,
      skipTaskbar: true,
      alwaysOnTop: true,
    });
  });

  it('makes the setup wizard a normal titled window', () => {
    const options = setupWindowOptions('/p');
    expect(options).toMatchObject({ width: 980, height: 720, show: false });
    expect(options.frame).not.toBe(false);
    expect(options.title).toContain('Set up eGPU');
  });
});
