import { assert } from '../../errors';
import {
  REGISTRATION_DUE_BUCKET_SECONDS,
  REGISTRATION_DUE_BUCKETS_PER_SWEEP_MAX,
  REGISTRATION_DUE_LOOKBACK_BUCKETS,
  REGISTRATION_EXPIRY_CONCURRENCY,
  REGISTRATION_EXPIRY_GRACE_SECONDS,
  REGISTRATION_EXPIRY_ITEMS_PER_SWEEP_MAX,
} from '../../limits';
import type { Clock } from '../../ports';
import type { RegistrationDueIndex, RegistrationRecord, RegistrationStore } from './ports';

const BUCKET_MS = REGISTRATION_DUE_BUCKET_SECONDS * 1000;
const GRACE_MS = REGISTRATION_EXPIRY_GRACE_SECONDS * 1000;

export const registrationBucketStartMs = (epochMs: number): number => Math.floor(epochMs / BUCKET_MS) * BUCKET_MS;

/**
 * Whether a registration has expired at `nowMs`: the decision is by time alone (never by a
 * TTL deletion, never by whether the sweep has run). It expired when it is provisional and
 * its expiry has passed; a confirmed registration never expires.
 */
export const registrationExpired = (registration: Pick<RegistrationRecord, 'status' | 'expiresAtMs'>, nowMs: number): boolean =>
  registration.status === 'expired' || (registration.status === 'provisional' && registration.expiresAtMs <= nowMs);

export interface RegistrationExpiryDeps {
  readonly registrations: Pick<RegistrationStore, 'get' | 'expire'>;
  readonly dueIndex: RegistrationDueIndex;
  readonly clock: Clock;
}

export interface RegistrationExpiryResult {
  /** Registrations this sweep moved to `expired` (their sealed password removed, their address released). */
  readonly expired: readonly string[];
  /** The watermark read plus the index entries read; never a registration that is not due. */
  readonly itemsRead: number;
  readonly bucketsWalked: number;
  readonly watermarkMs: number;
}

/**
 * Expire the provisional registrations whose time ran out.
 *
 * The sweep is cleanup that follows the decision, not the decision: a confirm after the
 * expiry is refused by time, and a new registration of the address takes over an expired
 * claim by time, whether or not the sweep has run. What the sweep adds is that nothing of an
 * unconfirmed registration lingers: its sealed password is removed and its address released.
 *
 * Flow of one sweep (a scheduled function; overlapping runs are safe, each step is idempotent):
 *  1. upTo = now − REGISTRATION_EXPIRY_GRACE_SECONDS: a confirm that consumed its attempt in
 *     time is never raced (see the grace's definition).
 *  2. Start at the stored watermark (or REGISTRATION_DUE_LOOKBACK_BUCKETS before upTo's
 *     bucket the first time) and walk the hour buckets up to upTo's, at most
 *     REGISTRATION_DUE_BUCKETS_PER_SWEEP_MAX of them and REGISTRATION_EXPIRY_ITEMS_PER_SWEEP_MAX
 *     entries in all; the index holds provisional registrations only, keyed by expiry.
 *  3. Re-read each entry (the index is eventually consistent) and expire it when
 *     `registrationExpired` says so at upTo.
 *  4. Move the watermark past the leading buckets that are closed (they ended before upTo)
 *     and were read to the end.
 */
export const expireRegistrations = async (deps: RegistrationExpiryDeps): Promise<RegistrationExpiryResult> => {
  const upToMs = deps.clock.now() - GRACE_MS;
  const lastBucketMs = registrationBucketStartMs(upToMs);
  const storedWatermarkMs = await deps.dueIndex.readWatermarkMs();
  const startMs = storedWatermarkMs ?? lastBucketMs - REGISTRATION_DUE_LOOKBACK_BUCKETS * BUCKET_MS;
  const expired: string[] = [];
  let indexItemsRead = 0;
  let bucketsWalked = 0;
  let watermarkMs = startMs;
  let contiguous = true;
  for (
    let bucketMs = startMs;
    bucketMs <= lastBucketMs &&
    bucketsWalked < REGISTRATION_DUE_BUCKETS_PER_SWEEP_MAX &&
    indexItemsRead < REGISTRATION_EXPIRY_ITEMS_PER_SWEEP_MAX;
    bucketMs += BUCKET_MS
  ) {
    bucketsWalked += 1;
    const page = await deps.dueIndex.queryDue(bucketMs, upToMs, REGISTRATION_EXPIRY_ITEMS_PER_SWEEP_MAX - indexItemsRead);
    indexItemsRead += page.itemsRead;
    for (let offset = 0; offset < page.entries.length; offset += REGISTRATION_EXPIRY_CONCURRENCY) {
      const chunk = page.entries.slice(offset, offset + REGISTRATION_EXPIRY_CONCURRENCY);
      const done = await Promise.all(chunk.map(async ({ id }) => ((await expireIfDue(deps, id, upToMs)) ? id : undefined)));
      expired.push(...done.filter((id): id is string => id !== undefined));
    }
    const closed = bucketMs + BUCKET_MS <= upToMs;
    if (contiguous && closed && page.exhausted) watermarkMs = bucketMs + BUCKET_MS;
    else contiguous = false;
  }
  if (watermarkMs > startMs || storedWatermarkMs === undefined) await deps.dueIndex.advanceWatermarkMs(watermarkMs);
  return { expired, itemsRead: 1 + indexItemsRead, bucketsWalked, watermarkMs };
};

const expireIfDue = async (deps: RegistrationExpiryDeps, id: string, upToMs: number): Promise<boolean> => {
  const registration = await deps.registrations.get(id);
  if (registration === undefined || registration.status !== 'provisional' || !registrationExpired(registration, upToMs))
    return false;
  assert(registration.id === id, 'the index entry names its registration');
  await deps.registrations.expire(id, new Date(deps.clock.now()).toISOString());
  return true;
};
