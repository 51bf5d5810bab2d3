// "Connect a client": for each metering route, the URL to paste into each kind of client, with
// Copy, and a switch that starts or stops the route. The page names routes by id only: their ports
// and targets come from the settings file.
import type { InferenceServer, MeteringRouteStatus } from '../../../core/api/inference';
import { clientSettingsFor } from '../../../core/api/client-settings';
import { CopyButton } from '../setup/CommandList';
import { toggleMeteringProxy } from '../inference-store';
import { useUi } from '../store';
import './connect-client.css';

const NO_ROUTES: MeteringRouteStatus[] = [];
const NO_SERVERS: InferenceServer[] = [];

export function ConnectClient() {
  const routes = useUi((ui) => ui.inference?.routes ?? NO_ROUTES);
  const servers = useUi((ui) => ui.inference?.servers ?? NO_SERVERS);
  return (
    <section className="card connect-client" data-testid="connect-client" aria-labelledby="connect-client-title">
      <div className="card-title" id="connect-client-title">
        Connect a client
      </div>
      <p className="muted connect-intro">Point a chat app at a metering route: every generation through it is measured here, and the app notices nothing else.</p>
      {routes.length === 0 && <p className="muted">No metering routes: add one under inference.proxy.routes in settings.json.</p>}
      {routes.map((route) => (
        <RouteBlock key={route.id} route={route} kind={servers.find((s) => s.id === route.serverId)?.kind ?? null} />
      ))}
    </section>
  );
}

function RouteBlock({ route, kind }: { route: MeteringRouteStatus; kind: InferenceServer['kind'] | null }) {
  const toggle = () => void toggleMeteringProxy(route.running, route.id);
  const switchId = `route-switch-${route.id}`;
  return (
    <div className="connect-route" data-testid={`route-${route.id}`}>
      <div className="connect-route-head">
        <div className="connect-route-name">
          <strong>{route.label}</strong>
          <span className="muted">
            127.0.0.1:{route.listen} → {displayTarget(route.target)}
          </span>
        </div>
        <label className="connect-switch" htmlFor={switchId}>
          <span>{route.running ? 'Metering' : 'Off'}</span>
          <input id={switchId} type="checkbox" role="switch" checked={route.running} onChange={toggle} aria-label={`Meter ${route.label} on port ${route.listen}`} />
        </label>
      </div>
      {route.error && (
        <p className="connect-error" role="alert">
          {route.error}
        </p>
      )}
      <dl className="connect-settings">
        {clientSettingsFor(route, kind).map((setting) => (
          <div key={setting.id} className="connect-setting" data-testid={`client-${setting.id}`}>
            <dt>
              {setting.client} <span className="muted">· {setting.where}</span>
            </dt>
            <dd>
              <code>{setting.value}</code>
              <CopyButton text={setting.value} label={`Copy the ${setting.client} setting for ${route.label}`} />
            </dd>
            {setting.note && <dd className="muted connect-note">{setting.note}</dd>}
          </div>
        ))}
      </dl>
    </div>
  );
}

/** The target without a trailing slash: "127.0.0.1:11434", "127.0.0.1:1234/v1". */
function displayTarget(target: string): string {
  return target.replace(/^https?:\/\//, '').replace(/\/+$/, '');
}
