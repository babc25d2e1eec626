import type { IdempotentRequest } from '../idempotency/idempotency';
import type { IdempotencyRecord } from '../idempotency/ports';
import type { OwnedPage, OwnedQuery } from '../owned';
import type {
  PurchaseAttention,
  PurchaseRecord,
  PurchaseRefund,
  PurchaseRejection,
  PurchaseSettlement,
  PurchaseStatus,
} from './purchase';
import type { SettlementMessage } from './settlement-message';

/**
 * Where purchases are kept, declared by their consumer (purchase, settlement, refund and
 * recovery). No method throws a DomainError: an absent purchase is `undefined` or `false`,
 * and every status change is ONE conditional write on the status it leaves, so concurrent
 * workers and refunds cannot both win. Infrastructure failures propagate.
 */
export interface PurchaseStore {
  /** Stores the purchase unless its id exists (a conditional write); returns what is stored, the first record written with an id. */
  create(record: PurchaseRecord): Promise<PurchaseRecord>;
  get(id: string): Promise<PurchaseRecord | undefined>;
  /** A customer's purchases, newest first, optionally in one status (an index, never a scan). */
  listByCustomer(query: OwnedQuery<PurchaseStatus>): Promise<OwnedPage<PurchaseRecord>>;
  /**
   * Records the settlement: authorized → settled; or, when a refund overtook it — the purchase
   * is `refunded`, has no settlement, and its refund reversed the settlement's legs (its
   * transfers name `settlementReversalIdFor`) — the settlement beside the refund, the status
   * left `refunded`. Each is one conditional write, so of concurrent writers one records it.
   * True when this call recorded it; false when the purchase already has a settlement, was
   * rejected, refunded without a settlement posted, or does not exist. `purchase` is the
   * purchase as read (what a docket derives from never changes after authorization): a
   * store may keep the docket as what the purchase does not say.
   */
  markSettled(purchase: PurchaseRecord, settlement: PurchaseSettlement): Promise<boolean>;
  /**
   * Replaces the docket of a settled purchase (`purchase` as read, its settlement's docket the
   * one replaced) by `docket`, the same claims signed again by another key: one conditional
   * write on the docket it replaces, so of concurrent replacements the first is kept. Answers
   * the docket stored afterwards: `docket`, or the one a concurrent replacement stored.
   */
  replaceDocket(purchase: PurchaseRecord, docket: string): Promise<string>;
  /**
   * Stores `docket` as the refund docket of a refunded purchase in place of the one `purchase`
   * (as read) holds — none, for a refund recorded before refund dockets were signed; the same
   * claims signed again by another key otherwise: one conditional write on the refund docket it
   * replaces, so of concurrent writers the first is kept. Answers the refund docket stored
   * afterwards: `docket`, or the one a concurrent writer stored. `refundDocketId` is stored with it.
   */
  storeRefundDocket(purchase: PurchaseRecord, docket: string): Promise<string>;
  /** authorized → rejected; false when the purchase was no longer authorized. */
  markRejected(id: string, rejection: PurchaseRejection): Promise<boolean>;
  /**
   * `from` → refunded, the refund (with its refund docket) recorded in the same write; false
   * when the purchase was in none of those states. `purchase` is the purchase as read, which
   * the refund docket was signed from (a store keeps only what it does not derive).
   */
  markRefunded(purchase: PurchaseRecord, from: readonly PurchaseStatus[], refund: PurchaseRefund): Promise<boolean>;
  /** Sets `attention` (idempotent; the first one stays); nothing for a purchase that does not exist. */
  markAttention(id: string, attention: PurchaseAttention): Promise<void>;
  /** The idempotency records of the requests that make purchases, kept in the purchases' own items. */
  readonly claims: PurchaseClaimStore;
}

/**
 * The request that makes a purchase (`POST /v1/purchases`) keeps its idempotency record in
 * the purchase's own item, under the purchase id derived from (customer, Idempotency-Key):
 * the claim is written before anything else, and storing the purchase (`create`) fills the
 * same item, so a purchase needs no idempotency item of its own, no read before it is
 * created and, when its answer can be rebuilt from the purchase and its ticket, no write of
 * the answer (shared/http/purchase-idempotency.ts). A claim never changes what a purchase
 * stored; `get` and the indexes see an item only once a purchase is stored in it. Every
 * record under one purchase id is of one scope (the id derives from it), so a store need not
 * keep the scope: a record it answers is of the scope of the claim that asks.
 * No DomainError; infrastructure failures propagate.
 */
export interface PurchaseClaimStore {
  /**
   * Writes the record unless the item holds a purchase already (its in-progress record is
   * taken over with `takeOver`) or a record that is completed, in progress within its lease,
   * or for another request (fingerprint). A refused claim answers the record and the purchase
   * stored; a purchase stored without a claim (before claims were kept in purchase items) has
   * no record.
   */
  claim<Answer>(purchaseId: string, record: IdempotencyRecord<Answer>, nowMs: number): Promise<PurchaseClaim<Answer>>;
  /**
   * Takes over the in-progress record of an item that holds a purchase, if its lease still
   * ends at `seenLeaseExpiresAtMs` (so of two takers one wins): its lease ends at `leaseExpiresAtMs` now.
   */
  takeOver(purchaseId: string, fingerprint: string, seenLeaseExpiresAtMs: number, leaseExpiresAtMs: number): Promise<boolean>;
  /** Stores the answer and marks the record completed, if it still holds this fingerprint. */
  complete<Answer>(purchaseId: string, fingerprint: string, response: Answer): Promise<void>;
  /**
   * Gives up an in-progress record of this fingerprint so that a retry can run at once: the
   * item is deleted while it holds no purchase, else its lease is ended.
   */
  release(purchaseId: string, fingerprint: string): Promise<void>;
  /**
   * Which request the item holds its key for, read strongly consistently: its record's (a
   * claim, in any state, or a purchase's), for a purchase stored without a record the purchase
   * itself (purchaseRequestOf); undefined when there is no item. The caller's other routes
   * read it after their claim (one key space per caller, docs/purchases.md).
   */
  requestOf(purchaseId: string, scope: string): Promise<IdempotentRequest | undefined>;
}

/** What the generic idempotency store's routes read of the purchase items: a customer's keys are one space with them. */
export type PurchaseKeys = Pick<PurchaseClaimStore, 'requestOf'>;

export type PurchaseClaim<Answer> =
  | { readonly claimed: true }
  | {
      readonly claimed: false;
      readonly existing: IdempotencyRecord<Answer> | undefined;
      readonly purchase: PurchaseRecord | undefined;
    };

/**
 * The settlement queue as the purchase path sees it. Delivery is at least once; a duplicate
 * message is harmless to the idempotent worker. No DomainError; a failed send propagates.
 */
export interface SettlementQueue {
  enqueue(message: SettlementMessage): Promise<void>;
}
