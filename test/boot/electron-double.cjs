// CommonJS face of the double: the objects electron-double.ts put on globalThis when it loaded.
const surface = globalThis[Symbol.for('egpu-companion.electron-double')];
if (!surface) throw new Error('the Electron double was not preloaded');
module.exports = surface;
