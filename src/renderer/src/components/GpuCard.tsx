import type { Device, DriverInfo } from '../../../core/api/schemas';
import { driverLine, linkText, vramLine, vramSourceNote } from '../../../core/api/present';
import { vramFraction } from '../format';
import { MeasuredRate } from './DoctorEntry';

export function GpuCard({ device, driver, degraded }: { device: Device; driver: DriverInfo; degraded: boolean }) {
  const fraction = vramFraction(device);
  return (
    <section className="card gpu-card" aria-label={`GPU ${device.name}`}>
      <div className="gpu-name" data-testid="gpu-name">
        {device.name}
      </div>
      <div className="vram">
        <div className="vram-text" data-testid="gpu-vram">
          {vramLine(device)}
          {vramSourceNote(device) && <span className="muted"> · {vramSourceNote(device)}</span>}
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
      </div>
      <div className="gpu-meta">
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
