import { DomainError } from '../../errors';
import {
  LEDGER_EXPIRY_BUCKET_SHARDS,
  LEDGER_EXPIRY_BUCKETS_PER_SWEEP_MAX,
  LEDGER_EXPIRY_CONCURRENCY,
  LEDGER_EXPIRY_LOOKBACK_MINUTES,
  LEDGER_EXPIRY_SETTLE_SECONDS,
  LEDGER_EXPIRY_SWEEP_LIMIT_MAX,
} from '../../limits';
import { dueBucketStartMs, nextDueBucketStartMs } from './keys';
import type { ExpirySweepResult } from './types';

/**
 * What the sweeper needs from storage. Holds are indexed by the minute (and a small shard
 * number) in which they fall due, sorted by due time, and leave the index when resolved,
 * so reading "what is due now" never touches a hold that is not due.
 */
export interface DueIndex {
  /** Start of the first bucket that may still hold due entries, if a sweep ever stored one. */
  readWatermarkMs(): Promise<number | undefined>;
  /** Holds of one bucket shard due at or before `nowMs`, in due order, at most `limit`. */
  queryDue(
    bucketStartMs: number,
    dueShard: number,
    nowMs: number,
    limit: number,
  ): Promise<{ readonly transferIds: readonly string[]; readonly itemsRead: number; readonly exhausted: boolean }>;
  /** Re-reads the hold (the index may be stale) and expires it if it is still pending. */
  expire(pendingId: string): Promise<{ readonly expired: boolean; readonly itemsRead: number }>;
  /** Moves the watermark forward only (a slower overlapping sweep never moves it back). */
  advanceWatermarkMs(bucketStartMs: number): Promise<void>;
}

export const checkSweepLimit = (limit: number): number => {
  if (!Number.isInteger(limit) || limit < 1 || limit > LEDGER_EXPIRY_SWEEP_LIMIT_MAX) {
    throw new DomainError('VALIDATION_FAILED', `the sweep limit must be an integer 1..${LEDGER_EXPIRY_SWEEP_LIMIT_MAX}`, [
      { field: 'limit', message: `must be 1..${LEDGER_EXPIRY_SWEEP_LIMIT_MAX}` },
    ]);
  }
  return limit;
};

/**
 * Flow of one sweep:
 *  1. Start at the stored watermark (or `now − LEDGER_EXPIRY_LOOKBACK_MINUTES` the first
 *     time) and walk minute buckets up to the current one, at most
 *     LEDGER_EXPIRY_BUCKETS_PER_SWEEP_MAX of them.
 *  2. In each bucket shard, read the holds due by now (never the ones due later), and
 *     expire each: the adapter re-reads the hold and commits the expiry conditional on the
 *     hold still being pending, so two overlapping sweeps expire it once between them.
 *  3. Move the watermark past the leading buckets that are drained and closed (ended more
 *     than LEDGER_EXPIRY_SETTLE_SECONDS ago, so late index entries are still seen).
 * Stops after `limit` expiries; the rest waits for the next run. A failure to expire one
 * hold propagates (the schedule retries); everything done before it stays done.
 */
export const sweepExpired = async (index: DueIndex, nowMs: number, limit: number): Promise<ExpirySweepResult> => {
  checkSweepLimit(limit);
  const storedWatermarkMs = await index.readWatermarkMs();
  const startMs = storedWatermarkMs ?? dueBucketStartMs(nowMs - LEDGER_EXPIRY_LOOKBACK_MINUTES * 60 * 1000);
  const lastBucketMs = dueBucketStartMs(nowMs);
  const expired: string[] = [];
  let itemsRead = 0;
  let watermarkMs = startMs;
  let contiguous = true;
  let limitReached = false;
  let bucketMs = startMs;
  for (let bucketCount = 0; bucketCount < LEDGER_EXPIRY_BUCKETS_PER_SWEEP_MAX && bucketMs <= lastBucketMs; bucketCount += 1) {
    let drained = true;
    for (let dueShard = 0; dueShard < LEDGER_EXPIRY_BUCKET_SHARDS && !limitReached; dueShard += 1) {
      const page = await index.queryDue(bucketMs, dueShard, nowMs, limit - expired.length);
      itemsRead += page.itemsRead;
      if (!page.exhausted) drained = false;
      for (let offset = 0; offset < page.transferIds.length; offset += LEDGER_EXPIRY_CONCURRENCY) {
        const chunk = page.transferIds.slice(offset, offset + LEDGER_EXPIRY_CONCURRENCY);
        const results = await Promise.all(chunk.map(async (pendingId) => ({ pendingId, ...(await index.expire(pendingId)) })));
        for (const result of results) {
          itemsRead += result.itemsRead;
          if (result.expired) expired.push(result.pendingId);
        }
      }
      if (expired.length >= limit) limitReached = true;
    }
    const closed = nextDueBucketStartMs(bucketMs) + LEDGER_EXPIRY_SETTLE_SECONDS * 1000 <= nowMs;
    if (contiguous && drained && closed && !limitReached) watermarkMs = nextDueBucketStartMs(bucketMs);
    else contiguous = false;
    if (limitReached) break;
    bucketMs = nextDueBucketStartMs(bucketMs);
  }
  if (watermarkMs > startMs || storedWatermarkMs === undefined) await index.advanceWatermarkMs(watermarkMs);
  return { itemsRead, expired };
};
