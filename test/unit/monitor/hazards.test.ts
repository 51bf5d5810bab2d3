import { describe, expect, it } from 'vitest';
import type { Hazard } from '../../../src/core/api/schemas';
import {
  DEAD_LINK_HAZARD_ID,
  DRIVER_NOT_BOUND_HAZARD_ID,
  INTEL_HOST_HAZARD_ID,
  PROBE_FAILING_HAZARD_ID,
  experimentalGpuId,
  hotPlugAppearedId,
  hotPlugLostId,
  linkHazardId,
  unsupportedGpuId,
} from '../../../src/core/api/hazards';
import { APPROVAL_SETTINGS_URL, deriveHazards, isIntelHost } from '../../../src/core/monitor/hazards';
import { dismissHazard } from '../../../src/core/monitor/reducer';
import {
  MINUTE,
  SECOND,
  T0,
  arcB580,
  driver,
  failed,
  finalOf,
  health,
  link,
  rtx2080,
  rtx4090,
  rtx5090,
  runPolls,
  seen,
  type Step,
} from '../../builders/monitor';

function hazardsAfter(steps: Step[]): Hazard[] {
  return finalOf(runPolls(steps)).hazards;
}

function only(hazards: Hazard[], id: string): Hazard {
  const hazard = hazards.find((candidate) => candidate.id === id);
  if (!hazard) throw new Error(`no hazard ${id} in [${hazards.map((h) => h.id).join(', ')}]`);
  return hazard;
}

const actionKinds = (hazard: Hazard) => hazard.actions.map((action) => action.kind);

describe('hazards: hot-plug', () => {
  it('warns about a GPU connected while the Mac was awake, with Refresh and Dismiss', () => {
    const hazard = only(hazardsAfter([seen(T0 + SECOND, []), seen(T0 + 5 * MINUTE, [rtx4090()])]), hotPlugAppearedId(rtx4090().key));
    expect(hazard).toMatchObject({ severity: 'warning', title: 'eGPU was connected while the Mac was awake', since: T0 + 5 * MINUTE });
    expect(hazard.why).toMatch(/unreliable in TinyGPU driver 1\.0\.x/);
    expect(hazard.why).toMatch(/restart the Mac with the eGPU connected/);
    expect(actionKinds(hazard)).toEqual(['refresh', 'dismiss']);
  });

  it('keeps the hot-plug warning while the GPU stays connected', () => {
    const hazards = hazardsAfter([seen(T0 + SECOND, []), seen(T0 + 5 * MINUTE, [rtx4090()]), seen(T0 + 50 * MINUTE, [rtx4090()])]);
    expect(only(hazards, hotPlugAppearedId(rtx4090().key)).since).toBe(T0 + 5 * MINUTE);
  });

  it('flags a GPU that vanished while the Mac was awake as critical, with what to do', () => {
    const hazard = only(hazardsAfter([seen(T0 + SECOND, [rtx4090()]), seen(T0 + 5 * MINUTE, [])]), hotPlugLostId(rtx4090().key));
    expect(hazard).toMatchObject({ severity: 'critical', title: 'eGPU disconnected while in use' });
    expect(hazard.why).toMatch(/save your work/);
    expect(hazard.why).toMatch(/restart the Mac before using it again/);
    expect(hazard.why).not.toMatch(/Blackwell/);
    expect(actionKinds(hazard)).toEqual(['refresh', 'copy-diagnostics']);
  });

  it('tells Blackwell owners to power-cycle the enclosure', () => {
    const hazard = only(hazardsAfter([seen(T0 + SECOND, [rtx5090()]), seen(T0 + 5 * MINUTE, [])]), hotPlugLostId(rtx5090().key));
    expect(hazard.why).toMatch(/Blackwell.*power cycle/);
  });

  it('clears the disconnect once the GPU is back', () => {
    const hazards = hazardsAfter([seen(T0 + SECOND, [rtx4090()]), seen(T0 + 5 * MINUTE, []), seen(T0 + 6 * MINUTE, [rtx4090()])]);
    expect(hazards.map((hazard) => hazard.id)).not.toContain(hotPlugLostId(rtx4090().key));
  });
});

