import { DomainError, type ErrorCode, quoted, notVisible } from '../../errors';
import { derivedId } from '../../ids';
import type { TransferOperation } from '../ledger/types';
import {
  CARRIER_FEE_CODE,
  PLATFORM_FEE_CODE,
  PURCHASE_REFUND_CODE,
  PURCHASE_REJECTED_CODE,
  PURCHASE_SETTLEMENT_CODE,
} from '../payments/owned-transfers';
import { postingLegs, postingOperations, type PostingLeg } from '../payments/posting';
import { purchaseLegTransferIdFor, purchaseReversalTransferIdFor } from '../payments/charge-legs';
import type { PaymentRoute } from '../payments/route';
import { actsFor, type Principal } from '../principal';
import type { FeeSplit } from './fees';

/**
 * A purchase and its life:
 *
 *   authorized ──worker posts and splits──▶ settled ──refund (reversals)──▶ refunded
 *       │  └──────────refund (void the hold)────────────────────────────────▶ refunded
 *       └──worker refused (hold expired/voided…)──▶ rejected (hold voided, ticket revoked)
 *
 * `attention` is set beside any state when the settlement message could not be processed
 * (it is on its last receive before the dead-letter queue): an operator looks at it.
 */
export const PURCHASE_STATUSES = ['authorized', 'settled', 'rejected', 'refunded'] as const;
export type PurchaseStatus = (typeof PURCHASE_STATUSES)[number];

/** A settlement is a posting (shared/domain/payments/posting.ts): the hold posted, the fees moved out of it. */
export type SettlementLeg = PostingLeg;

export interface PurchaseSettlement {
  readonly settledAt: string;
  readonly split: FeeSplit;
  readonly legs: readonly SettlementLeg[];
  readonly docketId: string;
  /** Compact JWS, typ kippu-docket+jwt. */
  readonly docket: string;
}

export interface PurchaseRejection {
  readonly reasonCode: ErrorCode;
  readonly detail: string;
  readonly rejectedAt: string;
}

export interface PurchaseRefund {
  readonly refundedAt: string;
  readonly refundedBy: string;
  /** Reversal transfers, or the void of a hold that was never settled. */
  readonly transferIds: readonly string[];
  /**
   * The refund docket (refund-docket.ts) of a refund that reversed a settlement: its id, and
   * the compact JWS (typ kippu-refund-docket+jwt), stored in the refund's own write. A refund
   * recorded before refund dockets were signed has none until its first read stores it.
   */
  readonly refundDocketId?: string;
  readonly refundDocket?: string;
}

export interface PurchaseAttention {
  readonly reason: 'SETTLEMENT_MESSAGE_MALFORMED' | 'SETTLEMENT_RETRIES_EXHAUSTED';
  readonly detail: string;
  readonly at: string;
  readonly messageId: string;
}

export interface PurchaseRecord {
  readonly id: string;
  readonly customerId: string;
  readonly offerId: string;
  readonly providerId: string;
  readonly resource: string;
  readonly route: PaymentRoute;
  /** The customer's account the hold draws on: the wallet or the carrier account. */
  readonly payerAccountId: string;
  /** The carrier that collects, on the carrier route. */
  readonly agentId?: string;
  readonly amountMinor: number;
  readonly currency: string;
  /** Fee rates as they were when the customer bought (a later rate change does not touch it). */
  readonly platformFeeBps: number;
  readonly carrierFeeBps: number;
  readonly holdTransferId: string;
  readonly holdExpiresAt: string;
  readonly ticketId: string;
  readonly status: PurchaseStatus;
  readonly createdAt: string;
  /** The usage right bought (usage-terms.ts): its content, purpose and period, and the device its ticket is bound to. */
  readonly contentId?: string;
  readonly purpose?: string;
  readonly periodSeconds?: number;
  readonly deviceId?: string;
  /**
   * The customer's pseudonym towards the provider (the ticket's and the docket's `sub`), kept
   * so that settlement signs the docket without looking it up. Never shown; purchases stored
   * before it was kept have none (settlement then looks it up).
   */
  readonly subject?: string;
  readonly settlement?: PurchaseSettlement;
  readonly rejection?: PurchaseRejection;
  readonly refund?: PurchaseRefund;
  readonly attention?: PurchaseAttention;
}

/**
 * Every id of a purchase derives from (customer, Idempotency-Key), and every later id from
 * the purchase id, so a crash between any two steps and a retry land on the same records.
 */
export const purchaseIdFor = (customerId: string, idempotencyKey: string): string =>
  derivedId('pur', 'purchase', customerId, idempotencyKey);

/** The request that makes a purchase, as idempotency records name it. */
export const PURCHASE_REQUEST = { method: 'POST', path: '/v1/purchases' } as const;

/**
 * The request a purchase stored without an idempotency record (before records moved into
 * purchase items) was made with, as far as the purchase tells: POST /v1/purchases for its offer.
 */
