import { assert, isDomainError, type ErrorCode } from '../../errors';
import { PURCHASE_DUE_SWEEP } from '../../limits';
import type { Clock } from '../../ports';
import { bucketMilliseconds } from '../due/ports';
import { sweepDue } from '../due/sweep';
import type { PendingHoldEntry, PendingHoldsIndex } from '../ledger/ports';
import { chargeKindOf } from '../payments/charge-legs';
import { PURCHASE_HOLD_CODE } from '../payments/owned-transfers';
import type { OfferStore } from '../offers/ports';
import { repairPurchaseTicket, type PurchaseTicketDeps } from './create';
import type { PurchaseStore, SettlementQueue } from './ports';
import type { PurchaseRecord } from './purchase';

export interface RecoveryDeps extends PurchaseTicketDeps {
  readonly purchases: Pick<PurchaseStore, 'get'>;
  /** The offer a missing ticket is issued for (repairPurchaseTicket). */
  readonly offers: Pick<OfferStore, 'get'>;
  /** The ledger's pending holds by expiry, with the recovery sweep's own watermark. */
  readonly holds: PendingHoldsIndex;
  readonly settlementQueue: SettlementQueue;
  readonly clock: Clock;
  /** How long a purchase may stay `authorized` before its settlement message is sent again. */
  readonly settlementGraceSeconds: number;
  /** The timeout purchase holds are placed with (KIPPU_PURCHASE_HOLD_TIMEOUT_SECONDS). */
  readonly holdTimeoutSeconds: number;
}

export interface RecoveryResult {
  /** Purchases whose settlement message was sent again, oldest hold first. */
  readonly enqueued: readonly string[];
  /** Stranded purchases left alone because an operator owns them (`attention` is set). */
  readonly awaitingOperator: readonly string[];
  /** Purchases whose ticket was missing (their request crashed before storing it) and was issued by this run. */
  readonly ticketsIssued: readonly string[];
  /**
   * Purchases whose missing ticket could not be issued (the refusal's code): not sent, so
   * nothing settles them; their hold expires by itself and nothing is charged.
   */
  readonly ticketsRefused: readonly { readonly purchaseId: string; readonly code: ErrorCode }[];
  /**
   * The watermark read, the index entries read (every pending hold due by the sweep's bound,
   * whoever's it is) and the purchases read for them; never a settled purchase or a hold
   * placed within the grace with today's timeout.
   */
  readonly itemsRead: number;
  readonly bucketsWalked: number;
  /** Where the next sweep starts. */
  readonly watermarkMs: number;
  /** The run stopped at a limit with due items still waiting (DueSweepReport.behind). */
  readonly behind: boolean;
  /** Age of the oldest still-authorized purchase this run read (0 when it read none): the settlement age. */
  readonly oldestAuthorizedAgeSeconds: number;
}

/** What the sweep did with one pending hold. */
type HoldOutcome =
  /** Not a purchase's hold (a reservation's, an operator's): none of recovery's business. */
  | { readonly kind: 'other'; readonly staysDue: false }
  /** Placed within the grace (a hold of a shorter timeout than today's): read again by later runs. */
  | { readonly kind: 'recent'; readonly staysDue: true }
  /**
   * No authorized purchase holds it: none stored (a request that crashed before storing it;
   * the ledger's sweeper expires the hold), or one that settled, was rejected or refunded
   * since the index was read.
   */
  | { readonly kind: 'no-authorized-purchase'; readonly purchaseRead: true; readonly staysDue: false }
  | { readonly kind: 'attention'; readonly purchase: PurchaseRecord; readonly purchaseRead: true; readonly staysDue: false }
  /** Its missing ticket could not be issued: not sent (settling it would charge for nothing). */
  | {
      readonly kind: 'ticket-refused';
      readonly purchase: PurchaseRecord;
      readonly code: ErrorCode;
      readonly purchaseRead: true;
      readonly staysDue: false;
    }
  | {
      readonly kind: 'enqueued';
      readonly purchase: PurchaseRecord;
      /** Its ticket was missing and this run issued it. */
      readonly ticketIssued: boolean;
      readonly purchaseRead: true;
      readonly staysDue: true;
    };

