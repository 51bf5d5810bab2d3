// Preloaded with `node --import tsx --import ./register-electron-double.mjs out/main/index.js`.
// ES modules reach the double through the resolve hook; a CommonJS `require('electron')` (from a
// dependency) reaches the same objects through electron-double.cjs.
import Module, { register } from 'node:module';
import { fileURLToPath } from 'node:url';

register('./electron-loader.mjs', import.meta.url);
await import('./electron-double.ts');

const cjsDouble = fileURLToPath(new URL('./electron-double.cjs', import.meta.url));
const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  if (request === 'electron' || request === 'electron/main') return cjsDouble;
  return resolveFilename.call(this, request, ...rest);
};