export const purchaseRequestOf = (scope: string, purchase: Pick<PurchaseRecord, 'offerId'>) => ({
  scope,
  ...PURCHASE_REQUEST,
  body: { offerId: purchase.offerId },
});
export const holdTransferIdFor = (purchaseId: string): string => derivedId('trf', 'purchase-hold', purchaseId);
export const ticketIdFor = (purchaseId: string): string => derivedId('tkt', 'purchase-ticket', purchaseId);
export const voidTransferIdFor = (purchaseId: string): string => derivedId('trf', 'purchase-void', purchaseId);
export const docketIdFor = (purchaseId: string): string => derivedId('dkt', 'purchase-docket', purchaseId);

/**
 * The code of the void of a purchase's hold says who voided it: a refund of the authorized
 * purchase, or the settlement worker rejecting it. Both use the one derived void id, so only
 * one of them ever voids; the other finds that void (releaseHold) and, for the worker, the
 * code tells whether to finish a refund or a rejection.
 */
export const HOLD_VOID_CODES = { refund: PURCHASE_REFUND_CODE, rejection: PURCHASE_REJECTED_CODE } as const;
export type HoldVoidCause = keyof typeof HOLD_VOID_CODES;

/**
 * The legs of a settlement: the hold posted in full to the provider's revenue account, then
 * the platform fee and (carrier route) the carrier's collection fee moved out of it, under
 * the terms the purchase fixed when it was authorized.
 */
export const settlementLegs = (purchase: PurchaseRecord): { split: FeeSplit; legs: SettlementLeg[] } =>
  postingLegs({
    amountMinor: purchase.amountMinor,
    currency: purchase.currency,
    providerId: purchase.providerId,
    terms: purchase,
    legId: (kind) => purchaseLegTransferIdFor(purchase.id, kind),
  });

/** The one linked ledger write of a settlement. */
export const settlementOperations = (purchase: PurchaseRecord, legs: readonly SettlementLeg[]): TransferOperation[] =>
  postingOperations(legs, {
    holdTransferId: purchase.holdTransferId,
    currency: purchase.currency,
    reference: purchase.id,
    codes: { post: PURCHASE_SETTLEMENT_CODE, platformFee: PLATFORM_FEE_CODE, carrierFee: CARRIER_FEE_CODE },
  });

/**
 * The reversal of the settlement's post leg, which a refund writes only when the settlement
 * posted the hold: a refund that names it reversed a settlement, whether or not the purchase
 * recorded that settlement before the refund changed its state.
 */
export const settlementReversalIdFor = (purchaseId: string): string => purchaseReversalTransferIdFor(purchaseId, 'post');

/**
 * True when a refund overtook the purchase's settlement: the worker posted the legs, the
 * refund (which found the hold posted) reversed them and marked the purchase refunded before
 * the worker recorded the settlement. The settlement is still the worker's to record, beside
 * the refund (PurchaseStore.markSettled), with its docket.
 */
export const refundOvertookSettlement = (purchase: PurchaseRecord): boolean =>
  purchase.status === 'refunded' &&
  purchase.settlement === undefined &&
  purchase.refund?.transferIds.includes(settlementReversalIdFor(purchase.id)) === true;

/** The one linked ledger write of a refund: every settlement leg reversed (debit and credit swapped). */
export const refundOperations = (purchase: PurchaseRecord, legs: readonly SettlementLeg[]): TransferOperation[] =>
  legs.map((leg) => ({
    action: 'create',
    id: purchaseReversalTransferIdFor(purchase.id, leg.kind),
    debitAccountId: leg.creditAccountId,
    creditAccountId: leg.debitAccountId,
    amountMinor: leg.amountMinor,
    currency: purchase.currency,
    code: PURCHASE_REFUND_CODE,
    reference: purchase.id,
    reversesTransferId: leg.transferId,
  }));

/**
 * Who may see a purchase: its customer, the provider of its offer and operators. Anyone
 * else gets the same 404 as for a purchase that does not exist.
 */
export const authorizePurchaseRead = (
  principal: Principal,
  purchase: PurchaseRecord | undefined,
  purchaseId: string,
): PurchaseRecord => {
  const allowed =
    purchase !== undefined &&
    (actsFor(principal, 'customer', purchase.customerId) || actsFor(principal, 'provider', purchase.providerId));
  if (!allowed) throw notVisible('PURCHASE_NOT_FOUND', 'purchase', purchaseId);
  return purchase;
};

/**
 * Who may read a purchase's docket: whoever may read the purchase, and the carrier agent of a
 * carrier-route purchase — the docket names it in `aud` and is what it collects against
 * (SPEC S4). Any other agent gets the same 404 as for a purchase that does not exist.
 */
export const authorizeDocketRead = (
  principal: Principal,
  purchase: PurchaseRecord | undefined,
  purchaseId: string,
): PurchaseRecord => {
  if (principal.role === 'agent') {
    if (purchase?.route === 'carrier' && purchase.agentId === principal.subject) return purchase;
    throw notVisible('PURCHASE_NOT_FOUND', 'purchase', purchaseId);
  }
  return authorizePurchaseRead(principal, purchase, purchaseId);
};

