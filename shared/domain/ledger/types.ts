/**
 * Ledger vocabulary. A *hold* is a pending transfer, *settlement* posts it. Amounts are
 * integer minor units (yen, cents); currencies are ISO-4217 three-letter codes. What one
 * transfer moves is a safe integer (a JavaScript number). Balance counters add up many
 * transfers and may pass 2^53, so they are `bigint` inside the ledger and exact end to end;
 * views render them as JSON does (`JsonMinor`).
 */

export interface AccountFlags {
  /** Prepaid: debits (posted + pending) may exceed posted credits by at most `limitMinor`. */
  readonly debitsMustNotExceedCredits: boolean;
  /** Postpaid: credits (posted + pending) may exceed posted debits by at most `limitMinor`. */
  readonly creditsMustNotExceedDebits: boolean;
}

/** A small integer (0..65535) or a short lowercase tag such as `purchase`, `settlement`, `refund`. */
export type TransferCode = number | string;

export interface CreateAccountInput {
  /** Client-chosen id (the idempotency key of the create); generated as `acc_…` when absent. */
  readonly id?: string;
  readonly currency: string;
  readonly flags?: Partial<AccountFlags>;
  /** Overdraft (debit-limited) or credit (credit-limited) allowance; needs one flag. */
  readonly limitMinor?: number;
  readonly code?: TransferCode;
  readonly reference?: string;
  /**
   * Balance shards of an account without a limit flag (a hot revenue account). Accounts
   * with a flag always keep one exact balance. Defaults to the adapter's configuration.
   */
  readonly balanceShards?: number;
}

/** The four counters TigerBeetle keeps, in minor units, exact at any size. */
export interface Balances {
  readonly debitsPosted: bigint;
  readonly creditsPosted: bigint;
  readonly debitsPending: bigint;
  readonly creditsPending: bigint;
}

/**
 * Minor units as JSON carries them (SPEC section 2): an integer while its magnitude is at
 * most 2^53 − 1, a decimal string (`"-36028797018963964"`) beyond, so no client rounds it.
 */
export type JsonMinor = number | string;

export interface BalancesView {
  readonly debitsPosted: JsonMinor;
  readonly creditsPosted: JsonMinor;
  readonly debitsPending: JsonMinor;
  readonly creditsPending: JsonMinor;
  /** creditsPosted − debitsPosted. */
  readonly posted: JsonMinor;
  /** creditsPending − debitsPending. */
  readonly pending: JsonMinor;
  /** What the account may still move in its limited direction; see `availableOf`. */
  readonly available: JsonMinor;
}

/** An account as stored: immutable configuration plus the balance when it is exact. */
export interface AccountRecord {
  readonly id: string;
  readonly currency: string;
  readonly flags: AccountFlags;
  readonly limitMinor: number;
  readonly code?: TransferCode;
  readonly reference?: string;
  /** 1 for an exact account; N for an account whose balance is spread over N items. */
  readonly balanceShards: number;
  readonly createdAtMs: number;
}

/** An account as the API shows it: the record, its creation instant as ISO-8601, and its balances. */
export interface AccountView extends Omit<AccountRecord, 'createdAtMs'> {
  readonly createdAt: string;
  readonly balances: BalancesView;
}

/**
 * single: posts at once. pending: a hold with a timeout. post / void / expire resolve a
 * hold and are transfers of their own (with their own id), TigerBeetle style.
 */
export type TransferKind = 'single' | 'pending' | 'post' | 'void' | 'expire';

type PendingState = 'pending' | 'posted' | 'voided' | 'expired';

/** A transfer's id and terms (what it moves between which accounts, how it is labelled): a create request's and a record's alike. */
interface TransferTerms {
  readonly id: string;
  readonly debitAccountId: string;
  readonly creditAccountId: string;
  readonly amountMinor: number;
  readonly currency: string;
  readonly code?: TransferCode;
  readonly reference?: string;
}

/** A transfer as stored. Its `amountMinor`, for post: the amount posted; for void and expire: the amount released. */
export interface TransferRecord extends TransferTerms {
  readonly kind: TransferKind;
  readonly effectiveAtMs: number;
  readonly recordedAtMs: number;
  /** Pending only. */
  readonly timeoutSeconds?: number;
  readonly expiresAtMs?: number;
  /** Pending only: the one mutable field, moved by post, void or expire under a condition. */
  readonly state?: PendingState;
  readonly resolvedByTransferId?: string;
  /** Post, void and expire: the hold they resolve. */
  readonly pendingId?: string;
  /** A correction: the transfer this one reverses (debit and credit swapped). */
  readonly reversesTransferId?: string;
}