describe('hazards: link', () => {
  it('warns about a narrow link with the effect and the likely cause, dismissible', () => {
    const narrow = rtx4090({ link: link({ pcieWidth: 1, pcieGen: 3 }) });
    const hazard = only(hazardsAfter([seen(T0 + SECOND, [narrow])]), linkHazardId(narrow.key));
    expect(hazard).toMatchObject({ severity: 'warning', title: 'eGPU link is slower than expected' });
    expect(hazard.why).toMatch(/PCIe x1 instead of x4/);
    expect(hazard.why).toMatch(/about 4× slower/);
    expect(hazard.why).toMatch(/not through a hub/);
    expect(actionKinds(hazard)).toEqual(['refresh', 'dismiss']);
  });

  it('flags USB 3 as critical: no compute at all', () => {
    const usb3 = rtx4090({ link: link({ kind: 'usb3', label: 'USB 3.2', pcieWidth: null, pcieGen: null }) });
    const hazard = only(hazardsAfter([seen(T0 + SECOND, [usb3])]), linkHazardId(usb3.key));
    expect(hazard).toMatchObject({ severity: 'critical', title: 'eGPU is connected over USB 3, not Thunderbolt' });
    expect(hazard.why).toMatch(/cannot be used for compute at all/);
  });

  it('flags a link that is down', () => {
    const down = rtx4090({ link: link({ up: false }) });
    expect(only(hazardsAfter([seen(T0 + SECOND, [down])]), linkHazardId(down.key))).toMatchObject({
      severity: 'critical',
      title: 'eGPU link is down',
    });
  });

  it('says nothing about a good link', () => {
    expect(hazardsAfter([seen(T0 + SECOND, [rtx4090()])])).toEqual([]);
  });
});

describe('hazards: driver', () => {
  it('offers setup when the driver is not installed', () => {
    const hazard = only(hazardsAfter([seen(T0 + SECOND, [], { driver: driver('not-installed') })]), 'driver-not-installed');
    expect(hazard.severity).toBe('warning');
    expect(hazard.actions).toContainEqual({ kind: 'open-setup', label: 'Set up the driver' });
  });

  it('links to the approval pane when the driver awaits approval', () => {
    const hazard = only(hazardsAfter([seen(T0 + SECOND, [], { driver: driver('awaiting-approval') })]), 'driver-awaiting-approval');
    expect(hazard.severity).toBe('warning');
    expect(hazard.why).toMatch(/Toggle TinyGPU on in System Settings › General › Login Items & Extensions › Driver Extensions/);
    expect(hazard.actions[0]).toEqual({ kind: 'open-url', label: 'Open System Settings', url: APPROVAL_SETTINGS_URL });
    expect(APPROVAL_SETTINGS_URL).toBe('x-apple.systempreferences:com.apple.LoginItems-Settings.extension');
  });

  it('notes an activating driver as information only', () => {
    const hazard = only(hazardsAfter([seen(T0 + SECOND, [], { driver: driver('activating') })]), 'driver-activating');
    expect(hazard.severity).toBe('info');
    expect(actionKinds(hazard)).toEqual(['refresh']);
  });

  it('asks for a restart when the driver waits to uninstall', () => {
    const hazard = only(hazardsAfter([seen(T0 + SECOND, [], { driver: driver('waiting-to-uninstall') })]), 'driver-waiting-to-uninstall');
    expect(hazard).toMatchObject({ severity: 'warning', title: 'Restart to finish removing TinyGPU' });
  });

  it('says nothing when the driver is ready or the source cannot tell', () => {
    expect(hazardsAfter([seen(T0 + SECOND, [rtx4090()], { driver: driver('ready') })])).toEqual([]);
    expect(hazardsAfter([seen(T0 + SECOND, [rtx4090()], { driver: driver('unknown') })])).toEqual([]);
  });
});

describe('hazards: host and GPU generation', () => {
  it('blocks setup on an Intel Mac', () => {
    const hazards = hazardsAfter([{ outcome: seen(T0 + SECOND, [], { driver: driver('not-installed') }), ctx: { hostArch: 'x64' } }]);
    const intel = only(hazards, INTEL_HOST_HAZARD_ID);
    expect(intel).toMatchObject({ severity: 'critical', title: 'Intel Macs are reported to kernel-panic with TinyGPU' });
    expect(hazards[0]?.id).toBe(INTEL_HOST_HAZARD_ID);
    expect(hazards.flatMap(actionKinds)).not.toContain('open-setup');
  });

  it('recognises Intel architecture names and nothing else', () => {
    expect(['x86_64', 'x64', 'X86_64'].map(isIntelHost)).toEqual([true, true, true]);
    expect(['arm64', 'aarch64', null].map(isIntelHost)).toEqual([false, false, false]);
  });

  it('flags a pre-Ampere GPU as unsupported', () => {
    const hazard = only(hazardsAfter([seen(T0 + SECOND, [rtx2080()])]), unsupportedGpuId(rtx2080().key));
    expect(hazard).toMatchObject({ severity: 'critical', title: 'RTX 2080 is not supported by TinyGPU' });
    expect(hazard.why).toMatch(/older than Ampere.*TinyGPU needs Ampere or newer/i);
    expect(hazard.why).toMatch(/cannot be used for compute/);
  });

  it('calls an Intel GPU unsupported, not experimental', () => {
    const hazards = hazardsAfter([seen(T0 + SECOND, [arcB580()])]);
    const hazard = only(hazards, unsupportedGpuId(arcB580().key));
    expect(hazard).toMatchObject({ severity: 'critical', title: 'Arc B580 is not supported by TinyGPU' });
    expect(hazard.why).toMatch(/NVIDIA \(0x10de\) and AMD \(0x1002\)/);
    expect(hazards.map((h) => h.id)).not.toContain(experimentalGpuId(arcB580().key));
  });
});

