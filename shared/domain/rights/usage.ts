import { assert, DomainError, quoted } from '../../errors';
import { USAGE_DUE_BUCKET_SECONDS, USAGE_DUE_SWEEP, USAGE_EXPIRY_BATCH_MAX, USAGE_LAPSED_RESERVATIONS_PAGE } from '../../limits';
import type { DueLayout } from '../due/ports';
import { sweepDue } from '../due/sweep';
import type { Principal } from '../principal';
import { requireProviderTicket, usageEvent } from './access';
import { afterRelease, remainingOf } from './allowance';
import { commitWithRetry, type AllowanceDeps, type Decided } from './commit';
import type { Allowance, AllowanceChange, RedemptionRecord, TicketState, UsageEvent } from './ports';

/**
 * Time allowances are reserve-then-report (SPEC S5): a redeem reserves seconds; the provider
 * reports how many were used (`POST /v1/tickets/{id}/usage`) and the rest goes back to the
 * ticket. A reservation not reported within KIPPU_USAGE_RESERVATION_SECONDS expires and gives
 * all its seconds back. Whether it expired is decided by time alone, once: a report after the
 * expiry instant is refused (USAGE_RESERVATION_EXPIRED) whether or not the sweep has run, and
 * the one conditional write that closes a reservation (`reserved` → `settled` or `expired`)
 * happens exactly once, whoever gets there first.
 */
export const USAGE_DUE_LAYOUT: DueLayout = { bucketSeconds: USAGE_DUE_BUCKET_SECONDS, shards: 1 };

export const reservationExpired = (redemption: RedemptionRecord, nowMs: number): boolean =>
  redemption.status === 'expired' ||
  (redemption.status === 'reserved' &&
    redemption.reservationExpiresAtMs !== undefined &&
    redemption.reservationExpiresAtMs <= nowMs);

export const usageView = (redemption: RedemptionRecord) => ({
  redemptionId: redemption.id,
  status: redemption.status,
  usedSeconds: redemption.usedSeconds ?? 0,
  releasedSeconds: redemption.releasedSeconds ?? 0,
  remaining: redemption.remainingAfterClose ?? redemption.remaining,
});

type CloseResult = 'closed' | 'not_reserved' | 'not_due';

type Close = { readonly kind: 'settled'; readonly usedSeconds: number } | { readonly kind: 'expired' };

/**
 * The one write that closes `reserved` redemptions, at the allowance version read: for each in
 * turn, the allowance gets back what was not used, the redemption is closed (`settled` or
 * `expired`, with what it released and what remained after) and gets its usage-log line
 * (`usage` or `expiry`). The caller says how the closed redemptions go in the change: one
 * alone (closeReservation: `closeRedemption`), or together (expireTogether: `closeRedemptions`).
 */
const closingChange = (
  ticketId: string,
  state: TicketState,
  redemptions: readonly RedemptionRecord[],
  close: Close,
  at: string,
): Omit<AllowanceChange, 'closeRedemption' | 'closeRedemptions'> & {
  readonly moreEvents: readonly UsageEvent[];
  readonly closed: readonly RedemptionRecord[];
} => {
  const usedSeconds = close.kind === 'settled' ? close.usedSeconds : 0;
  let next = state.allowance;
  const closed: RedemptionRecord[] = [];
  const events: UsageEvent[] = [];
  for (const redemption of redemptions) {
    const reserved = redemption.seconds ?? 0;
    next = afterRelease(next, reserved, usedSeconds);
    closed.push({
      ...redemption,
      status: close.kind,
      usedSeconds,
      releasedSeconds: reserved - usedSeconds,
      closedAt: at,
      remainingAfterClose: remainingOf(next),
    });
    events.push(
      usageEvent(state.ticket, close.kind === 'settled' ? 'usage' : 'expiry', redemption.id, at, {
        redemptionId: redemption.id,
        seconds: reserved,
        usedSeconds,
        releasedSeconds: reserved - usedSeconds,
      }),
    );
  }
  const [event, ...moreEvents] = events;
  assert(event !== undefined, 'a close closes at least one reservation');
  return { ticketId, expectedVersion: state.allowance.version, requireActive: false, next, event, moreEvents, closed };
};

