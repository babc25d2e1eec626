import { assert, DomainError, isDomainError, type ErrorCode, quoted } from '../../errors';
import { errorFields, type Logger } from '../../logger';
import type { BusinessMetrics, Clock } from '../../ports';
import { settlementQueue } from '../../resources/queues';
import type { Ledger } from '../ledger/ports';
import type { GroupOutcome } from '../ledger/groups';
import type { TransferOutcome, TransferView } from '../ledger/types';
import { revokeTicketAndDerived } from '../revocations/revocations';
import type { RevocationStore } from '../revocations/ports';
import type { JwsSigner, PseudonymStore, TicketStore } from '../tickets/ports';
import { docketClaims, signDocket } from './docket';
import type { FeeSplit } from './fees';
import {
  docketIdFor,
  HOLD_VOID_CODES,
  refundOvertookSettlement,
  settlementLegs,
  settlementOperations,
  type PurchaseAttention,
  type PurchaseRecord,
  type SettlementLeg,
} from './purchase';
import type { PurchaseStore } from './ports';
import { holdReleaseOf, releaseHold } from './release';
import type { SettlementMessage } from './settlement-message';

export interface SettlementDeps {
  readonly purchases: PurchaseStore;
  readonly ledger: Ledger;
  readonly ticketStore: TicketStore;
  readonly pseudonyms: PseudonymStore;
  readonly revocations: RevocationStore;
  readonly signer: JwsSigner;
  readonly issuer: string;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly metrics: BusinessMetrics;
  /** The queue's maxReceiveCount: the receive on which a failing message is last seen before the dead-letter queue. */
  readonly maxReceiveCount: number;
}

/**
 * Ledger refusals that are about timing, not the purchase: the message is retried. Every
 * other DomainError from the settlement write is a refusal of this purchase.
 */
const TRANSIENT_CODES: ReadonlySet<ErrorCode> = /* @__PURE__ */ new Set<ErrorCode>(['TRANSACTION_CONFLICT']);

export type SettlementOutcome = 'settled' | 'rejected' | 'refunded' | 'unchanged';

/** What a rejected purchase tells its customer, by the ledger's reason (kept as `reasonCode`): a sentence, no ledger internals. */
const REJECTION_DETAILS: Partial<Record<ErrorCode, string>> = {
  PENDING_TRANSFER_EXPIRED: 'The payment hold expired before the purchase could be settled.',
  PENDING_TRANSFER_ALREADY_VOIDED: 'The payment hold had already been released before the purchase could be settled.',
  PENDING_TRANSFER_ALREADY_POSTED:
    'The payment hold was taken outside the purchase settlement, so that payment was reversed instead.',
  PENDING_TRANSFER_NOT_FOUND: 'The payment hold of the purchase could not be found when it was to be settled.',
  BALANCE_OVERFLOW:
    'An account this payment goes through has moved the most money a statement can state, so the payment could not be settled.',
};

export const rejectionDetail = (reasonCode: ErrorCode): string =>
  `${REJECTION_DETAILS[reasonCode] ?? 'The payment could not be settled.'} Nothing was charged and the ticket was revoked.`;

/**
 * A refused settlement. Flow: void the hold (a released hold counts as done) → revoke the
 * ticket and every ticket made from it, and list them → mark the purchase rejected with the reason. Each step is idempotent,
 * so a crash anywhere is repaired by the redelivered message.
 */
const rejectPurchase = async (deps: SettlementDeps, purchase: PurchaseRecord, refusal: DomainError): Promise<void> => {
  await releaseHold(deps.ledger, purchase, 'rejection');
  await revokeTicketAndDerived(deps, purchase.ticketId, purchase.providerId, 'settlement_rejected');
  const rejected = await deps.purchases.markRejected(purchase.id, {
    reasonCode: refusal.code,
    detail: rejectionDetail(refusal.code),
    rejectedAt: new Date(deps.clock.now()).toISOString(),
  });
  if (rejected) deps.metrics.record('purchasesRejected', 1, {});
};