describe('hazards: health and the probe', () => {
  it('flags a dead link as critical with a power-cycle', () => {
    const hazard = only(hazardsAfter([seen(T0 + SECOND, [rtx4090()], { health: health({ deadLink: true }) })]), DEAD_LINK_HAZARD_ID);
    expect(hazard.severity).toBe('critical');
    expect(hazard.why).toMatch(/all ones/);
    expect(hazard.why).toMatch(/switch the enclosure off/);
  });

  it('warns when the driver is not bound to a present GPU', () => {
    const hazard = only(hazardsAfter([seen(T0 + SECOND, [rtx4090()], { health: health({ driverBound: false }) })]), DRIVER_NOT_BOUND_HAZARD_ID);
    expect(hazard.severity).toBe('warning');
    expect(actionKinds(hazard)).toEqual(['refresh', 'copy-diagnostics']);
  });

  it('does not complain about binding with no GPU or no driver', () => {
    expect(hazardsAfter([seen(T0 + SECOND, [], { health: health({ driverBound: false }) })])).toEqual([]);
    const notInstalled = hazardsAfter([seen(T0 + SECOND, [rtx4090()], { driver: driver('not-installed'), health: health({ driverBound: false }) })]);
    expect(notInstalled.map((hazard) => hazard.id)).toEqual(['driver-not-installed']);
  });

  it('warns once the probe has failed twice in a row, with the error line', () => {
    const once = hazardsAfter([seen(T0 + SECOND, [rtx4090()]), failed(T0 + 3 * SECOND)]);
    expect(once.map((hazard) => hazard.id)).not.toContain(PROBE_FAILING_HAZARD_ID);
    const twice = hazardsAfter([seen(T0 + SECOND, [rtx4090()]), failed(T0 + 3 * SECOND), failed(T0 + 5 * SECOND)]);
    const hazard = only(twice, PROBE_FAILING_HAZARD_ID);
    expect(hazard).toMatchObject({ severity: 'warning', title: "Can't read the eGPU status", since: T0 + 5 * SECOND });
    expect(hazard.why).toMatch(/^tinygpu did not answer within 3 s\./);
    expect(actionKinds(hazard)).toEqual(['refresh', 'copy-diagnostics']);
  });
});

describe('hazards: order, ids and dismissal', () => {
  it('sorts critical before warning before info', () => {
    const hazards = hazardsAfter([
      {
        outcome: seen(T0 + SECOND, [arcB580({ link: link({ pcieWidth: 2 }) })], {
          driver: driver('activating'),
          health: health({ deadLink: true }),
        }),
        ctx: { hostArch: 'x86_64' },
      },
    ]);
    expect(hazards.map((hazard) => hazard.severity)).toEqual(['critical', 'critical', 'critical', 'warning', 'info']);
    expect(new Set(hazards.map((hazard) => hazard.id)).size).toBe(hazards.length);
  });

  it('keeps ids and first-seen times stable across polls', () => {
    const results = runPolls([
      seen(T0 + SECOND, [rtx4090({ link: link({ pcieWidth: 1 }) })]),
      seen(T0 + 3 * SECOND, [rtx4090({ link: link({ pcieWidth: 1 }) })]),
    ]);
    expect(results[0]?.hazards).toEqual(results[1]?.hazards);
    expect(results[1]?.hazards[0]?.since).toBe(T0 + SECOND);
  });

  it('leaves dismissed hazards out', () => {
    const [result] = runPolls([seen(T0 + SECOND, [arcB580()])]);
    const state = dismissHazard(result!.state, unsupportedGpuId(arcB580().key), T0 + 2 * SECOND);
    expect(deriveHazards(state, result!.ctx)).toEqual([]);
  });
});
