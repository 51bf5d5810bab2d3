// When the app asks python3 again whether tinygrad is there: a good answer is kept until a run says
// otherwise, a bad one for a minute; one question at a time.
import { describe, expect, it, vi } from 'vitest';
import { TinygradReadinessCache, type TinygradReadiness } from '../../../src/core/inference/tinygrad/tinygrad-readiness';

const OK: TinygradReadiness = { ok: true, python: '/usr/bin/python3', installed: { version: null, build: null, models: null } };
const MISSING: TinygradReadiness = { ok: false, reason: 'tinygrad-missing', message: 'tinygrad is not installed for /usr/bin/python3 (pip install tinygrad, or set inference.tinygrad.python)' };

function cache(answers: TinygradReadiness[]) {
  let t = 0;
  const check = vi.fn(async () => answers.shift() ?? OK);
  return { readiness: new TinygradReadinessCache(() => t, check), check, advance: (ms: number) => (t += ms) };
}

describe('TinygradReadinessCache', () => {
  it('knows nothing before the first question, then remembers a good answer', async () => {
    const { readiness, check, advance } = cache([OK]);
    expect(readiness.current('python3')).toBeNull();
    expect(await readiness.get('python3')).toEqual(OK);
    advance(3_600_000);
    expect(await readiness.get('python3')).toEqual(OK);
    expect(check).toHaveBeenCalledTimes(1);
    expect(readiness.current('python3')).toEqual(OK);
  });

  it('asks again a minute after a bad answer, so installing tinygrad is noticed', async () => {
    const { readiness, check, advance } = cache([MISSING, OK]);
    expect(await readiness.get('python3')).toEqual(MISSING);
    advance(59_000);
    expect(await readiness.get('python3')).toEqual(MISSING);
    advance(2_000);
    expect(await readiness.get('python3')).toEqual(OK);
    expect(check).toHaveBeenCalledTimes(2);
  });

  it('believes a run that says tinygrad is missing over an older good answer', async () => {
    const { readiness } = cache([OK]);
    await readiness.get('python3');
    readiness.markMissing('python3', '/usr/bin/python3');
    expect(readiness.current('python3')).toEqual(MISSING);
  });

  it('asks about another python3 when the settings name one', async () => {
    const { readiness, check } = cache([OK, MISSING]);
    await readiness.get('python3');
    expect(await readiness.get('/opt/venv/bin/python3')).toEqual(MISSING);
    expect(readiness.current('python3')).toBeNull();
    expect(check).toHaveBeenCalledTimes(2);
  });

  it('asks once when two callers ask together', async () => {
    const { readiness, check } = cache([OK]);
    const [a, b] = await Promise.all([readiness.get('python3'), readiness.get('python3')]);
    expect(a).toEqual(OK);
    expect(b).toEqual(OK);
    expect(check).toHaveBeenCalledTimes(1);
  });
});
