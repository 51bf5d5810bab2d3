import { afterEach, describe, expect, it, vi } from 'vitest';
import { Poller } from '../../../src/core/monitor/poller';

describe('Poller', () => {
  afterEach(() => vi.useRealTimers());

  it('never runs two probes at once: on-demand polls during a probe share one probe after it', async () => {
    let running = 0;
    let maxRunning = 0;
    let probes = 0;
    const poller = new Poller({
      intervalMs: 1000,
      poll: async () => {
        probes += 1;
        running += 1;
        maxRunning = Math.max(maxRunning, running);
        await new Promise<void>((resolve) => setTimeout(resolve, 20));
        running -= 1;
        return true;
      },
    });
    const first = poller.pollNow();
    const second = poller.pollNow();
    const third = poller.pollNow();
    expect(second).not.toBe(first);
    expect(third).toBe(second);
    await first;
    await second;
    expect(probes).toBe(2);
    expect(maxRunning).toBe(1);
    await poller.stop();
  });

  it('runs no queued follow-up probe once stopped', async () => {
    let probes = 0;
    const poller = new Poller({
      intervalMs: 1000,
      poll: async () => {
        probes += 1;
        await new Promise<void>((resolve) => setTimeout(resolve, 20));
        return true;
      },
    });
    poller.start();
    void poller.pollNow();
    await poller.stop();
    expect(probes).toBe(1);
  });

  it('backs off while probes fail and returns to the interval after a success', async () => {
    let ok = false;
    const poller = new Poller({ intervalMs: 2000, poll: async () => ok });
    expect(poller.nextDelayMs()).toBe(2000);
    await poller.pollNow();
    expect(poller.nextDelayMs()).toBe(2000);
    await poller.pollNow();
    expect(poller.nextDelayMs()).toBe(4000);
    await poller.pollNow();
    await poller.pollNow();
    await poller.pollNow();
    expect(poller.nextDelayMs()).toBe(16_000);
    ok = true;
    await poller.pollNow();
    expect(poller.nextDelayMs()).toBe(2000);
    await poller.stop();
  });

  it('polls on its interval once started, and stops when told', async () => {
    vi.useFakeTimers();
    let polls = 0;
    const poller = new Poller({ intervalMs: 500, poll: async () => (polls += 1) > 0 });
    poller.start();
    await vi.advanceTimersByTimeAsync(1600);
    expect(polls).toBe(4);
    await poller.stop();
    await vi.advanceTimersByTimeAsync(2000);
    expect(polls).toBe(4);
  });
});
