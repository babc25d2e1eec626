import { bucketStartOf } from '../../domain/due/ports';
import { afterDebit, initialAllowance } from '../../domain/rights/allowance';
import type {
  Allowance,
  AllowanceChange,
  AllowanceStore,
  CommitOutcome,
  IntakeState,
  IntakeStore,
  PasswordRecord,
  LapsedPage,
  RedemptionRecord,
  ReservationDueEntry,
  TicketState,
  UsageEvent,
  UsageLog,
} from '../../domain/rights/ports';
import { USAGE_DUE_LAYOUT } from '../../domain/rights/usage';
import { MemoryDueIndex } from './due-index';
import type { MemoryTicketStore } from './tickets';
import { usagePage } from './usage-page';

/**
 * Allowances, redemptions, one-time passwords and the usage log in memory, over the in-memory
 * ticket store, with the DynamoDB store's conditions and in the same order of precedence: a
 * redemption that exists or is not reserved any more, a ticket that exists, then the allowance
 * version (for a redeem's debit: enough left) and, for changes that need it, an active ticket,
 * then the password.
 * A change that fails a condition writes nothing.
 */
export class MemoryAllowanceStore implements AllowanceStore, UsageLog {
  private readonly allowances = new Map<string, Allowance>();
  private readonly redemptions = new Map<string, RedemptionRecord>();
  private readonly otps = new Map<string, PasswordRecord & { used: boolean }>();
  /** The current fixed password of each ticket that has one. */
  private readonly fixedPasswords = new Map<string, PasswordRecord>();
  readonly events: UsageEvent[] = [];
  readonly reservationsDue = new MemoryDueIndex<ReservationDueEntry>(USAGE_DUE_LAYOUT);

  constructor(private readonly tickets: MemoryTicketStore) {}

  async read(ticketId: string): Promise<TicketState | undefined> {
    return this.stateOf(ticketId);
  }

  private stateOf(ticketId: string): TicketState | undefined {
    const ticket = this.tickets.records.get(ticketId);
    if (ticket === undefined) return undefined;
    return { ticket, allowance: this.allowances.get(ticketId) ?? initialAllowance(ticket) };
  }

  async getRedemption(ticketId: string, redemptionId: string): Promise<RedemptionRecord | undefined> {
    const redemption = this.redemptions.get(redemptionId);
    return redemption?.ticketId === ticketId ? redemption : undefined;
  }

  async lapsedReservations(ticketId: string, nowMs: number, limit: number, after?: string): Promise<LapsedPage> {
    const lapsed = [...this.redemptions.values()]
      .filter(
        (redemption) =>
          redemption.ticketId === ticketId &&
          (after === undefined || redemption.id > after) &&
          redemption.status === 'reserved' &&
          redemption.reservationExpiresAtMs !== undefined &&
          redemption.reservationExpiresAtMs <= nowMs,
      )
      .sort((left, right) => (left.id < right.id ? -1 : 1));
    const items = lapsed.slice(0, limit);
    const last = items.at(-1);
    return { items, ...(lapsed.length > limit && last !== undefined ? { after: last.id } : {}) };
  }

  async putPassword(password: PasswordRecord): Promise<void> {
    if (password.mode === 'fixed') this.fixedPasswords.set(password.ticketId, password);
    else this.otps.set(`${password.ticketId}#${password.passwordHash}`, { ...password, used: false });
  }

