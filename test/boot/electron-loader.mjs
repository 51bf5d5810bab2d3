// Resolve hook for the boot test: `import … from 'electron'` gets the double instead of the npm
// package (which only knows where a downloaded Electron binary would be).
const DOUBLE_URL = new URL('./electron-double.ts', import.meta.url).href;

export async function resolve(specifier, context, nextResolve) {
  if (specifier === 'electron' || specifier === 'electron/main') return { url: DOUBLE_URL, shortCircuit: true };
  return nextResolve(specifier, context);
}
