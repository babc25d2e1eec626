import { assert } from '../../errors';
import { PURCHASE_DUE_SWEEP } from '../../limits';
import type { Clock } from '../../ports';
import { sweepDue } from '../due/sweep';
import type { AuthorizedPurchaseEntry, PurchaseStore, SettlementQueue } from './ports';

export interface RecoveryDeps {
  readonly purchases: Pick<PurchaseStore, 'authorizedIndex'>;
  readonly settlementQueue: SettlementQueue;
  readonly clock: Clock;
  /** How long a purchase may stay `authorized` before its settlement message is sent again. */
  readonly settlementGraceSeconds: number;
}

export interface RecoveryResult {
  /** Purchases whose settlement message was sent again, oldest bucket first. */
  readonly enqueued: readonly string[];
  /** Stranded purchases left alone because an operator owns them (`attention` is set). */
  readonly awaitingOperator: readonly string[];
  /** The watermark read plus the index entries read; never a settled or not-yet-due purchase. */
  readonly itemsRead: number;
  readonly bucketsWalked: number;
  /** Where the next sweep starts. */
  readonly watermarkMs: number;
  /** The run stopped at a limit with due items still waiting (DueSweepReport.behind). */
  readonly behind: boolean;
  /** Age of the oldest still-authorized purchase this run read (0 when it read none): the settlement age. */
  readonly oldestAuthorizedAgeSeconds: number;
}

/**
 * Re-enqueue the settlement of purchases stranded in `authorized`.
 *
 * Why: `createPurchase` stores the purchase, issues the ticket and only then enqueues the
 * settlement message. A request that crashes in between and is never retried leaves an
 * authorized purchase with an active ticket and no message: nobody would settle it or, once
 * its hold expires, reject it and revoke the ticket. The worker is idempotent and decides
 * which of the two applies, so recovery only has to send the message again.
 *
 * Flow of one sweep (a scheduled function; overlapping runs are safe), on the due-index
 * sweeper (shared/domain/due/sweep.ts) over the authorized-purchases index:
 *  1. cutoff = now − grace. Purchases created after it are not due (their first message is
 *     most likely still in flight) and are never read: the index key condition stops there.
 *  2. Start at the stored watermark (or PURCHASE_DUE_SWEEP.lookbackBuckets before the
 *     cutoff's bucket the first time) and walk hour buckets up to the cutoff's, at most
 *     PURCHASE_DUE_SWEEP.bucketsPerSweepMax of them and PURCHASE_DUE_SWEEP.itemsPerSweepMax
 *     index entries in all. The index holds only live authorized purchases, so what is read does
 *     not grow with the purchases that settled.
 *  3. Send each due entry's settlement message again, except entries flagged for attention
 *     (their message went to the dead-letter queue; redriving it is the operator's call).
 *     A failed send propagates: the schedule runs again and everything sent stays sent.
 *  4. Move the watermark past the leading buckets that are closed (their last purchase was
 *     due more than PURCHASE_DUE_SWEEP.settleSeconds ago, so late GSI entries are seen) and
 *     hold no purchase that still needs a message. A bucket with a re-enqueued purchase
 *     stays ahead of the watermark until the worker moves the purchase out of `authorized`,
 *     so every run sends its message again until it is settled or rejected.
 */
/** The sweep reads the oldest buckets first, so the oldest entry it read is the oldest authorized purchase. */
const oldestAgeSeconds = (handled: readonly { readonly entry: AuthorizedPurchaseEntry }[], nowMs: number): number => {
  const oldestMs = Math.min(...handled.map(({ entry }) => Date.parse(entry.createdAt)));
  return Number.isFinite(oldestMs) ? Math.max(0, Math.floor((nowMs - oldestMs) / 1000)) : 0;
};

export const recoverStrandedPurchases = async (deps: RecoveryDeps): Promise<RecoveryResult> => {
  assert(
    Number.isInteger(deps.settlementGraceSeconds) && deps.settlementGraceSeconds > 0,
    'the settlement grace is a positive number of seconds',
  );
  const report = await sweepDue({
    index: deps.purchases.authorizedIndex,
    limits: PURCHASE_DUE_SWEEP,
    upToMs: deps.clock.now() - deps.settlementGraceSeconds * 1000,
    step: async (entry) => {
      // An operator owns it: not sent, and it does not hold the watermark.
      if (entry.attention) return { enqueued: false, staysDue: false };
      await deps.settlementQueue.enqueue({ purchaseId: entry.id });
      // Still authorized until the worker settles or rejects it: the next run sends it again.
      return { enqueued: true, staysDue: true };
    },
  });
  const idsWhere = (enqueued: boolean) =>
    report.handled.filter(({ result }) => result.enqueued === enqueued).map(({ entry }) => entry.id);
  return {
    enqueued: idsWhere(true),
    awaitingOperator: idsWhere(false),
    itemsRead: report.itemsRead,
    bucketsWalked: report.bucketsWalked,
    watermarkMs: report.watermarkMs,
    behind: report.behind,
    oldestAuthorizedAgeSeconds: oldestAgeSeconds(report.handled, deps.clock.now()),
  };
};
