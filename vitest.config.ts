import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

export default defineConfig({
  test: {
    reporters: ['default', './test/summary-reporter.ts'],
    // Kills any server a test file left running, by its process group (test/support/started-processes.ts).
    globalSetup: ['./test/support/global-teardown.ts'],
    projects: [
      {
        // Pure logic and ports with fakes: no spawned processes, sockets or simulator.
        test: {
          name: 'unit',
          sequence: { groupOrder: 0 },
          environment: 'node',
          include: ['test/unit/**/*.test.ts'],
          testTimeout: 20_000,
        },
      },
      {
        // The real core against the simulator, real child processes and real sockets.
        test: {
          name: 'integration',
          sequence: { groupOrder: 0 },
          environment: 'node',
          setupFiles: ['./test/support/stop-started.ts'],
          include: ['test/integration/**/*.test.ts'],
          testTimeout: 20_000,
        },
      },
      {
        plugins: [react()],
        test: {
          name: 'renderer',
          sequence: { groupOrder: 0 },
          environment: 'happy-dom',
          include: ['test/renderer/**/*.test.tsx', 'test/renderer/**/*.test.ts'],
        },
      },
      {
        test: {
          // The built main process under Node with an Electron double; needs `npm run build` (npm test runs it).
          name: 'boot',
          sequence: { groupOrder: 1 },
          environment: 'node',
          setupFiles: ['./test/support/stop-started.ts'],
          include: ['test/boot/**/*.test.ts'],
          testTimeout: 60_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          // This Mac's real tools through the parsers: macOS only (CI's macos-14 job runs `npm run test:mac`).
          // `npm test` leaves it out (--project '!mac'), so Linux runs neither it nor a skip.
          name: 'mac',
          sequence: { groupOrder: 1 },
          environment: 'node',
          include: ['test/mac/**/*.test.ts'],
          testTimeout: 120_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          // What the app costs at rest, measured alone: after every other project has finished
          // (groupOrder 2; the one-at-a-time projects are group 1, since vitest would otherwise run
          // them last of all), one file at a time, so no other test's load is counted as the app's.
          name: 'at-rest',
          environment: 'node',
          setupFiles: ['./test/support/stop-started.ts'],
          include: ['test/at-rest/**/*.test.ts'],
          testTimeout: 90_000,
          fileParallelism: false,
          sequence: { groupOrder: 2 },
        },
      },
      {
        test: {
          name: 'e2e',
          sequence: { groupOrder: 1 },
          environment: 'node',
          setupFiles: ['./test/support/stop-started.ts'],
          include: ['test/e2e/**/*.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
