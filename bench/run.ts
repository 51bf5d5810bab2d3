// `npm run bench`: the speed and memory targets, measured (not asserted by tests, which would flake).
// Needs `npm run build` first (web-mode measurements run the built CLI) and a browser (test/support/browser.ts finds one).
import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createCompanion } from '../src/core/companion';
import { median } from '../src/core/inference/metering/stats';
import { deriveHazards } from '../src/core/monitor/hazards';
import { toAppState } from '../src/core/monitor/app-state';
import { initialMonitorState, type MonitorContext } from '../src/core/monitor/monitor-state';
import { reduce } from '../src/core/monitor/reducer';
import { parseTinygpuList } from '../src/core/probe/parsers';
import { simBinDir, writeSimState } from '../src/core/sim/sim-control';
import { openBrowser, startDemoServer } from '../test/support/web-app';
import { edgesBench } from './edges';
import { hardeningBench } from './hardening';
import { probeCost } from './probe-cost';
import { proxyBench } from './proxy';

interface Result {
  name: string;
  value: string;
  target: string;
}
const results: Result[] = [];

async function webModeStartToVisible(): Promise<void> {
  const browser = await openBrowser();
  const startTimes: number[] = [];
  const unplugTimes: number[] = [];
  try {
    for (let run = 0; run < 3; run += 1) {
      const started = performance.now();
      const app = await startDemoServer();
      await browser.page.goto(app.url);
      await browser.page.getByTestId('gpu-name').waitFor({ timeout: 15_000 });
      startTimes.push(performance.now() - started);
      const flipped = performance.now();
      await writeSimState(app.simStateFile, { scenario: 'absent' });
      await browser.page.getByTestId('no-device').waitFor({ timeout: 15_000 });
      unplugTimes.push(performance.now() - flipped);
      await app.stop();
    }
  } finally {
    await browser.close();
  }
  results.push({ name: 'serve --demo: process start → RTX 4090 on the page (median of 3)', value: `${median(startTimes)!.toFixed(0)} ms`, target: '< 2000 ms' });
  results.push({ name: 'simulator flipped to absent → page shows disconnected (median of 3)', value: `${median(unplugTimes)!.toFixed(0)} ms`, target: '< 2 poll intervals (4000 ms)' });
}

async function pollCycle(): Promise<void> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'egpu-bench-'));
  const simStateFile = path.join(dataDir, 'sim.json');
  await writeSimState(simStateFile, { scenario: 'connected' });
  const core = createCompanion({ dataDir, transport: 'direct', demo: { simStateFile, simBinDir: simBinDir() } });
  await core.start();
  const times: number[] = [];
  const rssBefore = process.memoryUsage().rss;
  for (let i = 0; i < 40; i += 1) {
    const t = performance.now();
    await core.refresh({});
    times.push(performance.now() - t);
  }
  const rssAfter = process.memoryUsage().rss;
  await core.stop();
  results.push({ name: 'one poll: spawn `tinygpu list` + health checks + parse + reduce (median of 40)', value: `${median(times)!.toFixed(1)} ms`, target: '< 250 ms (2 s interval)' });
  results.push({ name: 'RSS growth over 40 polls', value: `${((rssAfter - rssBefore) / 1024 / 1024).toFixed(1)} MiB`, target: '< 20 MiB' });
}

function pureHotPath(): void {
  const sample = 'Device 0: NVIDIA GeForce RTX 4090\n  VRAM: 24576 MB GDDR6X\n  Driver: TinyGPU 1.0.2 (Apple Signed)\n  Connection: Thunderbolt 4 (PCIe x4 Gen4)\n';
  const iterations = 20_000;
  let t = performance.now();
  for (let i = 0; i < iterations; i += 1) parseTinygpuList(sample);
  const parseUs = ((performance.now() - t) * 1000) / iterations;

  const parsed = parseTinygpuList(sample);
  if (!parsed.ok) throw new Error('sample did not parse');
  const ctx: MonitorContext = { now: 0, appStartedAt: 0, lastResumeAt: null, asleep: false, hostArch: 'arm64', intervalMs: 2000 };
  let state = initialMonitorState();
  t = performance.now();
  for (let i = 0; i < iterations; i += 1) {
    const snapshot = { at: i * 2000, source: 'tinygpu' as const, driver: parsed.value.devices[0]!.driver!, devices: parsed.value.devices, health: { driverBound: true, serverRunning: true, deadLink: false, hostArch: 'arm64' }, errors: [], raw: [] };
    state = reduce(state, { kind: 'snapshot', snapshot }, { ...ctx, now: i * 2000 }).state;
    toAppState(state, deriveHazards(state, ctx), { notices: [], demo: null, intervalMs: 2000 });
  }
  const reduceUs = ((performance.now() - t) * 1000) / iterations;
  results.push({ name: 'parse `tinygpu list` (guide sample)', value: `${parseUs.toFixed(1)} µs`, target: '< 1 ms' });
  results.push({ name: 'reduce + hazards + app state, per poll', value: `${reduceUs.toFixed(1)} µs`, target: '< 1 ms' });
}

// `npm run bench -- --only probe-cost,proxy` measures just those groups (the whole run takes minutes).
const groups: Record<string, () => Promise<void>> = {
  pure: async () => pureHotPath(),
  proxy: async () => void results.push(...(await proxyBench())),
  poll: pollCycle,
  'probe-cost': () => probeCost(results),
  web: webModeStartToVisible,
  hardening: () => hardeningBench(results),
  edges: () => edgesBench(results),
};
const onlyAt = process.argv.indexOf('--only');
const chosen = onlyAt >= 0 ? (process.argv[onlyAt + 1] ?? '').split(',').filter(Boolean) : Object.keys(groups);
const unknown = chosen.filter((name) => !(name in groups));
if (unknown.length > 0) {
  process.stderr.write(`bench: unknown group ${unknown.join(', ')}; groups: ${Object.keys(groups).join(', ')}\n`);
  process.exit(2);
}
for (const name of chosen) await groups[name]!();

const width = Math.max(...results.map((r) => r.name.length));
process.stdout.write(`\n${'measurement'.padEnd(width)}  value        target\n`);
for (const r of results) process.stdout.write(`${r.name.padEnd(width)}  ${r.value.padEnd(11)}  ${r.target}\n`);
process.stdout.write(`\n(${os.cpus().length} cores, ${os.cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version})\n`);
