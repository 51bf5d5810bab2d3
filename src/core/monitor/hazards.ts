// Hazard rules: what is wrong (or risky) right now, why, and what the user can do about it.
// Pure: everything comes from the monitor's memory and the context.
import { linkText, shortGpuName } from '../api/present';
import type { Device, Hazard, HazardAction } from '../api/schemas';
import { gpuSupport } from '../probe/gpu-support';
import {
  DEAD_LINK_HAZARD_ID,
  DRIVER_NOT_BOUND_HAZARD_ID,
  INTEL_HOST_HAZARD_ID,
  PROBE_FAILING_HAZARD_ID,
  experimentalGpuId,
  hotPlugAppearedId,
  hotPlugLostId,
  linkHazardId,
  missingAfterWakeId,
  unsupportedGpuId,
  sortHazards,
} from '../api/hazards';
import { assessLinkAgainstBaseline } from './link-quality';
import { isProbeFailing, type MonitorContext, type MonitorState } from './monitor-state';
import { tinygpuDriverHazards } from './driver-hazards';

export const APPROVAL_SETTINGS_URL = 'x-apple.systempreferences:com.apple.LoginItems-Settings.extension';

/** One failed poll is often a blip; the hazard (and its notification) waits for a second one. */
export const PROBE_FAILING_HAZARD_AFTER = 2;

const REFRESH: HazardAction = { kind: 'refresh', label: 'Refresh' };
const DISMISS: HazardAction = { kind: 'dismiss', label: 'Dismiss' };
const COPY_DIAGNOSTICS: HazardAction = { kind: 'copy-diagnostics', label: 'Copy diagnostics' };
const OPEN_SETUP: HazardAction = { kind: 'open-setup', label: 'Set up the driver' };
const OPEN_APPROVAL_SETTINGS: HazardAction = { kind: 'open-url', label: 'Open System Settings', url: APPROVAL_SETTINGS_URL };

/** A hazard before its first-seen time is known; rules that remember their own start set `since`. */
type HazardDraft = Omit<Hazard, 'since'> & { since?: number };

const INTEL_ARCHES = /^(?:x86_64|x64|amd64|i[3-6]86|ia32)$/i;

export function isIntelHost(arch: string | null): boolean {
  return arch !== null && INTEL_ARCHES.test(arch.trim());
}

/** The hazards to show: sorted critical → warning → info, dismissed ones left out. */
export function deriveHazards(state: MonitorState, ctx: MonitorContext): Hazard[] {
  return sortHazards(collectHazards(state, ctx).filter((hazard) => !(hazard.id in state.dismissed)));
}

/** Every active hazard, dismissed or not, with `since` resolved from memory. */
export function collectHazards(state: MonitorState, ctx: MonitorContext): Hazard[] {
  // Within a severity, rule order decides: what the user can act on first, notes of the past last.
  const drafts = [
    ...hostHazards(state, ctx),
    ...hotPlugLostHazards(state),
    ...missingAfterWakeHazards(state),
    ...healthHazards(state),
    ...probeHazards(state),
    ...driverHazards(state, ctx),
    ...tinygpuDriverHazards(state),
    ...state.devices.flatMap((device) => deviceHazards(state, device)),
    ...hotPlugAppearedHazards(state),
  ];
  // Deterministic for a given state, so repeated derivations agree on `since` (and notification ids).
  const fallbackSince = state.probe.lastAt ?? ctx.now;
  const seen = new Set<string>();
  const hazards: Hazard[] = [];
  for (const { since, ...draft } of drafts) {
    if (seen.has(draft.id)) continue;
    seen.add(draft.id);
    hazards.push({ ...draft, since: since ?? state.hazardSince[draft.id] ?? fallbackSince });
  }
  return hazards;
}

function hostHazards(state: MonitorState, ctx: MonitorContext): HazardDraft[] {
  if (!isIntelHost(ctx.hostArch ?? state.health.hostArch)) return [];
  return [
    {
      id: INTEL_HOST_HAZARD_ID,
      severity: 'critical',
      title: 'Intel Macs are reported to kernel-panic with TinyGPU',
      why:
        'This Mac has an Intel processor. Users running TinyGPU on Intel Macs reported kernel panics when the driver starts the GPU, and the driver is only supported on Apple Silicon (M1 or later). Driver setup is blocked on this Mac.',
      actions: [],
    },
  ];
}

