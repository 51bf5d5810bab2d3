// Popover-only helpers that are not words: the words themselves come from core/api/present.
import type { Device } from '../../core/api/schemas';

export function vramFraction(device: Device): number | null {
  if (device.vramTotalMB === null || device.vramUsedMB === null || device.vramTotalMB === 0) return null;
  return Math.min(1, Math.max(0, device.vramUsedMB / device.vramTotalMB));
}

export function timeAgo(at: number, now: number): string {
  const seconds = Math.max(0, Math.round((now - at) / 1000));
  if (seconds < 5) return 'just now';
  if (seconds < 60) return `${seconds} s ago`;
  const minutes = Math.round(seconds / 60);
  return minutes < 60 ? `${minutes} min ago` : new Date(at).toLocaleTimeString();
}