/**
 * Close a reservation: `settled` with `usedSeconds` used, or `expired` (nothing used). One
 * atomic write: the allowance gets back what was not used, the redemption leaves `reserved`
 * (and the due index), the usage log gets its line. A reservation that is not `reserved` any
 * more was closed by someone else: nothing is written.
 */
const closeReservation = async (
  deps: AllowanceDeps,
  ticketId: string,
  redemptionId: string,
  close: Close,
): Promise<CloseResult> => {
  const nowMs = deps.clock.now();
  const at = new Date(nowMs).toISOString();
  const decide = async (state: TicketState | undefined) => {
    assert(state !== undefined, `ticket ${ticketId} of a reservation exists`);
    const redemption = await deps.store.getRedemption(ticketId, redemptionId);
    if (redemption?.status !== 'reserved') return { done: 'not_reserved' as const };
    if (close.kind === 'expired' && !reservationExpired(redemption, nowMs)) return { done: 'not_due' as const };
    const {
      closed: [closed],
      moreEvents: _none,
      ...change
    } = closingChange(ticketId, state, [redemption], close, at);
    return { change: { ...change, closeRedemption: closed }, result: 'closed' as const };
  };
  return commitWithRetry<CloseResult>(deps, ticketId, decide, async (outcome) => {
    assert(outcome === 'redemption_not_reserved', `closing a reservation only closes it (got ${outcome})`);
    return 'not_reserved';
  });
};

const requireRedemption = async (deps: AllowanceDeps, ticketId: string, redemptionId: string): Promise<RedemptionRecord> => {
  const redemption = await deps.store.getRedemption(ticketId, redemptionId);
  if (redemption === undefined) {
    throw new DomainError('REDEMPTION_NOT_FOUND', `Ticket ${quoted(ticketId)} has no redemption ${quoted(redemptionId)}.`, [
      { field: 'redemptionId', message: 'is not a redemption of this ticket' },
    ]);
  }
  return redemption;
};

/** A reservation that is closed answers a repeat of its report, and refuses anything else. */
const answerClosed = (redemption: RedemptionRecord, usedSeconds: number) => {
  if (redemption.status === 'expired') {
    throw new DomainError(
      'USAGE_RESERVATION_EXPIRED',
      `The reservation of redemption ${quoted(redemption.id)} expired at ${new Date(redemption.reservationExpiresAtMs ?? 0).toISOString()} and gave its seconds back; redeem again.`,
    );
  }
  if (redemption.usedSeconds !== usedSeconds) {
    throw new DomainError(
      'USAGE_ALREADY_REPORTED',
      `The usage of redemption ${quoted(redemption.id)} was reported already as ${redemption.usedSeconds ?? 0} seconds.`,
      [{ field: 'usedSeconds', message: 'differs from the usage reported first' }],
    );
  }
  return usageView(redemption);
};

/**
 * Report the seconds a redemption used (the ticket's provider).
 *
 * Flow: the ticket is the caller's (else 404) → the redemption is this ticket's (else 404
 * REDEMPTION_NOT_FOUND) and reserved seconds (else 409 USAGE_NOT_RESERVED) → usedSeconds is at
 * most what was reserved (else 422 naming the limit) → closed already: a repeat answers the
 * same, another number is USAGE_ALREADY_REPORTED, an expired one USAGE_RESERVATION_EXPIRED →
 * past its expiry instant: it is expired now (gives everything back) and the report refused →
 * else settled in one write (closeReservation); a close that lost to a concurrent one answers
 * from what that one stored.
 */
