import { describe, expect, it } from 'vitest';
import { ALLOWED_SETTINGS_PANES, normalizeExternalUrl } from '../../../src/core/external-urls';
import { APPROVAL_SETTINGS_URL } from '../../../src/core/monitor/hazards';

describe('normalizeExternalUrl', () => {
  it('allows every System Settings pane the app links to, and an anchor inside one', () => {
    expect(normalizeExternalUrl(APPROVAL_SETTINGS_URL)).toBe(APPROVAL_SETTINGS_URL);
    for (const pane of ALLOWED_SETTINGS_PANES) expect(normalizeExternalUrl(`x-apple.systempreferences:${pane}`)).toBe(`x-apple.systempreferences:${pane}`);
    expect(normalizeExternalUrl('X-Apple.SystemPreferences:com.apple.preference.security?Privacy_Accessibility')).toBe(
      'x-apple.systempreferences:com.apple.preference.security?Privacy_Accessibility',
    );
  });

  it('returns what it checked: host case, dot segments and default ports are normalised', () => {
    expect(normalizeExternalUrl('https://BREW.sh/./a/../')).toBe('https://brew.sh/');
    expect(normalizeExternalUrl('https://brew.sh:443/')).toBe('https://brew.sh/');
  });

  it('refuses other panes, other sites, credentials, ports and non-URLs', () => {
    for (const url of ['x-apple.systempreferences:com.apple.preference.sharing', 'x-apple.systempreferences:', 'https://evil.test/', 'https://a:b@brew.sh/', 'https://brew.sh:8443/', 'javascript:alert(1)', '', 'brew.sh']) {
      expect(normalizeExternalUrl(url), url).toBeNull();
    }
  });
});