/** `refundedBy` of a refund that the settlement worker finished (the refunding principal is not recorded in the ledger). */
const INTERRUPTED_REFUND_FINISHER = 'system:settlement-worker';

/**
 * The hold was voided by a refund that stopped before marking the purchase refunded (a crash
 * after its void). The customer has the money back, so this purchase can only end refunded:
 * finish the refund's remaining steps, each idempotent (revoke and list the ticket, mark it
 * refunded), rather than reject it — which would make the refund's retry a 409 — or retry
 * the message until the dead-letter queue. A refund retry that comes later answers it as it is.
 */
const finishInterruptedRefund = async (
  deps: SettlementDeps,
  purchase: PurchaseRecord,
  refundVoid: TransferView,
): Promise<void> => {
  await revokeTicketAndDerived(deps, purchase.ticketId, purchase.providerId, 'refunded');
  const refunded = await deps.purchases.markRefunded(purchase, ['authorized'], {
    refundedAt: refundVoid.recordedAt,
    refundedBy: INTERRUPTED_REFUND_FINISHER,
    transferIds: [refundVoid.id],
  });
  if (refunded) deps.metrics.record('purchasesRefunded', 1, {});
};

/**
 * A purchase's settlement write, done for the whole batch of deliveries at once: the
 * purchase as read, and what the ledger answered for its linked group.
 */
export interface PreparedSettlement {
  readonly purchase: PurchaseRecord;
  readonly ledger: GroupOutcome;
}

/** The ledger's answer to a purchase's settlement write: the outcomes, or the refusal thrown. */
const writeSettlement = async (
  deps: SettlementDeps,
  purchase: PurchaseRecord,
  legs: ReturnType<typeof settlementLegs>['legs'],
  prepared: PreparedSettlement | undefined,
): Promise<readonly TransferOutcome[]> => {
  if (prepared === undefined) return deps.ledger.createTransfers(settlementOperations(purchase, legs));
  if (!prepared.ledger.ok) throw prepared.ledger.error;
  return prepared.ledger.outcomes;
};

/**
 * Settle one purchase.
 *
 * Flow:
 *  1. Read the purchase; anything but `authorized` is already finished: nothing to do —
 *     except a purchase whose refund overtook its settlement (refundOvertookSettlement: the
 *     legs were posted, the refund reversed them and marked it refunded before step 4 of an
 *     earlier delivery, which then crashed): its settlement is recorded as in steps 3 and 4,
 *     from the posted leg, with no ledger write.
 *  2. ONE linked ledger write: post the hold in full to the provider's revenue account and
 *     move the platform fee (and the carrier's fee on the carrier route) out of it. Ids
 *     derive from the purchase, so a redelivered message gets `exists` and posts nothing.
 *     A ledger refusal (hold expired or voided …) → rejectPurchase, unless a refund voided
 *     the hold (its void carries the refund's code): then finishInterruptedRefund, and the
 *     purchase ends refunded. A transient conflict or any other error is thrown: the message
 *     is retried.
 *  3. Sign the docket from the stored transfer's time (deterministic claims).
 *  4. authorized → settled with the docket, conditionally: the first writer wins, and only
 *     it counts the settlement (PurchasesSettled, AmountPostedMinor, SettlementLatency). A
 *     refund that overtook the settlement between steps 2 and 4 (it found the hold posted,
 *     reversed the legs and marked the purchase refunded) does not drop it: markSettled
 *     records the settlement and its docket beside the refund (the bill and the statement
 *     show the sale and its refund; the carrier collects against the docket).
 */