export const reportUsage = async (
  deps: AllowanceDeps,
  principal: Principal,
  ticketId: string,
  report: { readonly redemptionId: string; readonly usedSeconds: number },
) => {
  requireProviderTicket(await deps.store.read(ticketId), principal, ticketId);
  const redemption = await requireRedemption(deps, ticketId, report.redemptionId);
  if (redemption.seconds === undefined) {
    throw new DomainError(
      'USAGE_NOT_RESERVED',
      `Redemption ${quoted(redemption.id)} reserved no seconds; there is no usage to report.`,
    );
  }
  if (report.usedSeconds > redemption.seconds) {
    throw new DomainError('VALIDATION_FAILED', `Redemption ${quoted(redemption.id)} reserved ${redemption.seconds} seconds.`, [
      { field: 'usedSeconds', message: `must be at most ${redemption.seconds}, the seconds reserved` },
    ]);
  }
  if (redemption.status !== 'reserved') return answerClosed(redemption, report.usedSeconds);
  if (reservationExpired(redemption, deps.clock.now())) {
    await closeReservation(deps, ticketId, redemption.id, { kind: 'expired' });
    return answerClosed(await requireRedemption(deps, ticketId, redemption.id), report.usedSeconds);
  }
  await closeReservation(deps, ticketId, redemption.id, { kind: 'settled', usedSeconds: report.usedSeconds });
  return answerClosed(await requireRedemption(deps, ticketId, redemption.id), report.usedSeconds);
};

/**
 * Expire lapsed reservations of one ticket together (at most USAGE_EXPIRY_BATCH_MAX): one
 * write gives all their seconds back, closes each redemption (only while it is `reserved`) and
 * logs one expiry each, at the allowance version read. When a racer (the sweep, a late report)
 * closed one of them first, nothing is written and each is closed alone (closeReservation),
 * so each still closes exactly once. The number this call closed.
 */
const expireTogether = async (deps: AllowanceDeps, ticketId: string, lapsed: readonly RedemptionRecord[]): Promise<number> => {
  const nowMs = deps.clock.now();
  const at = new Date(nowMs).toISOString();
  const closeEachAlone = async (): Promise<number> => {
    let closed = 0;
    for (const redemption of lapsed) {
      if ((await closeReservation(deps, ticketId, redemption.id, { kind: 'expired' })) === 'closed') closed += 1;
    }
    return closed;
  };
  const decide = async (state: TicketState | undefined): Promise<Decided<number>> => {
    assert(state !== undefined, `ticket ${ticketId} of a reservation exists`);
    // Read again after a stale write, the allowance may no longer hold all of them: another
    // writer closed some first (its release is in the allowance already), so each is closed alone.
    const reservedTogether = lapsed.reduce((sum, redemption) => sum + (redemption.seconds ?? 0), 0);
    if (state.allowance.secondsReserved < reservedTogether) return { done: await closeEachAlone() };
    const { closed, ...change } = closingChange(ticketId, state, lapsed, { kind: 'expired' }, at);
    return { change: { ...change, closeRedemptions: closed }, result: closed.length };
  };
  return commitWithRetry<number>(deps, ticketId, decide, async (outcome) => {
    assert(outcome === 'redemption_not_reserved', `closing reservations only closes them (got ${outcome})`);
    return closeEachAlone();
  });
};

/**
 * Expire the ticket's reservations that are past their expiry instant and not closed yet (the
 * sweep has not reached them), USAGE_EXPIRY_BATCH_MAX in one write (expireTogether), each
 * conditional on `reserved` like closeReservation, the one conditional write that the sweep
 * and a late report use, so each closes exactly once whoever is first. A step
 * that needs seconds which do not fit calls this first (releaseLapsedSeconds, below), so that
 * it counts a lapsed reservation as released as the report route already judges it. Page by
 * page (USAGE_LAPSED_RESERVATIONS_PAGE a page), however many there are, until none is left or
 * the allowance read after a page is `enough` for the step: never a decision on part of them.
 * The number it closed.
 */