/**
 * The purchase a pending hold is the hold of, told by the code only a purchase's hold carries
 * (a flow's code: the operator's API refuses it) and the purchase its reference names.
 */
const purchaseIdOfHold = (hold: PendingHoldEntry): string | undefined =>
  hold.code === PURCHASE_HOLD_CODE && chargeKindOf(hold.reference) === 'purchase' ? hold.reference : undefined;

/** The sweep reads holds in expiry order, which for one timeout is creation order: the oldest purchase it read is the oldest authorized. */
const oldestAgeSeconds = (purchases: readonly PurchaseRecord[], nowMs: number): number => {
  const oldestMs = Math.min(...purchases.map((purchase) => Date.parse(purchase.createdAt)));
  return Number.isFinite(oldestMs) ? Math.max(0, Math.floor((nowMs - oldestMs) / 1000)) : 0;
};

/**
 * Re-enqueue the settlement of purchases stranded in `authorized`.
 *
 * Why: `createPurchase` stores the purchase, issues the ticket and only then enqueues the
 * settlement message. A request that crashes in between and is never retried leaves an
 * authorized purchase with no message (and, when it crashed before storing the ticket, no
 * ticket): nobody would settle it or, once its hold expires, reject it and revoke the ticket.
 * The worker is idempotent and decides which of the two applies, so recovery sends the
 * message again — after making sure the ticket exists, since settling charges the customer
 * for it (repairPurchaseTicket: the ticket the resumed request would have issued).
 *
 * Where it finds them: a purchase is `authorized` exactly while its hold is pending (the
 * settlement posts it, a rejection or refund voids it, each before the purchase leaves
 * `authorized`), and the ledger keeps every pending hold in its due index, by the minute the
 * hold expires. So the sweep walks that index (the due-index sweeper,
 * shared/domain/due/sweep.ts, with a watermark of its own) and the purchase carries no index
 * of its own. The one way a purchase stays `authorized` without a pending hold is a hold the
 * ledger's sweeper expired first: recovery must have sent its message before the hold timeout
 * (purchaseConfigFrom refuses a grace that is not shorter than the hold timeout).
 *
 * Flow of one sweep (a scheduled function; overlapping runs are safe):
 *  1. cutoff = now − grace. A hold placed with today's timeout falls due at its creation +
 *     timeout, so the holds created by the cutoff are those due by cutoff + timeout: the sweep
 *     reads up to there, never a hold placed within the grace.
 *  2. Start at the stored watermark (or timeout + PURCHASE_DUE_SWEEP.lookbackBuckets minutes
 *     before that bound the first time, which covers every hold still pending: purchases
 *     authorized before recovery walked the ledger are found the same way) and walk minute
 *     buckets, at most PURCHASE_DUE_SWEEP.bucketsPerSweepMax of them and
 *     PURCHASE_DUE_SWEEP.itemsPerSweepMax index entries in all.
 *  3. For each pending hold of a purchase (its code and reference) recorded by the cutoff,
 *     read the purchase: none stored, or no longer `authorized` → nothing to do; flagged for
 *     `attention` (its message went to the dead-letter queue; redriving it is the operator's
 *     call) → left alone; otherwise read its ticket and, when it is missing, issue it
 *     (repairPurchaseTicket; a purchase that ended meanwhile is then done with, and one whose
 *     ticket is refused is not sent: its hold expires and nothing is charged), then send its
 *     settlement message again. A failed send propagates: the schedule runs again and
 *     everything sent stays sent.
 *  4. Move the watermark past the leading buckets that are closed (their last hold was due
 *     more than PURCHASE_DUE_SWEEP.settleSeconds before the bound, so late index entries are
 *     seen) and hold no purchase that still needs a message. A bucket with a re-enqueued
 *     purchase stays ahead of the watermark until the worker posts or voids its hold, so
 *     every run sends its message again until it is settled or rejected.
 */
