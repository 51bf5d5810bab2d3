import { describe, expect, it } from 'vitest';
import { ACK_SIZE_CHARS, FlowControl, HIGH_WATERMARK_CHARS, LOW_WATERMARK_CHARS } from '../../../src/core/setup/flow-control';

describe('FlowControl', () => {
  function setup() {
    const calls: string[] = [];
    const flow = new FlowControl({ pause: () => calls.push('pause'), resume: () => calls.push('resume') });
    return { flow, calls };
  }

  it('uses the usual terminal watermarks', () => {
    expect(HIGH_WATERMARK_CHARS).toBe(100_000);
    expect(LOW_WATERMARK_CHARS).toBe(5_000);
    expect(ACK_SIZE_CHARS).toBeLessThanOrEqual(LOW_WATERMARK_CHARS);
  });

  it('pauses once above the high watermark and resumes below the low one', () => {
    const { flow, calls } = setup();
    flow.sent(60_000);
    flow.sent(40_000);
    expect(calls).toEqual([]);
    flow.sent(1);
    expect(calls).toEqual(['pause']);
    flow.sent(50_000);
    expect(calls).toEqual(['pause']);
    flow.ack(100_000);
    expect(flow.isPaused).toBe(true);
    flow.ack(46_000);
    expect(calls).toEqual(['pause', 'resume']);
    expect(flow.unacknowledgedChars).toBe(4_001);
  });

  it('resumes when acks arrive in renderer-sized steps', () => {
    const { flow, calls } = setup();
    flow.sent(200_000);
    let acks = 0;
    while (flow.isPaused) {
      flow.ack(ACK_SIZE_CHARS);
      acks++;
    }
    expect(calls).toEqual(['pause', 'resume']);
    expect(acks).toBe(40);
  });

  it('never counts below zero', () => {
    const { flow } = setup();
    flow.ack(10);
    expect(flow.unacknowledgedChars).toBe(0);
  });
});

describe('FlowControl.reset', () => {
  it('resumes a paused command when a new terminal attaches', () => {
    const calls: string[] = [];
    const flow = new FlowControl({ pause: () => calls.push('pause'), resume: () => calls.push('resume') });
    flow.sent(150_000);
    expect(flow.isPaused).toBe(true);
    // The old window closed without acknowledging; the new one starts from nothing.
    flow.reset();
    expect(flow.isPaused).toBe(false);
    expect(flow.unacknowledgedChars).toBe(0);
    expect(calls).toEqual(['pause', 'resume']);
  });
});
