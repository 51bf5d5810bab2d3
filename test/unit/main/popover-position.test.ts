import { describe, expect, it } from 'vitest';
import { popoverPosition } from '../../../src/main/popover-position';

const WINDOW = { width: 380, height: 560 };
// A 1512×982 MacBook display; the menu bar takes the top 24 points.
const LAPTOP = { x: 0, y: 24, width: 1512, height: 958 };
const icon = (x: number, y = 0) => ({ x, y, width: 24, height: 24 });

describe('popoverPosition', () => {
  it('centres the popover under the icon, just below the menu bar', () => {
    expect(popoverPosition(icon(1000), WINDOW, LAPTOP)).toEqual({ x: 1000 + 12 - 190, y: 24 });
  });

  it('keeps the popover on screen when the icon is near the right edge', () => {
    expect(popoverPosition(icon(1480), WINDOW, LAPTOP)).toEqual({ x: 1512 - 380, y: 24 });
  });

  it('keeps the popover on screen when the icon is near the left edge', () => {
    expect(popoverPosition(icon(40), WINDOW, LAPTOP)).toEqual({ x: 0, y: 24 });
  });

  it('falls back to the top-right corner when the icon bounds are unknown (all zero)', () => {
    expect(popoverPosition({ x: 0, y: 0, width: 0, height: 0 }, WINDOW, LAPTOP)).toEqual({ x: 1512 - 380, y: 24 });
  });

  it('falls back to the top-right corner when the bounds are not numbers', () => {
    expect(popoverPosition({ x: Number.NaN, y: 0, width: 24, height: 24 }, WINDOW, LAPTOP)).toEqual({ x: 1132, y: 24 });
  });

  it('always returns integers (fractions crashed Electron, menubar #233)', () => {
    const retinaIcon = { x: 1001.5, y: 0.5, width: 23.25, height: 22.75 };
    const position = popoverPosition(retinaIcon, { width: 380.4, height: 560 }, { x: 0.5, y: 24.5, width: 1511, height: 957 });
    expect(Number.isInteger(position.x)).toBe(true);
    expect(Number.isInteger(position.y)).toBe(true);
  });

  it('uses the work area of a second display left of the main one (negative origin)', () => {
    const left = { x: -1920, y: 25, width: 1920, height: 1055 };
    expect(popoverPosition(icon(-300), WINDOW, left)).toEqual({ x: -300 + 12 - 190, y: 25 });
    expect(popoverPosition(icon(-1915), WINDOW, left)).toEqual({ x: -1920, y: 25 });
    expect(popoverPosition(icon(-20), WINDOW, left)).toEqual({ x: -380, y: 25 });
  });

  it('handles a display above the main one (negative y)', () => {
    const above = { x: 200, y: -1415, width: 2560, height: 1415 - 25 };
    expect(popoverPosition(icon(2000, -1440), WINDOW, above)).toEqual({ x: 2000 + 12 - 190, y: -1415 });
  });

  it('opens above an icon that sits in a bottom taskbar', () => {
    const screen = { x: 0, y: 0, width: 1920, height: 1040 };
    expect(popoverPosition(icon(1700, 1045), WINDOW, screen)).toEqual({ x: 1700 + 12 - 190, y: 1040 - 560 });
  });

  it('pins a window larger than the work area to its top-left corner', () => {
    const tiny = { x: 0, y: 24, width: 300, height: 400 };
    expect(popoverPosition(icon(100), WINDOW, tiny)).toEqual({ x: 0, y: 24 });
  });
});
