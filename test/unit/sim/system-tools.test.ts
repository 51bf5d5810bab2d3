// The macOS system tools the app reads: systemextensionsctl, system_profiler, ioreg, ps, pmset.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSimSandbox, type SimSandbox } from './sim-harness';

let sim: SimSandbox;
beforeAll(async () => {
  sim = await createSimSandbox();
});
afterAll(async () => {
  await sim.cleanup();
});

const TINYGPU_ROW = '9YG3G8543N\torg.tinygrad.tinygpu.driver2 (1.0.0/3)\torg.tinygrad.tinygpu.driver2\t';

describe('systemextensionsctl list', () => {
  it('lists TinyGPU as activated and enabled when connected', async () => {
    await sim.setState({ scenario: 'connected' });
    const run = await sim.run('systemextensionsctl', ['list']);
    expect(run.code).toBe(0);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toBe('2 extension(s)');
    expect(lines[1]).toMatch(/^--- com\.apple\.system_extension\.driver_extension \(Go to 'System Settings/);
    expect(lines[2]).toBe('enabled\tactive\tteamID\tbundleID (version)\tname\t[state]');
    expect(lines).toContain(`*\t*\t${TINYGPU_ROW}[activated enabled]`);
  });

  it('shows the row waiting for the user, not yet active, while approval is pending', async () => {
    await sim.setState({ scenario: 'awaiting-approval' });
    const run = await sim.run('systemextensionsctl', ['list']);
    expect(run.stdout.split('\n')).toContain(`*\t\t${TINYGPU_ROW}[activated waiting for user]`);
  });

  it('has no TinyGPU row when the driver is not installed', async () => {
    await sim.setState({ scenario: 'driver-not-loaded' });
    const run = await sim.run('systemextensionsctl', ['list']);
    expect(run.stdout.startsWith('1 extension(s)\n')).toBe(true);
    expect(run.stdout).not.toContain('tinygrad');
  });

  it('prints usage on stderr without a known command', async () => {
    const run = await sim.run('systemextensionsctl', ['lst']);
    expect(run).toMatchObject({ stdout: '', code: 1 });
    expect(run.stderr).toMatch(/^systemextensionsctl: usage:/);
  });
});

describe('system_profiler', () => {
  it('SPPCIDataType text shows the GPU on its Thunderbolt slot with an x4 16.0 GT/s link', async () => {
    await sim.setState({ scenario: 'connected' });
    const run = await sim.run('systemProfiler', ['SPPCIDataType']);
    expect(run.code).toBe(0);
    expect(run.stdout.startsWith('PCI:\n\n    display:\n\n      Name: display\n')).toBe(true);
    for (const line of [
      '      Type: VGA compatible controller',
      '      Driver Installed: Yes',
      '      Slot: Thunderbolt@3,0,0',
      '      Vendor ID: 0x10de',
      '      Device ID: 0x2684',
      '      Link Width: x4',
      '      Link Speed: 16.0 GT/s',
      '      Link Status: Link up',
    ]) {
      expect(run.stdout).toContain(`${line}\n`);
    }
  });

  it('SPPCIDataType -json parses and matches the text', async () => {
    await sim.setState({ scenario: 'degraded-link', gpu: 'rx7900xtx' });
    const run = await sim.run('systemProfiler', ['SPPCIDataType', '-json']);
    expect(run.code).toBe(0);
    const items = (JSON.parse(run.stdout) as { SPPCIDataType: Array<Record<string, string>> }).SPPCIDataType;
    expect(items[0]).toMatchObject({
      _name: 'display',
      'sppci_vendor-id': '0x1002',
      'sppci_device-id': '0x744c',
      sppci_slot_name: 'Thunderbolt@3,0,0',
      'sppci_link-width': 'x1',
      'sppci_link-speed': '8.0 GT/s',
      sppci_driver_installed: 'Yes',
    });
  });

  it('lists only internal devices when no GPU is present, and no driver when it is not loaded', async () => {
    await sim.setState({ scenario: 'absent' });
    const absent = await sim.run('systemProfiler', ['SPPCIDataType']);
    expect(absent.stdout).toContain('Slot: Internal@0,2,0');
    expect(absent.stdout).not.toContain('Thunderbolt@');

    await sim.setState({ scenario: 'driver-not-loaded' });
    const unbound = await sim.run('systemProfiler', ['SPPCIDataType']);
    expect(unbound.stdout).toContain('Slot: Thunderbolt@3,0,0');
    expect(unbound.stdout).toContain('    display:\n\n      Name: display\n      Type: VGA compatible controller\n      Driver Installed: No\n');
  });

  it('SPThunderboltDataType reports the negotiated port speed, or "Up to" for empty ports', async () => {
    await sim.setState({ scenario: 'connected' });
    const text = await sim.run('systemProfiler', ['SPThunderboltDataType']);
    expect(text.stdout.startsWith('Thunderbolt/USB4:\n\n    Thunderbolt/USB4 Bus 0:\n')).toBe(true);
    expect(text.stdout).toContain('          Status: Device connected\n          Link Status: 0x2\n          Speed: 40 Gb/s\n');
    expect(text.stdout).toContain('          Status: No device connected\n          Link Status: 0x100\n          Speed: Up to 40 Gb/s\n');

    await sim.setState({ scenario: 'degraded-link' });
    const json = await sim.run('systemProfiler', ['SPThunderboltDataType', '-json']);
    const buses = (JSON.parse(json.stdout) as { SPThunderboltDataType: Array<Record<string, unknown>> }).SPThunderboltDataType;
    expect(buses).toHaveLength(3);
    expect(buses[0]).toMatchObject({
      _name: 'thunderboltusb4_bus_0',
      receptacle_1_tag: { current_speed_key: '20 Gb/s', receptacle_status_key: 'receptacle_connected' },
      _items: [{ _name: 'Core X V2', receptacle_upstream_ambiguous_tag: { current_speed_key: '20 Gb/s' } }],
    });

    await sim.setState({ scenario: 'absent' });
    const empty = await sim.run('systemProfiler', ['SPThunderboltDataType', '-json']);
    const emptyBuses = (JSON.parse(empty.stdout) as { SPThunderboltDataType: Array<Record<string, unknown>> })
      .SPThunderboltDataType;
    for (const [index, bus] of emptyBuses.entries()) {
      expect(bus[`receptacle_${index + 1}_tag`]).toMatchObject({
        current_speed_key: 'Up to 40 Gb/s',
        receptacle_status_key: 'receptacle_no_devices_connected',
      });
      expect(bus['_items']).toBeUndefined();
    }
  });

  it('writes JSON the way system_profiler spaces it ("key" : value)', async () => {
    await sim.setState({ scenario: 'connected' });
    const run = await sim.run('systemProfiler', ['-json', 'SPPCIDataType']);
    expect(run.stdout.startsWith('{\n  "SPPCIDataType" : [\n')).toBe(true);
  });

  it('SPDisplaysDataType lists the eGPU next to the built-in GPU only while it is on the bus', async () => {
    await sim.setState({ scenario: 'connected' });
    const present = await sim.run('systemProfiler', ['SPDisplaysDataType']);
    expect(present.stdout).toContain(
      '    Display:\n\n      Type: External GPU\n      Bus: PCIe\n      PCIe Lane Width: x4\n      Vendor: NVIDIA (0x10de)\n      Device ID: 0x2684\n',
    );
    await sim.setState({ scenario: 'absent' });
    const gone = await sim.run('systemProfiler', ['SPDisplaysDataType']);
    expect(gone.stdout).toContain('Chipset Model: Apple M4');
    expect(gone.stdout).not.toContain('External GPU');
  });

  it('prints usage on stderr for an unknown option', async () => {
    const run = await sim.run('systemProfiler', ['-bogus']);
    expect(run).toMatchObject({ stdout: '', code: 1 });
    expect(run.stderr).toMatch(/^Usage: system_profiler/);
  });
});

describe('ioreg', () => {
  it('-n tinygpu shows the tinygpu service and its properties while the driver is bound', async () => {
    await sim.setState({ scenario: 'connected' });
    const run = await sim.run('ioreg', ['-n', 'tinygpu']);
    expect(run.code).toBe(0);
    expect(run.stdout.startsWith('+-o Root  <class IORegistryEntry')).toBe(true);
    expect(run.stdout).toMatch(/\|\s+\+-o tinygpu {2}<class IOUserService, id 0x[0-9a-f]+, registered, matched, active/);
    expect(run.stdout).toContain('"CFBundleIdentifier" = "org.tinygrad.tinygpu.driver2"');
  });

  it('has no tinygpu service when the driver is not bound; -r then prints nothing', async () => {
    for (const scenario of ['absent', 'driver-not-loaded', 'awaiting-approval'] as const) {
      await sim.setState({ scenario });
      const tree = await sim.run('ioreg', ['-n', 'tinygpu']);
      expect(tree.code).toBe(0);
      expect(tree.stdout).not.toContain('+-o tinygpu');
      expect(await sim.run('ioreg', ['-r', '-n', 'tinygpu'])).toMatchObject({ stdout: '', code: 0 });
    }
  });

  it('-c IOHIDSystem carries HIDIdleTime in nanoseconds from the state file', async () => {
    await sim.setState({ scenario: 'connected', idleSeconds: 120 });
    const run = await sim.run('ioreg', ['-c', 'IOHIDSystem']);
    expect(run.stdout).toMatch(/^[ |]*"HIDIdleTime" = 120000000000$/m);
  });

  it('prints usage on stderr for an unknown flag', async () => {
    const run = await sim.run('ioreg', ['-Q']);
    expect(run).toMatchObject({ stdout: '', code: 1 });
    expect(run.stderr).toMatch(/^usage: ioreg/);
  });
});

describe('ps -axo pid=,command=', () => {
  const SERVER_LINE = /^ *\d+ \/Applications\/TinyGPU\.app\/Contents\/MacOS\/TinyGPU server \/var\/folders\/xx\/T\/tinygpu\.sock$/m;

  it('includes the TinyGPU server line while tinygrad runs, among ordinary processes', async () => {
    await sim.setState({ scenario: 'connected' });
    const run = await sim.run('ps', ['-axo', 'pid=,command=']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(SERVER_LINE);
    expect(run.stdout).toMatch(/^ {4}1 \/sbin\/launchd$/m);
    for (const line of run.stdout.trimEnd().split('\n')) expect(line).toMatch(/^ *\d+ \S/);
  });

  it('drops it when tinygrad is not running (by default without a bound driver, or when told)', async () => {
    await sim.setState({ scenario: 'absent' });
    expect((await sim.run('ps', ['-axo', 'pid=,command='])).stdout).not.toMatch(SERVER_LINE);
    await sim.setState({ scenario: 'connected', tinygradRunning: false });
    expect((await sim.run('ps', ['-axo', 'pid=,command='])).stdout).not.toMatch(SERVER_LINE);
  });

  it('prints a header only for columns without "="', async () => {
    await sim.setState({ scenario: 'connected' });
    const run = await sim.run('ps', ['-ax', '-o', 'pid,command']);
    expect(run.stdout.split('\n')[0]).toBe('  PID COMMAND');
  });

  it('prints usage on stderr for an unknown flag', async () => {
    const run = await sim.run('ps', ['-Z']);
    expect(run).toMatchObject({ stdout: '', code: 1 });
    expect(run.stderr).toContain('usage: ps');
  });
});

describe('pmset', () => {
  it('-g shows the sleep timer from the state file', async () => {
    await sim.setState({ scenario: 'connected', sleepMinutes: 3 });
    const run = await sim.run('pmset', ['-g']);
    expect(run.stdout.startsWith('System-wide power settings:\nCurrently in use:\n')).toBe(true);
    expect(run.stdout).toMatch(/^ sleep {16}3$/m);
    expect(run.stdout).toMatch(/^ Sleep On Power Button 1$/m);
  });

  it('-g assertions opens with a timestamp and lists no sleep prevention', async () => {
    const run = await sim.run('pmset', ['-g', 'assertions']);
    const lines = run.stdout.split('\n');
    expect(lines[0]).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} [+-]\d{4}$/);
    expect(lines[1]).toBe('Assertion status system-wide:');
    expect(run.stdout).toMatch(/^ {3}PreventUserIdleSystemSleep +0$/m);
    expect(run.stdout).toContain('Listed by owning process:\n');
  });

  it('-g batt reports AC power', async () => {
    expect(await sim.run('pmset', ['-g', 'batt'])).toMatchObject({ stdout: "Now drawing from 'AC Power'\n", code: 0 });
  });

  it('prints usage on stderr for anything else', async () => {
    const run = await sim.run('pmset', ['-x']);
    expect(run).toMatchObject({ stdout: '', code: 1 });
    expect(run.stderr).toMatch(/^Usage: pmset/);
  });
});