export const recoverStrandedPurchases = async (deps: RecoveryDeps): Promise<RecoveryResult> => {
  assert(
    Number.isInteger(deps.settlementGraceSeconds) && deps.settlementGraceSeconds > 0,
    'the settlement grace is a positive number of seconds',
  );
  assert(
    Number.isInteger(deps.holdTimeoutSeconds) && deps.holdTimeoutSeconds > deps.settlementGraceSeconds,
    'the purchase hold timeout is longer than the settlement grace',
  );
  const nowMs = deps.clock.now();
  const cutoffMs = nowMs - deps.settlementGraceSeconds * 1000;
  const timeoutBuckets = Math.ceil((deps.holdTimeoutSeconds * 1000) / bucketMilliseconds(deps.holds.layout));
  const report = await sweepDue<PendingHoldEntry, HoldOutcome>({
    index: deps.holds,
    limits: { ...PURCHASE_DUE_SWEEP, lookbackBuckets: PURCHASE_DUE_SWEEP.lookbackBuckets + timeoutBuckets },
    upToMs: cutoffMs + deps.holdTimeoutSeconds * 1000,
    step: async (hold) => {
      const purchaseId = purchaseIdOfHold(hold);
      if (purchaseId === undefined) return { kind: 'other', staysDue: false };
      if (hold.recordedAtMs > cutoffMs) return { kind: 'recent', staysDue: true };
      const purchase = await deps.purchases.get(purchaseId);
      if (purchase === undefined || purchase.status !== 'authorized' || purchase.holdTransferId !== hold.id) {
        return { kind: 'no-authorized-purchase', purchaseRead: true, staysDue: false };
      }
      // An operator owns it: not sent, and it does not hold the watermark.
      if (purchase.attention !== undefined) return { kind: 'attention', purchase, purchaseRead: true, staysDue: false };
      let repaired;
      try {
        repaired = await repairPurchaseTicket(deps, purchase);
      } catch (error) {
        if (!isDomainError(error)) throw error;
        return { kind: 'ticket-refused', purchase, code: error.code, purchaseRead: true, staysDue: false };
      }
      if (repaired.purchase.status !== 'authorized')
        return { kind: 'no-authorized-purchase', purchaseRead: true, staysDue: false };
      await deps.settlementQueue.enqueue({ purchaseId });
      // Still authorized until the worker settles or rejects it: the next run sends it again.
      return { kind: 'enqueued', purchase, ticketIssued: repaired.issued, purchaseRead: true, staysDue: true };
    },
  });
  const outcomes = report.handled.map(({ result }) => result);
  const purchasesOf = (kind: 'attention' | 'enqueued') =>
    outcomes.flatMap((outcome) => (outcome.kind === kind ? [outcome.purchase] : []));
  const enqueued = purchasesOf('enqueued');
  const awaitingOperator = purchasesOf('attention');
  // Each purchase that was to be sent had its ticket read too.
  const ticketsRead = outcomes.filter((outcome) => outcome.kind === 'enqueued' || outcome.kind === 'ticket-refused').length;
  return {
    enqueued: enqueued.map((purchase) => purchase.id),
    awaitingOperator: awaitingOperator.map((purchase) => purchase.id),
    ticketsIssued: outcomes.flatMap((outcome) =>
      outcome.kind === 'enqueued' && outcome.ticketIssued ? [outcome.purchase.id] : [],
    ),
    ticketsRefused: outcomes.flatMap((outcome) =>
      outcome.kind === 'ticket-refused' ? [{ purchaseId: outcome.purchase.id, code: outcome.code }] : [],
    ),
    itemsRead: report.itemsRead + outcomes.filter((outcome) => 'purchaseRead' in outcome).length + ticketsRead,
    bucketsWalked: report.bucketsWalked,
    watermarkMs: report.watermarkMs,
    behind: report.behind,
    oldestAuthorizedAgeSeconds: oldestAgeSeconds([...enqueued, ...awaitingOperator], nowMs),
  };
};