export const settlePurchase = async (
  deps: SettlementDeps,
  purchaseId: string,
  prepared?: PreparedSettlement,
): Promise<SettlementOutcome> => {
  const purchase = prepared?.purchase ?? (await deps.purchases.get(purchaseId));
  if (purchase === undefined) throw new DomainError('PURCHASE_NOT_FOUND', `No purchase ${quoted(purchaseId)} to settle.`);
  const { split, legs } = settlementLegs(purchase);
  if (refundOvertookSettlement(purchase)) {
    // The legs were posted (and reversed by the refund); record the settlement, with no ledger write.
    const post = legs[0];
    assert(post !== undefined, 'a settlement has a post leg');
    const posted = await deps.ledger.getTransfer(post.transferId);
    return recordSettlement(deps, purchase, split, legs, posted.recordedAt);
  }
  if (purchase.status !== 'authorized') return 'unchanged';
  let settledAt: string;
  try {
    const outcomes = await writeSettlement(deps, purchase, legs, prepared);
    const posted = outcomes[0]?.transfer;
    assert(posted !== undefined, 'a settlement has a post leg');
    settledAt = posted.recordedAt;
  } catch (error) {
    if (!isDomainError(error) || TRANSIENT_CODES.has(error.code)) throw error;
    const holdVoid = await holdReleaseOf(deps.ledger, purchase);
    if (holdVoid?.code === HOLD_VOID_CODES.refund) {
      await finishInterruptedRefund(deps, purchase, holdVoid);
      return 'refunded';
    }
    await rejectPurchase(deps, purchase, error);
    return 'rejected';
  }
  return recordSettlement(deps, purchase, split, legs, settledAt);
};

/**
 * Steps 3 and 4: sign the docket and record the settlement on the purchase (markSettled:
 * authorized → settled, or beside the refund that overtook it). Only the write that records
 * it counts the settlement.
 */
const recordSettlement = async (
  deps: SettlementDeps,
  purchase: PurchaseRecord,
  split: FeeSplit,
  legs: readonly SettlementLeg[],
  settledAt: string,
): Promise<SettlementOutcome> => {
  const docketId = docketIdFor(purchase.id);
  // The purchase keeps the pseudonym its ticket was signed with; older purchases look it up.
  const subject = purchase.subject ?? (await deps.pseudonyms.subjectFor(purchase.providerId, purchase.customerId));
  const docket = await signDocket(
    deps.signer,
    docketClaims({ issuer: deps.issuer, subject, docketId, purchase, split, legs, settledAt }),
  );
  if (await deps.purchases.markSettled(purchase, { settledAt, split, legs, docketId, docket })) {
    deps.metrics.record('purchasesSettled', 1, {});
    deps.metrics.record('amountPostedMinor', purchase.amountMinor, { currency: purchase.currency });
    deps.metrics.record('settlementLatency', Date.parse(settledAt) - Date.parse(purchase.createdAt), {});
  }
  return 'settled';
};

/** One SQS record as the domain sees it (the handler maps the Lambda event to these and parses the body). */
export interface SettlementDelivery {
  readonly messageId: string;
  /** The parsed message; undefined when the body is not a settlement message. */
  readonly message: SettlementMessage | undefined;
  readonly receiveCount: number;
  /** The purchase id message attribute, when present. */
  readonly purchaseIdAttribute?: string;
}

/**
 * A message on its last receive that still fails is going to the dead-letter queue: flag
 * its purchase for an operator now, while we still know which one it is. Best effort: if
 * this write fails too, the DLQ alarm is the remaining signal.
 */
const flagForAttention = async (
  deps: SettlementDeps,
  purchaseId: string | undefined,
  attention: Omit<PurchaseAttention, 'at'>,
): Promise<void> => {
  if (purchaseId === undefined) {
    deps.logger.error('settlement message names no purchase; only the dead-letter queue has it', {
      messageId: attention.messageId,
    });
    return;
  }
  try {
    await deps.purchases.markAttention(purchaseId, { ...attention, at: new Date(deps.clock.now()).toISOString() });
  } catch (error) {
    deps.logger.error('could not flag purchase for attention', { purchaseId, ...errorFields(error) });
  }
};

/**
 * One record of the settlement queue: it either finishes (settled, rejected or already done:
 * true, the message is deleted) or must be retried by SQS (false) — a malformed body or an
 * infrastructure error. On the last receive before the dead-letter queue, the purchase is
 * flagged for attention and the dead-letter arrival is counted. Never throws.
 */
