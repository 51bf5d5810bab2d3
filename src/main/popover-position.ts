// Where the popover goes: centred under the menu-bar icon and kept inside the display's work area.

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Size {
  width: number;
  height: number;
}

export interface Point {
  x: number;
  y: number;
}

/**
 * Centres the window under the tray icon (above it when the icon sits in a bottom taskbar), then
 * clamps it into `workArea`. Unknown tray bounds (all zero, as Electron reports before the icon is
 * laid out) fall back to the work area's top-right corner. The result is always integers: setPosition
 * with fractions crashed Electron (menubar #233).
 */
export function popoverPosition(trayBounds: Rect, windowSize: Size, workArea: Rect): Point {
  const width = Math.round(windowSize.width);
  const height = Math.round(windowSize.height);

  if (!hasUsableBounds(trayBounds)) {
    return {
      x: Math.round(clamp(workArea.x + workArea.width - width, workArea.x, workArea.x + workArea.width - width)),
      y: Math.round(workArea.y),
    };
  }

  const centreX = trayBounds.x + trayBounds.width / 2;
  const trayIsInLowerHalf = trayBounds.y > workArea.y + workArea.height / 2;
  const preferredY = trayIsInLowerHalf ? trayBounds.y - height : trayBounds.y + trayBounds.height;

  return {
    x: Math.round(clamp(centreX - width / 2, workArea.x, workArea.x + workArea.width - width)),
    y: Math.round(clamp(preferredY, workArea.y, workArea.y + workArea.height - height)),
  };
}

function hasUsableBounds(bounds: Rect): boolean {
  const values = [bounds.x, bounds.y, bounds.width, bounds.height];
  if (!values.every(Number.isFinite)) return false;
  return bounds.width > 0 && bounds.height > 0 && (bounds.x !== 0 || bounds.y !== 0);
}

/** Clamps into [min, max]; a window larger than the area sticks to `min` (its top-left stays visible). */
function clamp(value: number, min: number, max: number): number {
  if (max < min) return min;
  return Math.min(Math.max(value, min), max);
}