  /** Checks and writes without yielding, so that it is atomic among concurrent callers. */
  async commit(change: AllowanceChange): Promise<CommitOutcome> {
    const failed = this.failedCondition(change);
    if (failed !== undefined) return failed;
    this.allowances.set(change.ticketId, this.allowanceAfter(change) ?? change.next);
    const written = [change.createRedemption ?? change.closeRedemption, ...(change.closeRedemptions ?? [])];
    for (const redemption of written) {
      if (redemption === undefined) continue;
      this.redemptions.set(redemption.id, redemption);
      if (redemption.status === 'reserved' && redemption.reservationExpiresAtMs !== undefined) {
        this.reservationsDue.put({ id: redemption.id, ticketId: redemption.ticketId }, redemption.reservationExpiresAtMs);
      } else {
        this.reservationsDue.remove(redemption.id);
      }
    }
    if (change.password?.mode === 'once') {
      const key = `${change.ticketId}#${change.password.passwordHash}`;
      const otp = this.otps.get(key);
      if (otp !== undefined) this.otps.set(key, { ...otp, used: true });
    }
    if (change.createTicket !== undefined) {
      this.tickets.records.set(change.createTicket.id, change.createTicket);
      this.tickets.derived.set(change.ticketId, [...(this.tickets.derived.get(change.ticketId) ?? []), change.createTicket.id]);
    }
    for (const logged of [change.event, ...(change.moreEvents ?? [])]) {
      if (!this.events.some((event) => event.id === logged.id)) this.events.push(logged);
    }
    return 'committed';
  }

  /** A debit's allowance: the stored one less the debit (undefined when it does not fit); undefined for any other change. */
  private allowanceAfter(change: AllowanceChange): Allowance | undefined {
    const state = this.stateOf(change.ticketId);
    if (change.debit === undefined || state === undefined) return undefined;
    return afterDebit(state.allowance, change.debit);
  }

  private failedCondition(change: AllowanceChange): CommitOutcome | undefined {
    if (change.createRedemption !== undefined && this.redemptions.has(change.createRedemption.id)) return 'redemption_exists';
    const closing = [
      ...(change.closeRedemption === undefined ? [] : [change.closeRedemption]),
      ...(change.closeRedemptions ?? []),
    ];
    if (closing.some((closed) => this.redemptions.get(closed.id)?.status !== 'reserved')) return 'redemption_not_reserved';
    if (change.createTicket !== undefined && this.tickets.records.has(change.createTicket.id)) return 'ticket_exists';
    const state = this.stateOf(change.ticketId);
    if (state === undefined) return 'stale';
    if (
      change.debit === undefined ? state.allowance.version !== change.expectedVersion : this.allowanceAfter(change) === undefined
    ) {
      return 'stale';
    }
    if (change.requireActive && (state.ticket.status !== 'active' || state.allowance.transferredTo !== undefined)) return 'stale';
    if (change.password?.mode === 'fixed') {
      const current = this.fixedPasswords.get(change.ticketId);
      if (current?.passwordHash !== change.password.passwordHash || current.expiresAtMs <= change.password.nowMs) {
        return 'password_invalid';
      }
    } else if (change.password !== undefined) {
      const otp = this.otps.get(`${change.ticketId}#${change.password.passwordHash}`);
      if (otp === undefined || otp.used || otp.expiresAtMs <= change.password.nowMs) return 'password_invalid';
    }
    return undefined;
  }

  async listByContent(contentId: string, limit: number, cursor: string | undefined) {
    return usagePage(this.events, 'content', contentId, limit, cursor);
  }

  async listByHolder(holderId: string, limit: number, cursor: string | undefined) {
    return usagePage(this.events, 'holder', holderId, limit, cursor);
  }

  /** The bucket a reservation is due in, for tests. */
  dueBucketOf(redemptionId: string): number | undefined {
    const dueAtMs = this.reservationsDue.dueAtMs(redemptionId);
    return dueAtMs === undefined ? undefined : bucketStartOf(USAGE_DUE_LAYOUT, dueAtMs);
  }
}

/** The intake switch and leases in memory. */
export class MemoryIntakeStore implements IntakeStore {
  private state: IntakeState = { redeem: 'open' };
  readonly leases = new Map<string, number>();

  async getState(): Promise<IntakeState> {
    return this.state;
  }

  async setState(state: IntakeState): Promise<boolean> {
    if (state.redeem === this.state.redeem) return false;
    this.state = state;
    return true;
  }

  async enter(leaseId: string, untilMs: number): Promise<void> {
    this.leases.set(leaseId, untilMs);
  }

  async leave(leaseId: string): Promise<void> {
    this.leases.delete(leaseId);
  }

  async countInFlight(nowMs: number): Promise<number> {
    return [...this.leases.values()].filter((untilMs) => untilMs > nowMs).length;
  }
}
