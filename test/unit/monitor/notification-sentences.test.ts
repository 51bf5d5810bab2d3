// Notification bodies end at real sentence ends, never inside a version number or an abbreviation.
import { describe, expect, it } from 'vitest';
import { briefly } from '../../../src/core/monitor/notifications';

const HOT_PLUG_WHY =
  'NVIDIA GeForce RTX 4090 was plugged in while the Mac was running. Hot-plug is unreliable in TinyGPU driver 1.0.x: connect the eGPU before starting or waking the Mac. If the GPU is missing, errors or hangs, restart the Mac with the eGPU connected.';

describe('briefly', () => {
  it('keeps a version number whole: no body ends at the "1." of "1.0.x"', () => {
    const body = briefly(HOT_PLUG_WHY);
    expect(body).toBe(
      'NVIDIA GeForce RTX 4090 was plugged in while the Mac was running. Hot-plug is unreliable in TinyGPU driver 1.0.x: connect the eGPU before starting or waking the Mac.',
    );
    expect(body).not.toMatch(/\b1\.$/);
  });

  it('cuts after whole sentences only, even when a short cut would fit', () => {
    const text = `Update TinyGPU to 1.0.3 before you restart the Mac. ${'Then reconnect the enclosure and wait for the driver, e.g. thirty seconds, before you open a model. '.repeat(3)}`;
    const body = briefly(text, 170);
    expect(body).toBe('Update TinyGPU to 1.0.3 before you restart the Mac. Then reconnect the enclosure and wait for the driver, e.g. thirty seconds, before you open a model.');
  });

  it('falls back to an ellipsis when the first sentence alone is too long', () => {
    expect(briefly(`${'word '.repeat(80)}end.`, 50)).toMatch(/^word( word)+…$/);
  });
});