/**
 * The signed docket of a purchase that was settled (a refunded one too: its settlement stays
 * beside its refund); a purchase never settled has none to read.
 */
export const purchaseDocket = (purchase: PurchaseRecord) => {
  if (purchase.settlement === undefined) {
    throw new DomainError(
      'DOCKET_NOT_FOUND',
      `Purchase ${quoted(purchase.id)} has no docket: it has not been settled (it is ${purchase.status}).`,
    );
  }
  return { purchaseId: purchase.id, docketId: purchase.settlement.docketId, token: purchase.settlement.docket };
};

declare const servedBrand: unique symbol;

/**
 * A purchase as kippu answers it: a settled one carries its docket as served (servedPurchases,
 * shared/domain/purchases/served.ts), one that verifies against the served JWK Set, never the
 * stored token of a key that is leaving it. purchaseView takes only these, so no answer that
 * carries a purchase (read, list, creation, refund) can skip the rule.
 */
export type ServedPurchase = PurchaseRecord & { readonly [servedBrand]: true };

/**
 * The purchase as it was when it was authorized: what `POST /v1/purchases` answered for it,
 * whatever happened to it since (status and the details of later transitions removed). It has
 * no settlement, so no docket: it is served as it is.
 */
export const asAuthorized = (purchase: PurchaseRecord): ServedPurchase => {
  const { settlement: _settlement, rejection: _rejection, refund: _refund, attention: _attention, ...authorized } = purchase;
  return { ...authorized, status: 'authorized' } as ServedPurchase;
};

/** True when nothing happened to the purchase after its authorization (asAuthorized changes nothing). */
export const isAsAuthorized = (purchase: PurchaseRecord): boolean =>
  purchase.status === 'authorized' &&
  purchase.settlement === undefined &&
  purchase.rejection === undefined &&
  purchase.refund === undefined &&
  purchase.attention === undefined;

/**
 * Whether the principal sees who bought a purchase and how they pay: its customer, operators
 * and, on the carrier route, the carrier agent that collects it. Anyone else a use case lets
 * read one (the provider of its offer) does not. No purchase answer reaches an agent today
 * (every route that answers one refuses the agent role): the carrier agent reads the docket.
 */
const seesPayer = (principal: Principal, purchase: PurchaseRecord): boolean =>
  actsFor(principal, 'customer', purchase.customerId) ||
  (principal.role === 'agent' && purchase.route === 'carrier' && purchase.agentId === principal.subject);

/**
 * What a caller sees of a purchase, in every answer about one (read, list, creation, refund,
 * and their replays). Who bought it (`customerId`, `deviceId`) and how they pay
 * (`payerAccountId`, the carrier `agentId`, the accounts of the settlement legs) only its
 * customer and operators see (its carrier agent would, but reads the docket instead: no route
 * answers an agent a purchase); the provider of its offer sees that it was
 * paid, by which route, and what it nets, not by whom nor through whom (SPEC S1: providers see
 * pseudonymous subjects, not identities; the same rule as reservationView). The signed docket
 * is left as served (ServedPurchase): a settlement record for the parties its `aud` names. The refund names its
 * refund docket by id (`refundDocketId`); its token is read at GET /v1/purchases/{id}/refund-docket.
 */
export const purchaseView = (principal: Principal, purchase: ServedPurchase, ticketToken?: string) => {
  const {
    customerId,
    payerAccountId,
    deviceId,
    subject: _subject,
    holdTransferId: _holdTransferId,
    holdExpiresAt: _holdExpiresAt,
    ticketId: _ticketId,
    refund,
    ...shared
  } = purchase;
  // The refund names its refund docket; the token is read at its own route, as the docket's readers may.
  const { refundDocket: _refundDocket, ...refundShown } = refund ?? { refundDocket: undefined };
  const base = {
    ...shared,
    ...(refund === undefined ? {} : { refund: refundShown }),
    hold: { transferId: purchase.holdTransferId, expiresAt: purchase.holdExpiresAt },
    ticket: { id: purchase.ticketId, ...(ticketToken === undefined ? {} : { token: ticketToken }) },
  };
  if (seesPayer(principal, purchase))
    return { ...base, customerId, payerAccountId, ...(deviceId === undefined ? {} : { deviceId }) };
  const { agentId: _agentId, ...paid } = base;
  // The post leg names the payer's account, whose id names the customer (and the carrier): amounts only.
  const settlement =
    purchase.settlement === undefined
      ? undefined
      : {
          ...purchase.settlement,
          legs: purchase.settlement.legs.map(({ kind, transferId, amountMinor }) => ({ kind, transferId, amountMinor })),
        };
  return { ...paid, ...(settlement === undefined ? {} : { settlement }) };
};
