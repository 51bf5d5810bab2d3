// A port whose next port is free too: a server found on P gets its metering route on P+1.
import net from 'node:net';
import { freePort } from './free-port';

export async function freePortFollowedByFree(): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const port = await freePort();
    if (port < 65535 && (await isFree(port + 1))) return port;
  }
  throw new Error('no two consecutive free ports found');
}

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = net.createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });
}

/** The given ports when all are free (a README picture with the real default ports), else null. */
export async function portsIfFree(ports: number[]): Promise<number[] | null> {
  for (const port of ports) if (!(await isFree(port))) return null;
  return ports;
}
