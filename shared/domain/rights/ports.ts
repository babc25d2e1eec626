import type { DueEntry, DueIndex } from '../due/ports';
import type { Page } from '../page';
import type { TicketRecord } from '../tickets/ticket';

/**
 * What usage rights need from the outside world, declared by their consumer (redeem, usage
 * reports, reservation expiry, one-time passwords, grants, transfers, the usage log, the
 * intake). The DynamoDB adapters live in shared/adapters/aws, the in-memory ones in
 * shared/adapters/memory; each pair passes one contract suite (test/contract/rights-contract.ts).
 */

/**
 * What is left of a ticket's allowance. Kept beside the ticket record and changed only by
 * `AllowanceStore.commit`, which names the version it read: the pure functions in
 * allowance.ts decide every change, the store only applies it atomically.
 */
export interface Allowance {
  /** 0 until the first change; every change moves it by one. */
  readonly version: number;
  /** Uses left (the ticket carries `max`). */
  readonly usesLeft?: number;
  /** Seconds left that no redeem has reserved (the ticket carries `sec`). */
  readonly secondsLeft?: number;
  /** Seconds reserved by redeems whose usage is not reported yet. */
  readonly secondsReserved: number;
  /** The ticket that replaced this one on another device: this one is spent. */
  readonly transferredTo?: string;
}

export interface TicketState {
  readonly ticket: TicketRecord;
  readonly allowance: Allowance;
}

export interface Remaining {
  readonly uses?: number;
  readonly seconds?: number;
}

/**
 * `redeemed`: uses or the window only, nothing to report. `reserved`: seconds wait for a usage
 * report; then `settled` (reported) or `expired` (not reported in time: all released).
 */
export type RedemptionStatus = 'redeemed' | 'reserved' | 'settled' | 'expired';

export interface RedemptionRecord {
  /** Derived from (ticket, nonce): the same nonce is the same redemption. */
  readonly id: string;
  readonly ticketId: string;
  readonly nonce: string;
  readonly providerId: string;
  readonly holderId: string;
  readonly contentId?: string;
  readonly uses?: number;
  readonly seconds?: number;
  /** SHA-256 of the device proof the redeem was accepted with (a bound ticket). */
  readonly proofHash?: string;
  /** SHA-256 of the password it was made with (the one-time password it consumed, or the fixed one): a retry of its nonce is compared with it. */
  readonly passwordHash?: string;
  readonly status: RedemptionStatus;
  /**
   * The allowance left after this redeem: what the redeem read less its debit. Exact unless
   * other redeems of the ticket committed between its read and its write (its debit does not
   * wait for them, RelativeDebit); then at most this much was left.
   */
  readonly remaining: Remaining;
  /** The content key as a compact JWE to the bound device (the first answer, replayed as is). */
  readonly contentKey?: string;
  readonly createdAt: string;
  /** A `reserved` redemption expires at this instant unless its usage was reported. */
  readonly reservationExpiresAtMs?: number;
  readonly usedSeconds?: number;
  readonly releasedSeconds?: number;
  /** When it was settled or expired. */
  readonly closedAt?: string;
  /** The allowance left right after the settlement or expiry. */
  readonly remainingAfterClose?: Remaining;
  /** Kept (for the nonce) until at least this instant; cleanup only. */
  readonly retainUntilMs: number;
}

export type UsageEventKind = 'redeem' | 'usage' | 'expiry' | 'grant' | 'transfer';

/** One line of the usage log (SPEC S3): every redeem, usage report, expiry, grant and transfer. */
export interface UsageEvent {
  readonly id: string;
  readonly kind: UsageEventKind;
  readonly at: string;
  readonly ticketId: string;
  readonly providerId: string;
  readonly holderId: string;
  /** The holder's pseudonym towards the provider (what the provider may see). */
  readonly subject: string;
  readonly contentId?: string;
  readonly redemptionId?: string;
  readonly uses?: number;
  readonly seconds?: number;
  readonly usedSeconds?: number;
  readonly releasedSeconds?: number;
  /** The ticket a grant created or a transfer moved to. */
  readonly toTicketId?: string;
  readonly granteeId?: string;
  readonly toDeviceId?: string;
}

/**
 * A ticket's connection password mode (SPEC S1): `once`, a one-time password good for one
 * redeem (`otp`); `fixed`, the ticket's one current password, checked on every redeem and
 * never consumed (`fixedPassword`).
 */
export type PasswordMode = 'once' | 'fixed';

/**
 * A connection password, kept only as a hash: a one-time password (one of many, each good for
 * one redeem), or a ticket's fixed password (one per ticket: a new one replaces it).
 */
export interface PasswordRecord {
  readonly ticketId: string;
  readonly mode: PasswordMode;
  readonly passwordHash: string;
  readonly createdAt: string;
  readonly expiresAtMs: number;
  readonly retainUntilMs: number;
}

/**
 * A redeem's debit, applied to the allowance as it stands when the write lands rather than at
 * the version read: `uses` come off what is left, `seconds` move from what is left to what is
 * reserved, the version moves by one, on condition that enough is left. Concurrent redeems of
 * one ticket therefore do not invalidate each other; one that finds too little left fails its
 * condition (`stale`: read and decide again, which refuses it). `initial` is the allowance of
 * the ticket's claims (initialAllowance), for a ticket nothing has changed yet.
 */
