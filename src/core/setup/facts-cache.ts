// Host facts for preflight and step requirements, kept briefly: system_profiler takes a second or
// two, and an overview opened twice in a row should not pay for it twice.
import os from 'node:os';
import { describeError, type LoggerPort } from '../platform/logger';
import type { HostFacts } from '../platform/host-facts';
import { gatherHostFacts, type GpuVendorChoice } from './preflight';

const FACTS_MAX_AGE_MS = 30_000;

export interface FactsCacheOptions {
  homeDir: string;
  now: () => number;
  logger: LoggerPort;
  hostFacts?: () => Promise<HostFacts>;
  detectGpuVendor?: () => GpuVendorChoice | null;
}

export class FactsCache {
  private facts: { value: HostFacts; at: number } | null = null;

  constructor(private readonly options: FactsCacheOptions) {}

  async current(): Promise<HostFacts> {
    if (this.facts && this.options.now() - this.facts.at < FACTS_MAX_AGE_MS) return this.facts.value;
    let value: HostFacts;
    try {
      value = await (this.options.hostFacts ?? (() => gatherHostFacts(this.options.homeDir)))();
    } catch (error) {
      this.options.logger.debug('setup: could not gather host facts', describeError(error));
      value = this.facts?.value ?? minimalFacts();
    }
    this.facts = { value, at: this.options.now() };
    return value;
  }

  gpuVendor(): GpuVendorChoice | null {
    try {
      return this.options.detectGpuVendor?.() ?? null;
    } catch (error) {
      this.options.logger.debug('setup: GPU vendor detection failed', describeError(error));
      return null;
    }
  }
}

function minimalFacts(): HostFacts {
  return {
    platform: os.platform(),
    arch: os.arch(),
    appleSilicon: null,
    macosVersion: null,
    freeDiskBytes: null,
    ramBytes: os.totalmem(),
    homebrewPath: null,
    thunderboltPorts: null,
  };
}