function hotPlugLostHazards(state: MonitorState): HazardDraft[] {
  return Object.entries(state.hotPlug.lost).map(([key, { at, device }]): HazardDraft => {
    const blackwell = isBlackwell(device)
      ? ' This is a Blackwell card (RTX 50-series): if it does not come back, switch the enclosure off and on again before restarting; its reset often only recovers after a power cycle.'
      : '';
    return {
      id: hotPlugLostId(key),
      severity: 'critical',
      title: 'eGPU disconnected while in use',
      why: `${device.name} disappeared while the Mac was awake. Anything running on it has failed or will hang, so save your work. Reconnect the eGPU, then restart the Mac before using it again: the driver does not recover from a hot-unplug.${blackwell}`,
      actions: [REFRESH, COPY_DIAGNOSTICS],
      since: at,
    };
  });
}

function missingAfterWakeHazards(state: MonitorState): HazardDraft[] {
  return Object.entries(state.hotPlug.missingAfterWake).map(([key, { at, device }]): HazardDraft => {
    const blackwell = isBlackwell(device) ? ' A Blackwell card (RTX 50-series) often needs the enclosure switched off and on again first.' : '';
    return {
      id: missingAfterWakeId(key),
      severity: 'warning',
      title: 'eGPU did not come back after sleep',
      why: `${device.name} was connected before the Mac slept and is gone since it woke: the Thunderbolt link does not survive sleep reliably with TinyGPU. Reconnect the eGPU, then restart the Mac with it connected before using it.${blackwell} While the eGPU is in use, keep the Mac from sleeping.`,
      actions: [REFRESH, COPY_DIAGNOSTICS, DISMISS],
      since: at,
    };
  });
}

function hotPlugAppearedHazards(state: MonitorState): HazardDraft[] {
  return Object.entries(state.hotPlug.appeared).map(
    ([key, { at, name }]): HazardDraft => ({
      id: hotPlugAppearedId(key),
      severity: 'warning',
      title: 'eGPU was connected while the Mac was awake',
      why: `${name} was plugged in while the Mac was running. Hot-plug is unreliable in TinyGPU driver 1.0.x: connect the eGPU before starting or waking the Mac. If the GPU is missing, errors or hangs, restart the Mac with the eGPU connected.`,
      actions: [REFRESH, DISMISS],
      since: at,
    }),
  );
}

function isBlackwell(device: Device): boolean {
  const family = gpuSupport({ vendorId: device.vendorId, deviceId: device.deviceId, name: device.name }).family;
  return /blackwell/i.test(family ?? '') || /\bRTX\s*50\d0\b/i.test(device.name);
}

function probeHazards(state: MonitorState): HazardDraft[] {
  const failures = state.probe.consecutiveFailures;
  if (!isProbeFailing(state) || failures < PROBE_FAILING_HAZARD_AFTER) return [];
  return [
    {
      id: PROBE_FAILING_HAZARD_ID,
      severity: 'warning',
      title: "Can't read the eGPU status",
      why: `${state.probe.error ?? 'The probe failed'}. The last ${failures} checks failed, so what is shown may be out of date. If this continues, copy the diagnostics: they include what each command printed.`,
      actions: [REFRESH, COPY_DIAGNOSTICS],
    },
  ];
}

function driverHazards(state: MonitorState, ctx: MonitorContext): HazardDraft[] {
  const intel = isIntelHost(ctx.hostArch ?? state.health.hostArch);
  switch (state.driver.state) {
    case 'not-installed':
      return [
        {
          id: 'driver-not-installed',
          severity: 'warning',
          title: 'TinyGPU driver is not installed',
          why: 'The eGPU cannot be used for compute until the TinyGPU driver extension is installed and approved in System Settings.',
          // Setup is blocked on Intel Macs (see the host hazard).
          actions: intel ? [REFRESH] : [OPEN_SETUP, REFRESH],
        },
      ];
    case 'awaiting-approval':
      return [
        {
          id: 'driver-awaiting-approval',
          severity: 'warning',
          title: 'TinyGPU is waiting for your approval',
          why: 'Toggle TinyGPU on in System Settings › General › Login Items & Extensions › Driver Extensions. Until then macOS does not let the driver run and the eGPU cannot be used.',
          actions: [OPEN_APPROVAL_SETTINGS, REFRESH],
        },
      ];
    case 'activating':
      return [
        {
          id: 'driver-activating',
          severity: 'info',
          title: 'TinyGPU driver is starting',
          why: 'macOS is activating the driver extension; this usually takes a few seconds. If it stays like this, restart the Mac.',
          actions: [REFRESH],
        },
      ];
    case 'waiting-to-uninstall':
      return [
        {
          id: 'driver-waiting-to-uninstall',
          severity: 'warning',
          title: 'Restart to finish removing TinyGPU',
          why: 'The TinyGPU driver extension is marked for removal, which macOS completes on restart. Until then the eGPU may not work. If you meant to keep the driver, restart and set it up again.',
          actions: intel ? [REFRESH] : [REFRESH, OPEN_SETUP],
        },
      ];
    default:
      return [];
  }
}

