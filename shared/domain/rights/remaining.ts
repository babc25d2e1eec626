import type { TicketRecord } from '../tickets/ticket';
import { afterRelease } from './allowance';
import { USAGE_LAPSED_RESERVATIONS_PAGE } from '../../limits';
import type { Allowance, AllowanceStore, RedemptionRecord } from './ports';

/**
 * What is left on a ticket, as its holder and its provider read it (SPEC S5: remaining uses,
 * remaining usage time): uses left, seconds left that no redeem holds, and seconds held by
 * redeems whose usage is not reported yet. Absent for a ticket that counts neither.
 */
export interface TicketRemaining {
  readonly uses?: number;
  readonly seconds?: number;
  readonly reservedSeconds?: number;
}

/**
 * The remaining allowance at an instant (pure): the reservations past their expiry that no
 * sweep, late report or redeem has closed yet (`lapsed`) count as given back, by the same
 * arithmetic as their expiry (afterRelease, nothing used), as a redeem judges them. A ticket
 * that moved to another device holds nothing: its allowance went with it.
 */
export const remainingAt = (
  ticket: Pick<TicketRecord, 'maxUses' | 'maxSeconds'>,
  allowance: Allowance,
  lapsed: readonly Pick<RedemptionRecord, 'seconds'>[],
): TicketRemaining | undefined => {
  if (ticket.maxUses === undefined && ticket.maxSeconds === undefined) return undefined;
  const moved = allowance.transferredTo !== undefined;
  const released = lapsed.reduce((current, redemption) => afterRelease(current, redemption.seconds ?? 0, 0), allowance);
  return {
    ...(released.usesLeft === undefined ? {} : { uses: moved ? 0 : released.usesLeft }),
    ...(released.secondsLeft === undefined
      ? {}
      : { seconds: moved ? 0 : released.secondsLeft, reservedSeconds: moved ? 0 : released.secondsReserved }),
  };
};

/**
 * Every reservation of the ticket past its expiry instant that is not closed yet, read page by
 * page (USAGE_LAPSED_RESERVATIONS_PAGE a page) until none is left: reads only.
 */
export const readLapsedReservations = async (
  store: Pick<AllowanceStore, 'lapsedReservations'>,
  ticketId: string,
  nowMs: number,
): Promise<readonly RedemptionRecord[]> => {
  const lapsed: RedemptionRecord[] = [];
  let after: string | undefined;
  do {
    const page = await store.lapsedReservations(ticketId, nowMs, USAGE_LAPSED_RESERVATIONS_PAGE, after);
    lapsed.push(...page.items);
    after = page.after;
  } while (after !== undefined);
  return lapsed;
};

/**
 * The remaining allowance of a ticket at `nowMs`: its allowance, and when seconds are reserved
 * every reservation that lapsed (a Query of the ticket's own partition, page by page, as a redeem
 * reads them). Reads only: a lapsed reservation is closed by the sweep, a late report or a
 * redeem, never by a read.
 */
export const readRemaining = async (
  store: Pick<AllowanceStore, 'lapsedReservations'>,
  ticket: TicketRecord,
  allowance: Allowance,
  nowMs: number,
): Promise<TicketRemaining | undefined> => {
  const lapsed = allowance.secondsReserved > 0 ? await readLapsedReservations(store, ticket.id, nowMs) : [];
  return remainingAt(ticket, allowance, lapsed);
};
