import { describe, expect, it } from 'vitest';
import type { HostFacts } from '../../../src/core/platform/host-facts';
import { countThunderboltPorts } from '../../../src/core/platform/host-facts';
import { compareVersions, evaluatePreflight, suggestRecipe, unmetRequirements } from '../../../src/core/setup/preflight';

const GB = 1024 ** 3;

const goodMac: HostFacts = {
  platform: 'darwin',
  arch: 'arm64',
  appleSilicon: true,
  macosVersion: '14.5',
  freeDiskBytes: 120 * GB,
  ramBytes: 32 * GB,
  homebrewPath: '/opt/homebrew/bin/brew',
  thunderboltPorts: 3,
};

function check(facts: HostFacts, id: string) {
  const found = evaluatePreflight(facts).find((candidate) => candidate.id === id);
  if (!found) throw new Error(`no check ${id}`);
  return found;
}

describe('preflight', () => {
  it('passes everything on a ready Apple Silicon Mac', () => {
    const checks = evaluatePreflight(goodMac);
    expect(checks.map((c) => c.id)).toEqual(['apple-silicon', 'macos-version', 'thunderbolt', 'free-disk', 'homebrew']);
    expect(checks.every((c) => c.ok === true)).toBe(true);
  });

  it('blocks Intel Macs and says why', () => {
    const intel = check({ ...goodMac, arch: 'x64', appleSilicon: false }, 'apple-silicon');
    expect(intel).toMatchObject({ ok: false, blocking: true });
    expect(intel.detail).toMatch(/kernel-panic/);
  });

  it('trusts the hardware over the process architecture (Rosetta)', () => {
    expect(check({ ...goodMac, arch: 'x64', appleSilicon: true }, 'apple-silicon').ok).toBe(true);
  });

  it('blocks macOS older than 13 and accepts 13.0 exactly', () => {
    expect(check({ ...goodMac, macosVersion: '12.7.4' }, 'macos-version')).toMatchObject({ ok: false, blocking: true });
    expect(check({ ...goodMac, macosVersion: '13.0' }, 'macos-version').ok).toBe(true);
    expect(check({ ...goodMac, macosVersion: '26.1' }, 'macos-version').ok).toBe(true);
  });

  it('warns without blocking about ports, disk space and Homebrew', () => {
    expect(check({ ...goodMac, thunderboltPorts: 0 }, 'thunderbolt')).toMatchObject({ ok: false, blocking: false });
    const disk = check({ ...goodMac, freeDiskBytes: 12.4 * GB }, 'free-disk');
    expect(disk).toMatchObject({ ok: false, blocking: false });
    expect(disk.detail).toMatch(/12 GB free/);
    expect(check({ ...goodMac, freeDiskBytes: 25 * GB }, 'free-disk').ok).toBe(true);
    const brew = check({ ...goodMac, homebrewPath: null }, 'homebrew');
    expect(brew).toMatchObject({ ok: false, blocking: false });
    expect(brew.detail).toMatch(/step installs it/);
  });

  it('is honest off macOS: unknown, never a pretend pass', () => {
    const linux: HostFacts = { ...goodMac, platform: 'linux', arch: 'x64', appleSilicon: null, macosVersion: null, thunderboltPorts: null, homebrewPath: null };
    const checks = evaluatePreflight(linux);
    for (const id of ['apple-silicon', 'macos-version', 'thunderbolt', 'homebrew']) {
      const found = checks.find((c) => c.id === id);
      expect(found?.ok, id).toBeNull();
      expect(found?.detail, id).toMatch(/Not a Mac \(demo\)/);
    }
    // Disk space is real on any machine.
    expect(checks.find((c) => c.id === 'free-disk')?.ok).toBe(true);
  });

  it('reports unknown facts as unknown', () => {
    expect(check({ ...goodMac, macosVersion: null }, 'macos-version').ok).toBeNull();
    expect(check({ ...goodMac, freeDiskBytes: null }, 'free-disk').ok).toBeNull();
    expect(check({ ...goodMac, thunderboltPorts: null }, 'thunderbolt').ok).toBeNull();
  });
});

describe('suggestRecipe', () => {
  it('follows the detected vendor', () => {
    expect(suggestRecipe(goodMac, 'nvidia')).toEqual({ recipeId: 'tinygrad-nvidia', reason: 'NVIDIA GPU detected.' });
    expect(suggestRecipe(goodMac, 'amd')).toEqual({ recipeId: 'tinygrad-amd', reason: 'AMD GPU detected.' });
  });

  it('assumes NVIDIA without a GPU and says so', () => {
    const suggestion = suggestRecipe(goodMac, null);
    expect(suggestion.recipeId).toBe('tinygrad-nvidia');
    expect(suggestion.reason).toMatch(/No GPU detected/);
  });

  it('suggests nothing on an Intel Mac', () => {
    expect(suggestRecipe({ ...goodMac, appleSilicon: false }, 'nvidia').recipeId).toBeNull();
  });
});

describe('unmetRequirements', () => {
  it('lists what this Mac lacks and ignores what it cannot know', () => {
    const facts = { ...goodMac, macosVersion: '12.6', freeDiskBytes: 5 * GB, ramBytes: 8 * GB };
    expect(unmetRequirements({ minMacos: '13.0', freeDiskGB: 20, ramGB: 16, gpuVendor: 'nvidia', appleSilicon: true }, facts, 'amd')).toEqual([
      'needs macOS 13.0 or later (this Mac has 12.6)',
      'needs 20 GB free disk space (5.0 GB free)',
      'needs 16 GB of memory (this Mac has 8 GB)',
      'needs an NVIDIA GPU (found an AMD)',
    ]);
    const unknown = { ...goodMac, macosVersion: null, freeDiskBytes: null };
    expect(unmetRequirements({ minMacos: '13.0', freeDiskGB: 20, gpuVendor: 'nvidia' }, unknown, null)).toEqual([]);
  });
});

describe('compareVersions', () => {
  it('compares dotted versions numerically', () => {
    expect(compareVersions('13.10', '13.9')).toBe(1);
    expect(compareVersions('13', '13.0.0')).toBe(0);
    expect(compareVersions('12.7.4', '13.0')).toBe(-1);
  });
});

describe('countThunderboltPorts', () => {
  it('counts receptacles per bus in system_profiler JSON', () => {
    const json = JSON.stringify({
      SPThunderboltDataType: [
        {
          _name: 'thunderboltusb4_bus_0',
          receptacle_1_tag: { current_speed_key: 'Up to 40 Gb/s', receptacle_status_key: 'receptacle_no_devices_connected' },
        },
        {
          _name: 'thunderboltusb4_bus_1',
          receptacle_2_tag: { current_speed_key: '40 Gb/s', receptacle_status_key: 'receptacle_connected' },
          _items: [{ _name: 'Razer Core X' }],
        },
        { _name: 'thunderboltusb4_bus_2' },
      ],
    });
    expect(countThunderboltPorts(json)).toBe(3);
    expect(countThunderboltPorts(JSON.stringify({ SPThunderboltDataType: [] }))).toBe(0);
  });

  it('returns null for output it does not understand', () => {
    expect(countThunderboltPorts('Thunderbolt/USB4:')).toBeNull();
    expect(countThunderboltPorts('{"other": []}')).toBeNull();
  });
});
