import type { RawTransport } from '../../core/api/transport';

declare global {
  interface Window {
    /** Present in the Electron app (exposed by the preload); absent in web mode. */
    companion?: RawTransport;
  }
}
export {};
