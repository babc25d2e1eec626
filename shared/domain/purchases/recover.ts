import { assert } from '../../errors';
import {
  PURCHASE_RECOVERY_BUCKET_SECONDS,
  PURCHASE_RECOVERY_BUCKETS_PER_SWEEP_MAX,
  PURCHASE_RECOVERY_CONCURRENCY,
  PURCHASE_RECOVERY_ITEMS_PER_SWEEP_MAX,
  PURCHASE_RECOVERY_LOOKBACK_BUCKETS,
  PURCHASE_RECOVERY_SETTLE_SECONDS,
} from '../../limits';
import type { Clock } from '../../ports';
import { authorizedBucketStartMs, nextAuthorizedBucketStartMs, type PurchaseStore } from './purchase';
import type { SettlementQueue } from './settlement-message';

export interface RecoveryDeps {
  readonly purchases: Pick<PurchaseStore, 'listAuthorized' | 'readRecoveryWatermarkMs' | 'advanceRecoveryWatermarkMs'>;
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
}

const BUCKET_MS = PURCHASE_RECOVERY_BUCKET_SECONDS * 1000;
const BUCKET_SETTLE_MS = PURCHASE_RECOVERY_SETTLE_SECONDS * 1000;

/**
 * Re-enqueue the settlement of purchases stranded in `authorized`.
 *
 * Why: `createPurchase` stores the purchase, issues the ticket and only then enqueues the
 * settlement message. A request that crashes in between and is never retried leaves an
 * authorized purchase with an active ticket and no message: nobody would settle it or, once
 * its hold expires, reject it and revoke the ticket. The worker is idempotent and decides
 * which of the two applies, so recovery only has to send the message again.
 *
 * Flow of one sweep (a scheduled function; overlapping runs are safe):
 *  1. cutoff = now − grace. Purchases created after it are not due (their first message is
 *     most likely still in flight) and are never read: the index key condition stops there.
 *  2. Start at the stored watermark (or PURCHASE_RECOVERY_LOOKBACK_BUCKETS before the
 *     cutoff's bucket the first time) and walk hour buckets up to the cutoff's, at most
 *     PURCHASE_RECOVERY_BUCKETS_PER_SWEEP_MAX of them and PURCHASE_RECOVERY_ITEMS_PER_SWEEP_MAX
 *     index entries in all. The index holds only live authorized purchases, so what is read
 *     does not grow with the purchases that settled.
 *  3. Send each due entry's settlement message again, except entries flagged for attention
 *     (their message went to the dead-letter queue; redriving it is the operator's call).
 *     A failed send propagates: the schedule runs again and everything sent stays sent.
 *  4. Move the watermark past the leading buckets that are closed (their last purchase was
 *     due more than PURCHASE_RECOVERY_SETTLE_SECONDS ago, so late GSI entries are seen) and
 *     hold no purchase that still needs a message. A bucket with a re-enqueued purchase
 *     stays ahead of the watermark until the worker moves the purchase out of `authorized`,
 *     so every run sends its message again until it is settled or rejected.
 */
export const recoverStrandedPurchases = async (deps: RecoveryDeps): Promise<RecoveryResult> => {
  assert(
    Number.isInteger(deps.settlementGraceSeconds) && deps.settlementGraceSeconds > 0,
    'the settlement grace is a positive number of seconds',
  );
  const cutoffMs = deps.clock.now() - deps.settlementGraceSeconds * 1000;
  const lastBucketMs = authorizedBucketStartMs(cutoffMs);
  const storedWatermarkMs = await deps.purchases.readRecoveryWatermarkMs();
  const startMs = storedWatermarkMs ?? lastBucketMs - PURCHASE_RECOVERY_LOOKBACK_BUCKETS * BUCKET_MS;
  const enqueued: string[] = [];
  const awaitingOperator: string[] = [];
  let itemsRead = 1;
  let indexItemsRead = 0;
  let watermarkMs = startMs;
  let contiguous = true;
  let bucketsWalked = 0;
  for (
    let bucketMs = startMs;
    bucketMs <= lastBucketMs &&
    bucketsWalked < PURCHASE_RECOVERY_BUCKETS_PER_SWEEP_MAX &&
    indexItemsRead < PURCHASE_RECOVERY_ITEMS_PER_SWEEP_MAX;
    bucketMs = nextAuthorizedBucketStartMs(bucketMs)
  ) {
    bucketsWalked += 1;
    const page = await deps.purchases.listAuthorized(bucketMs, cutoffMs, PURCHASE_RECOVERY_ITEMS_PER_SWEEP_MAX - indexItemsRead);
    indexItemsRead += page.itemsRead;
    const due = page.entries.filter((entry) => !entry.attention).map((entry) => entry.purchaseId);
    awaitingOperator.push(...page.entries.filter((entry) => entry.attention).map((entry) => entry.purchaseId));
    for (let offset = 0; offset < due.length; offset += PURCHASE_RECOVERY_CONCURRENCY) {
      const chunk = due.slice(offset, offset + PURCHASE_RECOVERY_CONCURRENCY);
      await Promise.all(chunk.map((purchaseId) => deps.settlementQueue.enqueue({ purchaseId })));
      enqueued.push(...chunk);
    }
    const closed = nextAuthorizedBucketStartMs(bucketMs) + BUCKET_SETTLE_MS <= cutoffMs;
    if (contiguous && closed && page.exhausted && due.length === 0) watermarkMs = nextAuthorizedBucketStartMs(bucketMs);
    else contiguous = false;
  }
  itemsRead += indexItemsRead;
  if (watermarkMs > startMs || storedWatermarkMs === undefined) await deps.purchases.advanceRecoveryWatermarkMs(watermarkMs);
  return { enqueued, awaitingOperator, itemsRead, bucketsWalked, watermarkMs };
};