export interface RelativeDebit {
  readonly uses?: number;
  readonly seconds?: number;
  readonly initial: Allowance;
}

/**
 * One atomic change of a ticket's allowance with what it depends on: all of it, or nothing.
 * The write holds only while the ticket's allowance is still at `expectedVersion` (or, with
 * `debit`, while enough is left for it) and, with `requireActive`, the ticket still active and
 * not transferred; every record it creates must not exist yet; an updated redemption must
 * still be `reserved`; the password presented must be the ticket's, unexpired at `nowMs`: a
 * one-time password unused (and consumed by the change), a fixed password the current one
 * (and left as it is).
 */
export interface AllowanceChange {
  readonly ticketId: string;
  /** The version read; not checked when the change is a `debit`. */
  readonly expectedVersion: number;
  readonly requireActive: boolean;
  /** The allowance after the change; for a `debit`, the allowance read minus the debit. */
  readonly next: Allowance;
  /** A redeem's debit, applied to the allowance as stored (RelativeDebit) instead of `next` at `expectedVersion`. */
  readonly debit?: RelativeDebit;
  readonly createRedemption?: RedemptionRecord;
  /** A `reserved` redemption closed (settled or expired). */
  readonly closeRedemption?: RedemptionRecord;
  /** More `reserved` redemptions closed in the same write (lapsed reservations expired together), each only while `reserved`. */
  readonly closeRedemptions?: readonly RedemptionRecord[];
  readonly password?: { readonly mode: PasswordMode; readonly passwordHash: string; readonly nowMs: number };
  /** A ticket this change creates (a grant's, a transfer's). */
  readonly createTicket?: TicketRecord;
  readonly event: UsageEvent;
  /** More usage-log lines of the same write (one per redemption of `closeRedemptions`). */
  readonly moreEvents?: readonly UsageEvent[];
}

/**
 * `stale`: the allowance moved (for a `debit`: too little is left for it), or (with
 * requireActive) the ticket is not active any more — read it again and decide again. The others name the one record whose condition failed.
 */
export type CommitOutcome =
  'committed' | 'stale' | 'redemption_exists' | 'redemption_not_reserved' | 'password_invalid' | 'ticket_exists';

export interface ReservationDueEntry extends DueEntry {
  readonly ticketId: string;
}

/** A page of a ticket's lapsed reservations; `after` (a redemption id) while more may follow. */
export interface LapsedPage {
  readonly items: readonly RedemptionRecord[];
  readonly after?: string;
}

export interface AllowanceStore {
  /** The ticket with its allowance (the initial one from its claims before the first change). */
  read(ticketId: string): Promise<TicketState | undefined>;
  getRedemption(ticketId: string, redemptionId: string): Promise<RedemptionRecord | undefined>;
  commit(change: AllowanceChange): Promise<CommitOutcome>;
  /** Store a password: a one-time password beside the others; a fixed one in place of the ticket's current one. */
  putPassword(password: PasswordRecord): Promise<void>;
  /**
   * The ticket's `reserved` redemptions whose reservation expired at or before `nowMs` (the
   * sweep has not closed them yet), by redemption id after `after`, at most `limit`: a Query of
   * the ticket's own partition. `after` in the answer is where the next page starts, present
   * while redemptions of the ticket are left unread; a page may hold fewer than `limit` then.
   */
  lapsedReservations(ticketId: string, nowMs: number, limit: number, after?: string): Promise<LapsedPage>;
  /** `reserved` redemptions by reservation expiry (USAGE_DUE_LAYOUT); a redemption leaves it when closed. */
  readonly reservationsDue: DueIndex<ReservationDueEntry>;
}

export interface UsageLog {
  /** A content's events, newest first. INVALID_CURSOR for a cursor it did not hand out. */
  listByContent(contentId: string, limit: number, cursor: string | undefined): Promise<Page<UsageEvent>>;
  /** A customer's events (as holder), newest first. */
  listByHolder(holderId: string, limit: number, cursor: string | undefined): Promise<Page<UsageEvent>>;
}

export type IntakeMode = 'open' | 'draining';

export interface IntakeState {
  readonly redeem: IntakeMode;
  readonly changedAt?: string;
  readonly changedBy?: string;
}

/**
 * The redeem intake: a switch and the requests in flight. Each redeem and usage report holds
 * a lease while it runs; a lease counts only until it lapses, so a request that crashed
 * without leaving stops counting by itself.
 */
export interface IntakeStore {
  getState(): Promise<IntakeState>;
  /**
   * Sets the switch only when it changes the mode (atomically): the mode already in force keeps
   * its `changedAt` and `changedBy`. True when it changed the mode.
   */
  setState(state: IntakeState): Promise<boolean>;
  enter(leaseId: string, untilMs: number): Promise<void>;
  leave(leaseId: string): Promise<void>;
  /** Leases that have not lapsed at `nowMs`. */
  countInFlight(nowMs: number): Promise<number>;
}