function healthHazards(state: MonitorState): HazardDraft[] {
  const hazards: HazardDraft[] = [];
  if (state.health.deadLink === true) {
    hazards.push({
      id: DEAD_LINK_HAZARD_ID,
      severity: 'critical',
      title: 'eGPU is not responding: its link is dead',
      why: "The GPU's PCI vendor id reads all ones (0xffff), so nothing gets through the Thunderbolt link to it. Save your work, switch the enclosure off for about ten seconds and on again, then restart the Mac with the eGPU connected.",
      actions: [REFRESH, COPY_DIAGNOSTICS],
    });
  }
  const driverMayBind = state.driver.state === 'ready' || state.driver.state === 'unknown';
  if (state.health.driverBound === false && state.devices.length > 0 && driverMayBind) {
    hazards.push({
      id: DRIVER_NOT_BOUND_HAZARD_ID,
      severity: 'warning',
      title: 'TinyGPU is not attached to the GPU',
      why: "macOS sees the GPU but the TinyGPU driver did not bind to it, so compute fails with \"Driver not available\". Restart the Mac with the eGPU connected. If it persists, the card may present itself as a 3D controller rather than a display controller, which this driver version does not match; copy the diagnostics when asking for help.",
      actions: [REFRESH, COPY_DIAGNOSTICS],
    });
  }
  return hazards;
}

function deviceHazards(state: MonitorState, device: Device): HazardDraft[] {
  const hazards: HazardDraft[] = [];
  const support = gpuSupport({ vendorId: device.vendorId, deviceId: device.deviceId, name: device.name });
  const family = support.family ? ` (${support.family})` : '';
  if (support.status === 'unsupported') {
    hazards.push({
      id: unsupportedGpuId(device.key),
      severity: 'critical',
      title: `${shortGpuName(device.name)} is not supported by TinyGPU`,
      why: `${device.name}${family}: ${sentence(support.reason)} TinyGPU drives only the GPUs in its device table (NVIDIA Ampere and newer consumer cards, AMD RDNA3 and newer), so this one cannot be used for compute.`,
      actions: [COPY_DIAGNOSTICS],
    });
  } else if (support.status === 'experimental') {
    hazards.push({
      id: experimentalGpuId(device.key),
      severity: 'info',
      title: `${shortGpuName(device.name)} support is experimental`,
      why: `${device.name}${family}: ${sentence(support.reason)} Expect rough edges.`,
      actions: [DISMISS],
    });
  }

  const assessment = assessLinkAgainstBaseline(device.link, state.linkBaselines[device.key] ?? null);
  if (assessment.quality === 'degraded') {
    const unusable = device.link.up === false || device.link.kind === 'usb3';
    hazards.push({
      id: linkHazardId(device.key),
      severity: unusable ? 'critical' : 'warning',
      title: linkHazardTitle(device),
      why: [`${device.name}: ${linkText(device.link)}.`, ...assessment.problems, assessment.effect, assessment.likelyCause]
        .filter((part) => part !== '')
        .join(' '),
      actions: unusable ? [REFRESH, COPY_DIAGNOSTICS] : [REFRESH, DISMISS],
    });
  }
  return hazards;
}

function linkHazardTitle(device: Device): string {
  if (device.link.up === false) return 'eGPU link is down';
  if (device.link.kind === 'usb3') return 'eGPU is connected over USB 3, not Thunderbolt';
  return 'eGPU link is slower than expected';
}

/** Makes a reason from elsewhere read as a sentence. */
function sentence(text: string): string {
  const trimmed = text.trim();
  if (trimmed === '') return '';
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}
