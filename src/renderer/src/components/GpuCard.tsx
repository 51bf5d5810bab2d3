// The compact device block: name, VRAM bar, link and driver, and "Prepare to unplug" for this eGPU.
import type { ReactNode } from 'react';
import type { Device, DriverInfo } from '../../../core/api/schemas';
import { driverLine, linkText, vramLine, vramSourceNote } from '../../../core/api/present';
import { vramFraction } from '../format';
import { MeasuredRate } from './DoctorEntry';

export function GpuCard({ device, driver, degraded, action }: { device: Device; driver: DriverInfo; degraded: boolean; action?: ReactNode }) {
  const fraction = vramFraction(device);
  const source = vramSourceNote(device);
  return (
    <section className="device" aria-label={`GPU ${device.name}`}>
      <div className="device-head">
        <span className="gpu-name" data-testid="gpu-name">
          {device.name}
        </span>
        {action}
      </div>
      <div className="vram-text" data-testid="gpu-vram">
        {vramLine(device)}
        {source && <span className="muted"> · {source}</span>}
      </div>
      <div
        className="vram-bar"
        role="meter"
        aria-label="VRAM in use"
        aria-valuemin={0}
        aria-valuemax={device.vramTotalMB ?? 0}
        aria-valuenow={device.vramUsedMB ?? 0}
        aria-valuetext={fraction === null ? 'unknown' : `${Math.round(fraction * 100)}%`}
      >
        <div className={`vram-fill${fraction === null ? ' vram-unknown' : ''}`} style={{ width: `${Math.round((fraction ?? 1) * 100)}%` }} />
      </div>
      <div className="device-meta">
        <span className={`badge ${degraded ? 'badge-warning' : 'badge-ok'}`} data-testid="gpu-link" title={device.link.label}>
          {linkText(device.link)}
        </span>
        {device.utilizationPct !== null && <span className="badge">{device.utilizationPct}% busy</span>}
      </div>
      <MeasuredRate deviceIndex={device.index} />
      <div className="driver-line" data-testid="gpu-driver">
        {driverLine(device.driver ?? driver)}
      </div>
    </section>
  );
}
