import type { DeviceRecord, SessionRecord } from '../domain/identity/ports';
import { sessionStanding, type SessionStanding } from '../domain/identity/session-standing';
import { SESSION_CACHE_ENTRIES_MAX } from '../limits';
import type { CustomerSessionLookup } from './auth';

export interface SessionReads {
  getSession(tokenId: string): Promise<SessionRecord | undefined>;
  getDevice(customerId: string, deviceId: string): Promise<Pick<DeviceRecord, 'createdAt'> | undefined>;
}

/**
 * A customer token's session as the API checks it on every request. The session record (the
 * token id → customer and device) never changes once written, so each container reads it once
 * per token and keeps it; the device is read on every request (one strongly consistent read),
 * so a removal ends the device's sessions at once, in every container. The store is built on
 * first use, so functions that never see a customer's access token never touch it.
 */
export class CachedCustomerSessions implements CustomerSessionLookup {
  private readonly sessions = new Map<string, SessionRecord>();
  private store: SessionReads | undefined;

  constructor(private readonly openStore: () => SessionReads) {}

  async standing(customerId: string, tokenId: string): Promise<SessionStanding> {
    this.store ??= this.openStore();
    let session = this.sessions.get(tokenId);
    if (session === undefined) {
      session = await this.store.getSession(tokenId);
      if (session === undefined) return 'unknown';
      if (this.sessions.size >= SESSION_CACHE_ENTRIES_MAX) this.sessions.clear();
      this.sessions.set(tokenId, session);
    }
    // Another customer's session is refused by the rule without reading any device.
    if (session.customerId !== customerId) return sessionStanding(customerId, session, undefined);
    return sessionStanding(customerId, session, await this.store.getDevice(customerId, session.deviceId));
  }
}
