// Types shared by the probe parsers, the sources and the monitor.
import type { Device, DriverInfo, Health, ProbeError, SourceId } from '../api/schemas';

export interface ParseFailure {
  kind: 'parse';
  /** One line a user can read: what was expected and what was found. */
  message: string;
  /** 1-based line number when the problem is on a specific line. */
  line?: number;
}

/** Parsers never throw: they return this. Warnings note tolerated oddities (unknown fields...). */
export type ParseResult<T> = { ok: true; value: T; warnings: string[] } | { ok: false; error: ParseFailure };

/** What one run of a command produced (kept for diagnostics). */
export interface RawOutput {
  label: string;
  argv: string[];
  stdout: string;
  stderr: string;
  exitCode: number | null;
  signal: string | null;
  durationMs: number;
  error: ProbeError | null;
}

/** The result of polling one source once. */
export interface Snapshot {
  at: number;
  source: SourceId;
  driver: DriverInfo;
  devices: Device[];
  health: Health;
  /** Non-empty with no devices = the probe failed; the monitor decides what that means. */
  errors: ProbeError[];
  raw: RawOutput[];
  /** The source could not list devices this time (the driver is not ready), so an empty list says nothing. */
  devicesUnknown?: boolean;
  /** One line about how the probe ran, e.g. that a `tinygpu` on PATH was really TinyGPU.app. */
  note?: string;
  /** true when this snapshot re-used cached details (only the cheap probe ran). */
  detailCached?: boolean;
}
