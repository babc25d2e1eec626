import { DomainError } from '../../errors';
import { LEDGER_DUE_SWEEP } from '../../limits';
import type { DueIndex } from '../due/ports';
import { sweepDue } from '../due/sweep';
import type { ExpirySweepResult } from './types';

/*
 * Holds are in the ledger's due index (LEDGER_DUE_LAYOUT: by the minute, and a small shard
 * number, in which they fall due) while they are pending, and leave it in the write that
 * resolves them, so reading "what is due now" never touches a hold that is not due.
 */

/**
 * Expiring one hold: the store re-reads it (the index may be stale) and expires it if it is
 * still pending. When the expire write is refused, the store re-reads the hold: resolved by
 * someone else (posted, voided, expired by an overlapping sweep) is nothing to do; still
 * pending is `stuck`, which the sweep reports rather than taking it as done.
 */
export type ExpireHold = (
  pendingId: string,
) => Promise<{ readonly expired: boolean; readonly stuck: boolean; readonly itemsRead: number }>;

const checkSweepLimit = (limit: number): number => {
  const max = LEDGER_DUE_SWEEP.itemsPerSweepMax;
  if (!Number.isInteger(limit) || limit < 1 || limit > max) {
    throw new DomainError('VALIDATION_FAILED', `the sweep limit must be an integer 1..${max}`, [
      { field: 'limit', message: `must be 1..${max}` },
    ]);
  }
  return limit;
};

/**
 * Flow of one expiry sweep (the due-index sweeper, shared/domain/due/sweep.ts):
 *  1. Start at the stored watermark (or LEDGER_DUE_SWEEP.lookbackBuckets minutes back the
 *     first time) and walk minute buckets up to the current one, at most
 *     LEDGER_DUE_SWEEP.bucketsPerSweepMax of them, reading at most `limit` due holds.
 *  2. In each bucket shard, read the holds due by now (never the ones due later), and
 *     expire each: the store re-reads the hold and commits the expiry conditional on the
 *     hold still being pending, so two overlapping sweeps expire it once between them. Either
 *     way the hold has left the index, so it never holds the watermark. A refused expire of a
 *     hold that a re-read finds still pending is reported in `notExpired` (an error for the
 *     handler to log and count), and does not hold the watermark either: a stuck entry
 *     would stop the sweep from ever reaching the newer buckets.
 *  3. Move the watermark past the leading buckets that are drained and closed (ended more
 *     than LEDGER_DUE_SWEEP.settleSeconds ago, so late index entries are still seen).
 * A failure to expire one hold propagates (the schedule retries); everything done before it
 * stays done.
 */
export const sweepExpired = async (
  index: DueIndex,
  expire: ExpireHold,
  nowMs: number,
  limit: number,
): Promise<ExpirySweepResult> => {
  const report = await sweepDue({
    index,
    limits: { ...LEDGER_DUE_SWEEP, itemsPerSweepMax: checkSweepLimit(limit) },
    upToMs: nowMs,
    step: async ({ id }) => ({ ...(await expire(id)), staysDue: false }),
  });
  return {
    itemsRead: report.itemsRead + report.handled.reduce((sum, { result }) => sum + result.itemsRead, 0),
    expired: report.handled.filter(({ result }) => result.expired).map(({ entry }) => entry.id),
    behind: report.behind,
    notExpired: report.handled.filter(({ result }) => result.stuck).map(({ entry }) => entry.id),
  };
};
