import type { DueIndex } from '../due/ports';
import type { GroupOutcome, TransferGroup } from './groups';
import type {
  AccountView,
  CreateAccountInput,
  EntriesPage,
  ExpirePendingInput,
  ExpirySweepResult,
  PostPendingInput,
  TransferCode,
  TransferOperation,
  TransferOutcome,
  TransferView,
  VoidPendingInput,
} from './types';

/**
 * The ledger as the rest of kippu sees it, in four levels, each a part of the next: a
 * consumer asks for the least it uses, so a function that only reads (or only opens
 * accounts) is wired with an adapter that does not bundle the transfer write path, and one
 * that moves money with one that does not bundle settlement groups or the expiry sweep.
 * Expected failures throw DomainError with a stable code (docs/ledger.md lists them);
 * broken invariants throw InvariantViolationError.
 */
export interface LedgerQueries {
  /** ACCOUNT_NOT_FOUND when absent. Sums the shards of a sharded account. */
  getAccount(accountId: string): Promise<AccountView>;

  /** TRANSFER_NOT_FOUND when absent. */
  getTransfer(transferId: string): Promise<TransferView>;
}

/**
 * An account's history, apart from the four levels: only the functions that list entries
 * use it, so a function that moves money bundles none of its queries, merge or cursor.
 */
export interface LedgerEntries {
  /** History in time order with the running balance after each entry; the cursor is opaque. ACCOUNT_NOT_FOUND, INVALID_CURSOR. */
  listEntries(accountId: string, page: { limit: number; cursor?: string }): Promise<EntriesPage>;
}

/** The queries and opening accounts: what registering a party, an offer or a channel needs. */
export interface LedgerAccounts extends LedgerQueries {
  /** Idempotent on `id`: same fields -> `exists`; a different field -> ACCOUNT_EXISTS_WITH_DIFFERENT_FIELDS. */
  createAccount(input: CreateAccountInput): Promise<{ result: 'created' | 'exists'; account: AccountView }>;
}

/** Moving money: what purchases, refunds, reservations, billing and the operator API use. */
export interface LedgerTransfers extends LedgerAccounts {
  /**
   * One operation is a single transfer; more are linked: all commit in one transaction or
   * none does (at most LINKED_TRANSFERS_MAX). A failing leg throws its own code with
   * `extensions.index`. Retrying the same operations returns `exists` for each.
   */
  createTransfers(operations: readonly TransferOperation[]): Promise<readonly TransferOutcome[]>;

  /** Posts a hold (all of it, or `amountMinor` of it, releasing the rest). */
  postPending(input: PostPendingInput): Promise<TransferOutcome>;

  /** Releases a hold. */
  voidPending(input: VoidPendingInput): Promise<TransferOutcome>;

  /**
   * Expires one hold whose timeout has passed (what the sweeper does, for this hold now), so
   * its amount stops counting against the payer before the sweep reaches it. A hold the sweeper
   * expired answers `exists` (the same derived id); before its timeout TRANSFER_NOT_PENDING;
   * posted or voided: PENDING_TRANSFER_ALREADY_POSTED / _VOIDED.
   */
  expirePending(input: ExpirePendingInput): Promise<TransferOutcome>;

  /**
   * The posted debits of each of an account's balance items, in shard order (one for an exact
   * account). A caller paying a balance out of a sharded account on statements places its legs
   * by their ids (`shardOf`), each within its shard's stated bound (billing's split payout,
   * docs/ledger.md "Accounts on statements"). ACCOUNT_NOT_FOUND.
   */
  shardDebitsPosted(accountId: string): Promise<readonly bigint[]>;
}

/** The whole ledger: also the settlement worker's batched groups and the expiry sweeper's `expireDue`. */
export interface Ledger extends LedgerTransfers {
  /**
   * Independent linked groups (each all-or-nothing like one `createTransfers`), written in
   * as few transactions as fit; a refused group fails alone with its own error (the others
   * commit), a retried group answers `exists`. Outcomes in the groups' order. Throws only
   * what is not a DomainError (an infrastructure failure).
   */
  createTransferGroups(groups: readonly TransferGroup[]): Promise<readonly GroupOutcome[]>;

  /** Expires the holds due by the ledger's clock, at most `limit`; never reads holds that are not due. */
  expireDue(options: { limit: number }): Promise<ExpirySweepResult>;
}

/**
 * One pending hold as the ledger's due index shows it to a reader outside the ledger (purchase
 * settlement recovery): what tells whose hold it is (its code and reference never change) and
 * when it was recorded and falls due. Eventually consistent, like every due index: a hold may
 * show late, or linger a moment after it was resolved.
 */
export interface PendingHoldEntry {
  /** The hold's transfer id. */
  readonly id: string;
  readonly code?: TransferCode;
  readonly reference?: string;
  /** When the ledger recorded the hold (its clock): the hold's creation. */
  readonly recordedAtMs: number;
  readonly expiresAtMs: number;
}

/**
 * The ledger's pending holds by the minute they fall due (LEDGER_DUE_LAYOUT), every hold
 * while it is pending and none after it is posted, voided or expired, with a watermark of
 * the reader's own (the expiry sweeper keeps its own). A read-only view: its reader never
 * writes to the ledger, and knows nothing of how the ledger stores the index.
 */
export type PendingHoldsIndex = DueIndex<PendingHoldEntry>;
