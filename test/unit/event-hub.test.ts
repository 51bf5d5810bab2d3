// Work that runs only while someone looks needs to know who looks: the hub counts listeners per event.
import { expect, it } from 'vitest';
import { EventHub } from '../../src/core/event-hub';

it('tells a watcher how many listen to an event, now and on every change', () => {
  const hub = new EventHub();
  const counts: number[] = [];
  const stopWatching = hub.watchListeners('inferenceServers', (n) => counts.push(n));
  const a = hub.on('inferenceServers', () => undefined);
  const b = hub.on('inferenceServers', () => undefined);
  hub.on('state', () => undefined);
  a();
  a();
  b();
  stopWatching();
  hub.on('inferenceServers', () => undefined);
  expect(counts).toEqual([0, 1, 2, 1, 0]);
});
