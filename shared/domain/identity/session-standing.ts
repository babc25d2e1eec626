import type { DeviceRecord, SessionRecord } from './ports';

export type SessionStanding = 'live' | 'unknown' | 'device_removed';

/**
 * Whether a customer's access token still acts (the API checks it before every handler,
 * shared/http/auth.ts): its session must exist for this customer, and the device it was
 * issued to must still be registered, as the same device (not one removed and added again).
 * A removed device's sessions therefore end with its removal, and cannot add it back.
 */
export const sessionStanding = (
  customerId: string,
  session: SessionRecord | undefined,
  device: Pick<DeviceRecord, 'createdAt'> | undefined,
): SessionStanding => {
  if (session === undefined || session.customerId !== customerId) return 'unknown';
  return device?.createdAt === session.deviceCreatedAt ? 'live' : 'device_removed';
};