export const settleDelivery = async (
  deps: SettlementDeps,
  delivery: SettlementDelivery,
  prepared?: PreparedSettlement,
): Promise<boolean> => {
  const lastReceive = delivery.receiveCount >= deps.maxReceiveCount;
  const messageFields = { messageId: delivery.messageId, receiveCount: delivery.receiveCount };
  const purchaseId = delivery.message?.purchaseId;
  const retry = async (attention: Omit<PurchaseAttention, 'at' | 'messageId'>, flagged: string | undefined) => {
    if (!lastReceive) return false;
    await flagForAttention(deps, flagged, { ...attention, messageId: delivery.messageId });
    deps.metrics.record('deadLetterArrivals', 1, { queue: settlementQueue.id });
    return false;
  };
  if (purchaseId === undefined) {
    deps.logger.error('malformed settlement message', { ...messageFields, purchaseId: delivery.purchaseIdAttribute });
    const detail = 'the settlement message body is not {"purchaseId": "pur_…"}';
    return retry({ reason: 'SETTLEMENT_MESSAGE_MALFORMED', detail }, delivery.purchaseIdAttribute);
  }
  try {
    const outcome = await settlePurchase(deps, purchaseId, prepared?.purchase.id === purchaseId ? prepared : undefined);
    // Settled purchases speak for themselves (their record, docket and metrics); refusals are worth a line.
    if (outcome === 'rejected') deps.logger.warn('settlement rejected', { purchaseId, ...messageFields });
    if (outcome === 'refunded')
      deps.logger.warn('hold voided by an interrupted refund; refund finished', { purchaseId, ...messageFields });
    return true;
  } catch (error) {
    deps.logger.error('settlement failed; the message will be retried', { purchaseId, ...messageFields, ...errorFields(error) });
    const detail = error instanceof Error ? error.message.slice(0, 500) : 'settlement failed';
    return retry({ reason: 'SETTLEMENT_RETRIES_EXHAUSTED', detail }, purchaseId);
  }
};

/**
 * The ledger writes of a batch of deliveries, together: the `authorized` purchases'
 * settlement groups in one `createTransferGroups` (as few transactions as fit, one update
 * per hot account); each purchase's refusal stays its own. By purchase id, each purchase once
 * (a message delivered twice in one batch shares the answer). Never throws: on any error
 * nothing is prepared and each delivery settles alone, as it would without the batch.
 */
export const prepareSettlements = async (
  deps: SettlementDeps,
  deliveries: readonly SettlementDelivery[],
): Promise<Map<string, PreparedSettlement>> => {
  const purchaseIds = [...new Set(deliveries.flatMap((delivery) => delivery.message?.purchaseId ?? []))];
  try {
    const purchases = await Promise.all(purchaseIds.map((purchaseId) => deps.purchases.get(purchaseId)));
    const authorized = purchases.filter((purchase): purchase is PurchaseRecord => purchase?.status === 'authorized');
    if (authorized.length === 0) return new Map();
    const groups = authorized.map((purchase) => settlementOperations(purchase, settlementLegs(purchase).legs));
    const outcomes = await deps.ledger.createTransferGroups(groups);
    return new Map(
      authorized.flatMap((purchase, index) => {
        const ledger = outcomes[index];
        return ledger === undefined ? [] : [[purchase.id, { purchase, ledger }] as const];
      }),
    );
  } catch (error) {
    deps.logger.warn('batched settlement write failed; settling each purchase alone', errorFields(error));
    return new Map();
  }
};

/** A batch of deliveries: the ledger writes together (prepareSettlements), the rest each on its own; returns the message ids to retry. */
export const processSettlementBatch = async (
  deps: SettlementDeps,
  deliveries: readonly SettlementDelivery[],
): Promise<string[]> => {
  const prepared = await prepareSettlements(deps, deliveries);
  const done = await Promise.all(
    deliveries.map((delivery) => settleDelivery(deps, delivery, prepared.get(delivery.message?.purchaseId ?? ''))),
  );
  return deliveries.filter((_, position) => done[position] !== true).map((delivery) => delivery.messageId);
};
