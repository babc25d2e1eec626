import type { DueIndex } from '../due/ports';
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
  /** authorized → settled; false when the purchase was no longer authorized (or does not exist). */
  markSettled(id: string, settlement: PurchaseSettlement): Promise<boolean>;
  /** authorized → rejected; false when the purchase was no longer authorized. */
  markRejected(id: string, rejection: PurchaseRejection): Promise<boolean>;
  /** `from` → refunded; false when the purchase was in none of those states. */
  markRefunded(id: string, from: readonly PurchaseStatus[], refund: PurchaseRefund): Promise<boolean>;
  /** Sets `attention` (idempotent; the first one stays); nothing for a purchase that does not exist. */
  markAttention(id: string, attention: PurchaseAttention): Promise<void>;
  /**
   * The authorized-purchases index, a due index by authorization time (AUTHORIZED_DUE_LAYOUT):
   * a purchase is due for recovery from its `createdAt`, and leaves the index in the same
   * write that moves it out of `authorized`, so settled, rejected and refunded purchases are
   * never read. Its `attention` follows the record.
   */
  readonly authorizedIndex: DueIndex<AuthorizedPurchaseEntry>;
}

/** One entry of the authorized-purchases index: what the recovery sweep needs, no more. */
export interface AuthorizedPurchaseEntry {
  /** The purchase id. */
  readonly id: string;
  readonly createdAt: string;
  /** The settlement message went to the dead-letter queue: an operator owns this purchase now. */
  readonly attention: boolean;
}

/**
 * The settlement queue as the purchase path sees it. Delivery is at least once; a duplicate
 * message is harmless to the idempotent worker. No DomainError; a failed send propagates.
 */
export interface SettlementQueue {
  enqueue(message: SettlementMessage): Promise<void>;
}
