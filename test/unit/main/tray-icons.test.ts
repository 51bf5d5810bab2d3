import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { TrayStateSchema } from '../../../src/core/api/schemas';
import { trayIconFor } from '../../../src/main/tray-menu';

const trayDir = path.resolve(__dirname, '../../../resources/tray');

/** Width, height and colour type from a PNG's IHDR chunk. */
function pngHeader(file: string): { width: number; height: number; colorType: number } {
  const bytes = readFileSync(file);
  expect(bytes.subarray(1, 4).toString('ascii')).toBe('PNG');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20), colorType: bytes[25] ?? -1 };
}

describe('tray icon files', () => {
  for (const state of TrayStateSchema.options) {
    it(`ships a 16 px and a 32 px (@2x) template image for "${state}"`, () => {
      const { file } = trayIconFor(state);
      const retina = file.replace(/\.png$/, '@2x.png');
      // 6 = RGBA: template images are black plus alpha.
      expect(pngHeader(path.join(trayDir, file))).toEqual({ width: 16, height: 16, colorType: 6 });
      expect(pngHeader(path.join(trayDir, retina))).toEqual({ width: 32, height: 32, colorType: 6 });
    });
  }
});
