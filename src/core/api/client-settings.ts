// What to paste into each kind of client so its chats go through a metering route. Pure and shared:
// the Speed view's "Connect a client" shows these, the README documents the same.
import type { MeteringRoute, ServerKind } from './inference';

export interface ClientSetting {
  id: 'openai' | 'ollama' | 'open-webui' | 'lmstudio';
  /** Which client, as its users know it. */
  client: string;
  /** Where it goes in that client. */
  where: string;
  /** The text to copy. */
  value: string;
  note: string | null;
}

/** The settings for one route; Ollama's own settings only where the server behind it is Ollama. */
export function clientSettingsFor(route: Pick<MeteringRoute, 'listen' | 'dialect'>, kind: ServerKind | null): ClientSetting[] {
  const host = `127.0.0.1:${route.listen}`;
  const openAiBase = `http://${host}/v1`;
  const settings: ClientSetting[] = [
    { id: 'openai', client: 'OpenAI SDKs', where: 'baseURL (JavaScript), base_url (Python)', value: openAiBase, note: 'Any API key works; the server behind checks it, if it checks at all.' },
  ];
  if (route.dialect === 'ollama') {
    settings.push({ id: 'ollama', client: 'Ollama CLI and SDKs', where: 'environment, or host in the SDKs', value: `OLLAMA_HOST=${host}`, note: `The SDKs take host: "http://${host}".` });
    settings.push({ id: 'open-webui', client: 'Open WebUI', where: 'Settings › Connections › Ollama API', value: `http://${host}`, note: null });
  } else {
    settings.push({ id: 'open-webui', client: 'Open WebUI', where: 'Settings › Connections › OpenAI API', value: openAiBase, note: null });
  }
  if (kind === 'lmstudio') {
    settings.push({
      id: 'lmstudio',
      client: 'Clients set up for LM Studio',
      where: 'in place of http://localhost:1234/v1',
      value: openAiBase,
      note: "LM Studio's own SDK talks to it over a WebSocket the meter cannot read: use its OpenAI-compatible URL.",
    });
  }
  return settings;
}
