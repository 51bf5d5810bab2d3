// Tiered probing: a cheap presence-and-link probe runs every poll; the expensive details
// (system_profiler, systemextensionsctl, TinyGPU status, health checks) run only when the cheap
// probe sees a change, when asked (open, refresh, wake), and otherwise at most once a minute.
// The cache lives outside the sources so it survives the monitor re-selecting a source each poll.

export const DETAIL_MAX_AGE_MS = 60_000;

export interface ProbeOptions {
  /** 'force' = run the detail probes now (open, refresh, after wake). */
  detail?: 'auto' | 'force';
}

export class DetailTier<T> {
  private signature: string | null = null;
  private at = Number.NEGATIVE_INFINITY;
  private value: T | null = null;

  /** The cached details when they may be reused for this cheap-probe signature, else null. */
  reuse(signature: string, now: number, options: ProbeOptions = {}): T | null {
    if (options.detail === 'force' || this.value === null) return null;
    if (signature !== this.signature || now - this.at >= DETAIL_MAX_AGE_MS || now < this.at) return null;
    return this.value;
  }

  remember(signature: string, now: number, value: T): void {
    this.signature = signature;
    this.at = now;
    this.value = value;
  }
}

/** One per monitor: holds each source's last details across polls. */
export class TierCache {
  private readonly tiers = new Map<string, DetailTier<unknown>>();

  tier<T>(key: string): DetailTier<T> {
    let tier = this.tiers.get(key);
    if (!tier) this.tiers.set(key, (tier = new DetailTier<unknown>()));
    return tier as DetailTier<T>;
  }
}