export const expireLapsedReservations = async (
  deps: AllowanceDeps,
  ticketId: string,
  nowMs: number,
  enough: (allowance: Allowance) => boolean = () => false,
): Promise<number> => {
  let closed = 0;
  let after: string | undefined;
  for (;;) {
    const page = await deps.store.lapsedReservations(ticketId, nowMs, USAGE_LAPSED_RESERVATIONS_PAGE, after);
    for (let start = 0; start < page.items.length; start += USAGE_EXPIRY_BATCH_MAX) {
      closed += await expireTogether(deps, ticketId, page.items.slice(start, start + USAGE_EXPIRY_BATCH_MAX));
    }
    if (page.after === undefined) return closed;
    after = page.after;
    const state = await deps.store.read(ticketId);
    if (state === undefined || enough(state.allowance)) return closed;
  }
};

/**
 * What a step needs of a ticket's seconds: `free` seconds to take from what is left (a redeem
 * reserves them, a grant gives them away), or `none_reserved` (a device transfer moves what is
 * left, so no reservation may still be open).
 */
export type SecondsNeed = { readonly free: number } | 'none_reserved';

const needMet = (allowance: Allowance, need: SecondsNeed): boolean =>
  need === 'none_reserved' ? allowance.secondsReserved === 0 : (allowance.secondsLeft ?? 0) >= need.free;

/**
 * Judge a ticket's seconds at the instant, as every step that takes or moves them must (a
 * redeem, a grant, a device transfer): a reservation past its expiry holds nothing, whether or
 * not the sweep has run. When the step's need does not fit the allowance read while some
 * seconds are reserved, the ticket's lapsed reservations are expired first
 * (expireLapsedReservations), so that the step's commit, which reads the allowance again,
 * finds their seconds free, every one of them however many lapsed (page by page, until the need
 * fits); a reservation that has not lapsed stays held and the step refuses as before. Nothing
 * is written, and nothing more is read, when the need fits or nothing is reserved. The number
 * expired.
 */
export const releaseLapsedSeconds = async (
  deps: AllowanceDeps,
  ticketId: string,
  allowance: Allowance,
  need: SecondsNeed,
  nowMs: number,
): Promise<number> =>
  allowance.secondsReserved > 0 && !needMet(allowance, need)
    ? expireLapsedReservations(deps, ticketId, nowMs, (current) => needMet(current, need))
    : 0;

export interface ReservationExpiryResult {
  /** Redemptions whose reservation this sweep expired (their seconds given back). */
  readonly expired: readonly string[];
  readonly itemsRead: number;
  readonly bucketsWalked: number;
  readonly watermarkMs: number;
  /** The sweep stopped at one of its limits with due reservations left for the next run. */
  readonly behind: boolean;
}

/**
 * Expire the reservations nobody reported in time (a scheduled function, on the shared
 * due-index sweeper): the index holds `reserved` redemptions only, keyed by their expiry, so
 * a sweep reads nothing that is not due; each entry is expired through closeReservation, which
 * writes only while it is still `reserved` and due. Overlapping sweeps and late reports are
 * safe: exactly one close wins.
 */
export const expireReservations = async (deps: AllowanceDeps): Promise<ReservationExpiryResult> => {
  const report = await sweepDue({
    index: deps.store.reservationsDue,
    limits: USAGE_DUE_SWEEP,
    upToMs: deps.clock.now(),
    step: async (entry) => {
      const result = await closeReservation(deps, entry.ticketId, entry.id, { kind: 'expired' });
      return { expired: result === 'closed', staysDue: result === 'not_due' };
    },
  });
  return {
    expired: report.handled.filter(({ result }) => result.expired).map(({ entry }) => entry.id),
    itemsRead: report.itemsRead,
    bucketsWalked: report.bucketsWalked,
    watermarkMs: report.watermarkMs,
    behind: report.behind,
  };
};
