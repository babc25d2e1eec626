import { REGISTRATION_DUE_BUCKET_SECONDS, REGISTRATION_DUE_SWEEP, REGISTRATION_EXPIRY_GRACE_SECONDS } from '../../limits';
import type { Clock } from '../../ports';
import type { DueLayout } from '../due/ports';
import { sweepDue } from '../due/sweep';
import type { RegistrationRecord, RegistrationStore } from './ports';

/** Provisional registrations by expiry: hour buckets, one partition each. */
export const REGISTRATION_DUE_LAYOUT: DueLayout = { bucketSeconds: REGISTRATION_DUE_BUCKET_SECONDS, shards: 1 };

/**
 * Whether a registration has expired at `nowMs`: the decision is by time alone (never by a
 * TTL deletion, never by whether the sweep has run). It expired when it is provisional and
 * its expiry has passed, or when it was expired (out of attempts, or by the sweep); a
 * confirmed registration never expires.
 */
export const registrationExpired = (registration: Pick<RegistrationRecord, 'status' | 'expiresAtMs'>, nowMs: number): boolean =>
  registration.status === 'expired' || (registration.status === 'provisional' && registration.expiresAtMs <= nowMs);

export interface RegistrationExpiryDeps {
  readonly registrations: Pick<RegistrationStore, 'get' | 'expire' | 'dueIndex'>;
  readonly clock: Clock;
}

export interface RegistrationExpiryResult {
  /** Registrations this sweep moved to `expired` (their sealed password removed, their address released). */
  readonly expired: readonly string[];
  /** The watermark read plus the index entries read; never a registration that is not due. */
  readonly itemsRead: number;
  readonly bucketsWalked: number;
  readonly watermarkMs: number;
  /** The run stopped at a limit with due items still waiting (DueSweepReport.behind). */
  readonly behind: boolean;
}

/**
 * Expire the provisional registrations whose time ran out.
 *
 * The sweep is cleanup that follows the decision, not the decision: a confirm after the
 * expiry is refused by time, and a new registration of the address takes over an expired
 * claim by time, whether or not the sweep has run. What the sweep adds is that nothing of an
 * unconfirmed registration lingers: its sealed password is removed and its address released.
 *
 * Flow of one sweep (a scheduled function; overlapping runs are safe, each step is
 * idempotent), on the due-index sweeper (shared/domain/due/sweep.ts):
 *  1. upTo = now − REGISTRATION_EXPIRY_GRACE_SECONDS, so that a confirm that took its
 *     attempt in time is never raced (see the grace's definition).
 *  2. The sweeper walks the hour buckets of the registrations' due index from its watermark up
 *     to upTo's, within REGISTRATION_DUE_SWEEP; the index holds provisional
 *     registrations only, keyed by expiry, so confirmed ones are never read.
 *  3. Each entry's registration is read again (the index is eventually consistent) and
 *     expired when `registrationExpired` says so at upTo; expiring takes it out of the index.
 */
export const expireRegistrations = async (deps: RegistrationExpiryDeps): Promise<RegistrationExpiryResult> => {
  const upToMs = deps.clock.now() - REGISTRATION_EXPIRY_GRACE_SECONDS * 1000;
  const report = await sweepDue({
    index: deps.registrations.dueIndex,
    limits: REGISTRATION_DUE_SWEEP,
    upToMs,
    step: async (entry) => {
      const registration = await deps.registrations.get(entry.id);
      if (registration?.status !== 'provisional') return { expired: false, staysDue: false };
      if (!registrationExpired(registration, upToMs)) return { expired: false, staysDue: true };
      await deps.registrations.expire(entry.id, new Date(deps.clock.now()).toISOString());
      return { expired: true, staysDue: false };
    },
  });
  return {
    expired: report.handled.filter(({ result }) => result.expired).map(({ entry }) => entry.id),
    itemsRead: report.itemsRead,
    bucketsWalked: report.bucketsWalked,
    watermarkMs: report.watermarkMs,
    behind: report.behind,
  };
};
