// Backend URLs in the settings: credentials and over-long URLs are refused when the settings are
// saved or loaded, with a message that says why, instead of leaking into labels or failing later.
import { describe, expect, it } from 'vitest';
import { MAX_SERVER_URL_LENGTH, withoutUserinfo } from '../../../src/core/api/server-url';
import { SettingsSchema } from '../../../src/core/api/settings';
import { parseSettingsDocument } from '../../../src/core/store/settings-store';

// A version-1 file (one proxy target) and the routes of today's files both go through the same rule.
const withTarget = (target: string) => JSON.stringify({ version: 1, inference: { proxy: { autoStart: false, port: 11435, target } } });
const withRouteTarget = (target: string) => JSON.stringify({ version: 2, inference: { proxy: { autoStart: false, routes: [{ listen: 11435, target }] } } });

describe('the proxy target in the settings', () => {
  it('refuses a target with user:password and says why', () => {
    const parsed = parseSettingsDocument(withTarget('http://admin:pw@127.0.0.1:11434'));
    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? '' : parsed.reason).toMatch(/inference\.proxy\.routes\.0\.target: .*user name or password/);
    const route = parseSettingsDocument(withRouteTarget('http://admin:pw@127.0.0.1:11434'));
    expect(route.ok ? '' : route.reason).toMatch(/inference\.proxy\.routes\.0\.target: .*user name or password/);
  });

  it('refuses a target longer than the limit at load time, accepts one at the limit', () => {
    const base = 'http://127.0.0.1:11434/';
    const atLimit = base + 'a'.repeat(MAX_SERVER_URL_LENGTH - base.length);
    expect(parseSettingsDocument(withTarget(atLimit)).ok).toBe(true);
    const tooLong = parseSettingsDocument(withTarget(`${atLimit}b`));
    expect(tooLong.ok ? '' : tooLong.reason).toMatch(/at most 200 characters/);
  });

  it('accepts http and https targets and refuses other schemes', () => {
    expect(parseSettingsDocument(withTarget('https://gpu-box.lan:8443/v1')).ok).toBe(true);
    expect(parseSettingsDocument(withTarget('ftp://127.0.0.1:21')).ok).toBe(false);
  });

  it('applies the same rule to servers the user added', () => {
    const result = SettingsSchema.safeParse({ inference: { servers: [{ id: 'box', name: 'Box', dialect: 'openai', url: 'http://u:p@10.0.0.2:8000/v1' }] } });
    expect(result.success).toBe(false);
  });
});

describe('withoutUserinfo', () => {
  it('removes user:password and leaves the rest of the URL as it was', () => {
    expect(withoutUserinfo('http://admin:pw@127.0.0.1:11434')).toBe('http://127.0.0.1:11434');
    expect(withoutUserinfo('https://token@gpu-box.lan/v1?x=@y')).toBe('https://gpu-box.lan/v1?x=@y');
    expect(withoutUserinfo('http://a@b:c@host:1/p')).toBe('http://host:1/p');
    expect(withoutUserinfo('http://127.0.0.1:11434/v1')).toBe('http://127.0.0.1:11434/v1');
  });
});
