// The terminal bridge on its own: acks, keystrokes and sizes for the session on screen.
import { describe, expect, it } from 'vitest';
import { setupCommands } from '../../src/core/api/setup';
import { ackPieces, clampSize, splitInput, TerminalBridge, type SessionChannel, type TerminalPort, type TerminalSize } from '../../src/renderer/src/setup/terminal-bridge';

function recordingChannel() {
  const sent: Array<[string, string, unknown]> = [];
  const channel: SessionChannel = {
    ack: (sessionId, chars) => sent.push(['ack', sessionId, chars]),
    input: (sessionId, data) => sent.push(['input', sessionId, data]),
    resize: (sessionId, size) => sent.push(['resize', sessionId, size]),
  };
  return { channel, sent, of: (kind: string) => sent.filter(([k]) => k === kind).map(([, sessionId, value]) => [sessionId, value]) };
}

/** Writes complete at once, like a terminal that keeps up. */
function instantTerminal() {
  const written: string[] = [];
  let onInput: ((data: string) => void) | null = null;
  const port: TerminalPort = {
    write: (data, onWritten) => {
      written.push(data);
      onWritten();
    },
    reset: () => void written.splice(0),
    focus: () => undefined,
    onInput: (listener) => {
      onInput = listener;
      return () => (onInput = null);
    },
    fit: (): TerminalSize | null => null,
    dispose: () => undefined,
  };
  return { port, written, type: (data: string) => onInput?.(data) };
}

describe('terminal bridge', () => {
  it('clamps sizes to 1…1000, ignores nonsense, and only sends changes while a session runs', () => {
    const { channel, of } = recordingChannel();
    const bridge = new TerminalBridge(channel);
    bridge.resize({ cols: 120, rows: 40 });
    expect(of('resize')).toEqual([]);
    expect(bridge.terminalSize).toEqual({ cols: 120, rows: 40 });

    bridge.startSession('run-1');
    bridge.resize({ cols: 0, rows: -3 });
    bridge.resize({ cols: Number.NaN, rows: 10 });
    bridge.resize({ cols: 5000, rows: 20.7 });
    bridge.resize({ cols: 5000, rows: 20 });
    expect(of('resize')).toEqual([
      ['run-1', { cols: 120, rows: 40 }],
      ['run-1', { cols: 1, rows: 1 }],
      ['run-1', { cols: 1000, rows: 20 }],
    ]);
  });

  it('keeps output that arrives before its session is known, and output that arrives before the terminal', () => {
    const { channel, of } = recordingChannel();
    const bridge = new TerminalBridge(channel);
    bridge.output('run-1', 'early ');
    bridge.startSession('run-1');
    bridge.output('run-1', 'later');
    expect(of('ack')).toEqual([]);

    const terminal = instantTerminal();
    bridge.attach(terminal.port);
    expect(terminal.written.join('')).toBe('early later');
    expect(of('ack')).toEqual([
      ['run-1', 6],
      ['run-1', 5],
    ]);
  });

  it('acknowledges output of sessions it will never show, so they are not held paused', () => {
    const { channel, of } = recordingChannel();
    const bridge = new TerminalBridge(channel);
    bridge.attach(instantTerminal().port);
    bridge.startSession('run-1');
    bridge.endSession('run-1');
    bridge.startSession('run-2');
    bridge.output('run-1', 'late output');
    expect(of('ack')).toEqual([['run-1', 11]]);
  });

  it('splits acks and big pastes into pieces the core accepts', () => {
    expect(ackPieces(12_000)).toEqual([5000, 5000, 2000]);
    expect(ackPieces(0)).toEqual([]);
    const paste = 'a'.repeat(65_535) + '😀' + 'b';
    const pieces = splitInput(paste);
    expect(pieces.join('')).toBe(paste);
    expect(pieces.every((piece) => piece.length <= 65_536)).toBe(true);
    expect(pieces[0]!.endsWith('a')).toBe(true);
  });

  it('sends only inputs, acks and sizes the contract accepts', () => {
    const input = setupCommands.setupInput.input;
    const ack = setupCommands.setupAck.input;
    const resize = setupCommands.setupResize.input;
    for (const data of splitInput('x'.repeat(200_000))) expect(input.safeParse({ sessionId: 'run-1', data }).success).toBe(true);
    for (const chars of ackPieces(1_234_567)) expect(ack.safeParse({ sessionId: 'run-1', chars }).success).toBe(true);
    for (const size of [{ cols: 5000, rows: 0.5 }, { cols: -3, rows: 99_999 }]) {
      expect(resize.safeParse({ sessionId: 'run-1', ...clampSize(size) }).success).toBe(true);
    }
    expect(clampSize({ cols: 5000, rows: 0.5 })).toEqual({ cols: 1000, rows: 1 });
  });

  it('forwards keystrokes only to a running session', () => {
    const { channel, of } = recordingChannel();
    const bridge = new TerminalBridge(channel);
    const terminal = instantTerminal();
    bridge.attach(terminal.port);
    terminal.type('nobody listens');
    bridge.startSession('run-1');
    terminal.type('y\r');
    bridge.endSession('run-1');
    terminal.type('too late');
    expect(of('input')).toEqual([['run-1', 'y\r']]);
  });
});
