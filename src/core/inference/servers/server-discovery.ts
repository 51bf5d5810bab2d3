// The server watch as the app runs it: endpoints from the settings, real probes over HTTP.
import type { InferenceServer } from '../../api/inference';
import type { Settings } from '../../api/settings';
import type { LoggerPort } from '../../platform/logger';
import { endpointsOf, type Endpoint } from './server-directory';
import type { ServerIdentity } from './server-identity';
import { identifyAt, listsModelsAt, readServerCounters } from './server-probe';
import type { Clock } from '../../platform/clock';
import { ServerWatch } from './server-watch';

export interface ServerDiscoveryOptions {
  inference: () => Settings['inference'];
  onChange: (servers: InferenceServer[]) => void;
  logger?: LoggerPort;
  clock?: Clock;
}

export function createServerWatch(options: ServerDiscoveryOptions): ServerWatch {
  return new ServerWatch({
    endpoints: () => endpointsOf(options.inference()),
    identify,
    readCounters: (endpoint, signal, kind) => readServerCounters(endpoint.origin, kind, { signal }),
    onChange: options.onChange,
    logger: options.logger,
    clock: options.clock,
  });
}

/** A server the user named under a path of its own (`…/openai/v1`) counts when it lists models there. */
async function identify(endpoint: Endpoint, signal: AbortSignal): Promise<ServerIdentity> {
  const identity = await identifyAt(endpoint.origin, { signal });
  const configured = endpoint.configured;
  if (identity.state !== 'unrecognised' || configured?.dialect !== 'openai') return identity;
  return (await listsModelsAt(configured.url, { signal })) ? { state: 'up', kind: 'openai', version: null } : identity;
}