/** A transfer as the API shows it: the record, with its instants as ISO-8601 strings. */
export interface TransferView extends Omit<TransferRecord, 'effectiveAtMs' | 'recordedAtMs' | 'expiresAtMs'> {
  readonly effectiveAt: string;
  readonly recordedAt: string;
  readonly expiresAt?: string;
}

/** Create a single-phase transfer, or a hold when `timeoutSeconds` is given. */
export interface CreateTransferInput extends TransferTerms {
  /** ISO-8601; defaults to recordedAt. */
  readonly effectiveAt?: string;
  readonly timeoutSeconds?: number;
  readonly reversesTransferId?: string;
}

export interface PostPendingInput {
  /** Defaults to an id derived from the pending id, so a retried post is a no-op. */
  readonly id?: string;
  readonly pendingId: string;
  /** Defaults to the full pending amount; a smaller amount releases the remainder. */
  readonly amountMinor?: number;
  readonly code?: TransferCode;
  readonly reference?: string;
}

export interface VoidPendingInput {
  readonly id?: string;
  readonly pendingId: string;
  readonly code?: TransferCode;
  readonly reference?: string;
}

/**
 * Expire a hold whose timeout has passed, as the expiry sweeper does, before the sweep
 * reaches it. The id is always the ledger's derived expire id, so a hold the sweeper expired
 * answers `exists`.
 */
export interface ExpirePendingInput {
  readonly pendingId: string;
}

/** One leg of `createTransfers`: several legs commit together or not at all. */
export type TransferOperation =
  | ({ readonly action: 'create' } & CreateTransferInput)
  | ({ readonly action: 'post' } & PostPendingInput)
  | ({ readonly action: 'void' } & VoidPendingInput);

export interface TransferOutcome {
  readonly result: 'created' | 'exists';
  readonly transfer: TransferView;
}

export type EntrySide = 'debit' | 'credit';

/** A change of one balance item's counters: one transfer's, or a batch's merged (which may pass 2^53). */
export type BalanceChange = Balances;

/** One line of an account's history, as stored. */
export interface EntryRecord {
  readonly accountId: string;
  readonly shard: number;
  /** Total order within the account: recordedAt, leg index in its batch, transfer id. */
  readonly sortKey: string;
  readonly transferId: string;
  readonly kind: TransferKind;
  readonly side: EntrySide;
  /** The transfer's account on the other side. */
  readonly counterAccountId: string;
  readonly amountMinor: number;
  readonly currency: string;
  readonly change: BalanceChange;
  readonly recordedAtMs: number;
  readonly effectiveAtMs: number;
}

export interface EntryView {
  readonly accountId: string;
  readonly transferId: string;
  readonly kind: TransferKind;
  readonly side: EntrySide;
  readonly amountMinor: number;
  readonly currency: string;
  readonly recordedAt: string;
  readonly effectiveAt: string;
  /** Running creditsPosted − debitsPosted after this entry. */
  readonly postedBalanceAfter: JsonMinor;
  /** Running creditsPending − debitsPending after this entry. */
  readonly pendingBalanceAfter: JsonMinor;
}

export interface EntriesPage {
  readonly entries: readonly EntryView[];
  readonly nextCursor?: string;
}

export interface ExpirySweepResult {
  /** Index items plus transfer re-checks read; does not grow with holds that are not due. */
  readonly itemsRead: number;
  /** Ids of the holds this sweep expired (another overlapping sweep may have taken others). */
  readonly expired: readonly string[];
  /** The run stopped at a limit with due items still waiting (DueSweepReport.behind). */
  readonly behind: boolean;
  /**
   * Ids of the due holds this sweep could not expire: the expire write was refused and a
   * re-read found the hold still pending (its derived expire id taken by another transfer,
   * stored before such ids were refused to clients). Not retried by the sweeper: its handler
   * logs each as an error and counts them (LedgerHoldsNotExpired), and the alarm on that count
   * asks an operator to look; the hold's money stays held until then.
   */
  readonly notExpired: readonly string[];
}
