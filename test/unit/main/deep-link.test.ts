import { describe, expect, it } from 'vitest';
import { deepLinkFromArgv, parseDeepLink } from '../../../src/main/deep-link';

describe('deep links', () => {
  it('opens the wizard or the popover', () => {
    expect(parseDeepLink('egpu-companion://setup')).toBe('open-setup');
    expect(parseDeepLink('egpu-companion://SETUP/')).toBe('open-setup');
    expect(parseDeepLink('egpu-companion:setup')).toBe('open-setup');
    expect(parseDeepLink('egpu-companion://open')).toBe('show-popover');
  });

  it('ignores other schemes and unknown words', () => {
    expect(parseDeepLink('https://setup')).toBeNull();
    expect(parseDeepLink('egpu-companion://constructor')).toBeNull();
    expect(parseDeepLink('egpu-companion://run?cmd=rm')).toBeNull();
    expect(parseDeepLink('nonsense')).toBeNull();
  });

  it('finds a link among command-line arguments', () => {
    expect(deepLinkFromArgv(['/Applications/eGPU Companion.app/Contents/MacOS/eGPU Companion', '--flag', 'egpu-companion://setup'])).toBe(
      'open-setup',
    );
    expect(deepLinkFromArgv(['electron', '.'])).toBeNull();
  });
});
