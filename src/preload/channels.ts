// The IPC protocol between the preload bridge and src/main/ipc.ts. Kept import-free so the
// sandboxed preload bundle stays a single file that requires nothing but 'electron'.

export const CompanionChannel = {
  /** renderer → main, ipcRenderer.invoke(command, input) → InvokeResult */
  invoke: 'companion:invoke',
  /** renderer → main, (eventName): start forwarding that event to this window */
  subscribe: 'companion:subscribe',
  /** renderer → main, (eventName): stop forwarding that event to this window */
  unsubscribe: 'companion:unsubscribe',
  /** main → renderer, (eventName, payload) */
  event: 'companion:event',
} as const;

export type CompanionChannelName = (typeof CompanionChannel)[keyof typeof CompanionChannel];

/**
 * Command and event names in the contract are short camelCase words. The preload rejects anything
 * else before it reaches IPC; main still checks the name against the contract itself.
 */
export function isWellFormedApiName(name: unknown): name is string {
  return typeof name === 'string' && /^[a-z][A-Za-z0-9]{0,63}$/.test(name);
}
