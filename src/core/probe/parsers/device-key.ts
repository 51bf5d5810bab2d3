// One way to name a device across polls, so every source and the monitor agree on identity.

export interface DeviceIdentity {
  index: number;
  name: string;
  vendorId?: string | null;
  deviceId?: string | null;
  slot?: string | null;
}

/** vendor:device@slot when ids are known (index instead of a missing slot), else name#index. */
export function deviceKey(identity: DeviceIdentity): string {
  const { vendorId, deviceId, slot, index, name } = identity;
  if (vendorId && deviceId) return `${vendorId}:${deviceId}@${slot ?? index}`;
  return `${name.trim() || 'gpu'}#${index}`;
}
