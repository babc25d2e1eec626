import type { RoutedHold } from '../payments/route';
import type { Principal } from '../principal';
import { issueTicket, signTicket, type IssueTicketInput } from '../tickets/issue';
import type { TicketRecord } from '../tickets/ticket';
import { decideAsBooker, expiredError, loadReservation, notActive, requireRegisteredCustomer } from './access';
import type { ReservationDeps } from './deps';
import { withdrawExpirySchedule } from './expire';
import { placeHold, voidHoldQuietly } from './hold';
import { revokeIfShowEnded } from './revoke';
import type { Transition } from './ports';
import {
  bookerAndFriends,
  broadcasterTicketIdOf,
  completionDueMs,
  connectWindow,
  isListed,
  iso,
  outboxEvent,
  reminderEventIdOf,
} from './rules';
import type { ReservationRecord } from './types';

type ReconfirmDeps = Pick<
  ReservationDeps,
  'store' | 'parties' | 'ledger' | 'tickets' | 'revocations' | 'scheduler' | 'clock' | 'reservationConfig' | 'logger' | 'metrics'
>;

export interface ReconfirmResult {
  readonly reservation: ReservationRecord;
  readonly ticket: TicketRecord;
}

/**
 * The broadcaster ticket: for the channel's provider, held by the booker, window startsAt −
 * before … endsAt + after. A show cancelled or failed between the confirmation and the issue
 * gets the ticket revoked at once and the answer 409 RESERVATION_NOT_ACTIVE.
 */
const withBroadcasterTicket = async (
  deps: Pick<ReservationDeps, 'store' | 'tickets' | 'revocations' | 'clock' | 'reservationConfig'>,
  reservation: ReservationRecord,
  principal: Principal,
): Promise<ReconfirmResult> => {
  // Stored by the confirmation; a booking confirmed before confirmations stored it may lack it, and gets it here.
  const ticket = await issueTicket(
    deps.tickets,
    broadcasterTicketIdOf(reservation.id),
    broadcasterTicketInput(reservation, reservation.holdTransferId, deps.reservationConfig),
    principal,
  );
  return afterTicket(deps, reservation, ticket);
};

/** A show cancelled or failed between its confirmation and now: the ticket is revoked (if the cancel did not) and the answer is 409. */
const afterTicket = async (
  deps: Pick<ReservationDeps, 'store' | 'tickets' | 'revocations' | 'clock'>,
  reservation: ReservationRecord,
  ticket: TicketRecord,
): Promise<ReconfirmResult> => {
  const ended = await revokeIfShowEnded(deps, reservation.id, ticket.id);
  if (ended !== undefined) throw notActive(ended);
  return { reservation, ticket };
};

const broadcasterTicketInput = (
  reservation: ReservationRecord,
  holdTransferId: string | undefined,
  config: ReservationDeps['reservationConfig'],
): IssueTicketInput => {
  const window = connectWindow(reservation, config);
  return {
    kind: 'broadcaster',
    providerId: reservation.providerId,
    holderId: reservation.customerId,
    resource: reservation.channelId,
    validitySeconds: (window.closesAtMs - window.opensAtMs) / 1000,
    notBeforeMs: window.opensAtMs,
    capabilities: ['broadcast'],
    reservationId: reservation.id,
    // A free show has no hold.
    ...(holdTransferId === undefined ? {} : { transferId: holdTransferId }),
  };
};

/**
 * Step 3's write: pending → confirmed while before the deadline and at the version read in
 * step 1, from the expiry queue into the completion queue, listed (by the open level read),
 * the reminder withdrawn and the `confirmed` event written.
 */
const confirmation = (
  reservation: ReservationRecord,
  placed: RoutedHold | undefined,
  ticket: TicketRecord,
  nowMs: number,
  config: ReservationDeps['reservationConfig'],
): Transition => ({
  reservationId: reservation.id,
  from: 'pending_reconfirmation',
  to: 'confirmed',
  nowMs,
  deadline: 'before',
  // `listed` follows the open level read in step 1: the write is conditional on the version
  // read then, and the store writes from that record rather than reading it again.
  read: reservation,
  releaseSlots: false,
  returnQuota: false,
  due: { kind: 'complete', atMs: completionDueMs(reservation, config) },
  listed: isListed(reservation.openLevel),
  set: {
    ...(placed === undefined ? {} : { holdTransferId: placed.hold.id, payment: placed.terms }),
    ticketId: broadcasterTicketIdOf(reservation.id),
  },
  events: [
    outboxEvent(
      reservation,
      'reservation.confirmed',
      bookerAndFriends(reservation),
      `Show "${reservation.title}" is confirmed for ${iso(reservation.startsAtMs)}.`,
      nowMs,
    ),
  ],
  withdrawEventIds: [reminderEventIdOf(reservation.id)],
  // Confirmed ⇔ its broadcaster ticket is stored: a crash after this write leaves both, before it neither.
  ticket,
});

/**
 * Reconfirm a booking.
 *
 * Flow:
 *  1. Confirmed already (a retry): return it with its ticket. Expired, or the deadline has
 *     passed by the injected clock: 409 RESERVATION_EXPIRED. Other states: 409.
 *  2. The booker must be a registered customer (404 CUSTOMER_NOT_FOUND: a booking made before
 *     bookings needed one is not confirmed either). Place the hold for the price on the
 *     route the payment rules choose (the carrier account for a trusted provider when it has
 *     room, else the wallet; see hold.ts), with an id derived from the reservation and a
 *     timeout that covers the show, the completion grace and a margin, and fix the fee
 *     rates with it. No route can pay: 402 and the booking stays pending.
 *  3. Sign the broadcaster ticket (id derived from the reservation), then the conditional
 *     transition pending → confirmed (`status = pending AND now < reconfirmBy`), which
 *     records the hold and its payment terms, moves it from the expiry queue to the
 *     completion queue, lists it, withdraws the reminder, writes the `confirmed` event and
 *     stores the ticket: a booking is confirmed exactly when its ticket is stored, so a crash
 *     after this write leaves a show with its ticket, never a confirmed show without one.
 *     `now` is taken when it is written. Lost: read it again and answer what is true of it
 *     (see afterLostConfirmation); the hold is voided only when the booking ended without a
 *     confirmation, never when a committed state relies on it.
 *  4. Delete the one-time expiry schedule (best effort: a late firing finds nothing to do).
 *  5. A show cancelled or failed since step 3 gets the ticket revoked (409). A retry of a
 *     confirmed booking answers the stored ticket (a booking confirmed before confirmations
 *     stored the ticket, and whose ticket is missing, gets it issued then).
 * A crash between 2 and 3 leaves a hold that the retry adopts, or that the expiry or a
 * cancel voids. A free show (fee 0) skips step 2. The transition is conditional on the
 * version read in step 1 too, so a metadata change in between (e.g. to `secret`) is never
 * listed with the old open level: the reconfirm decides again on the new version.
 */
export const reconfirmReservation = (
  deps: ReconfirmDeps,
  principal: Principal,
  reservationId: string,
): Promise<ReconfirmResult> =>
  decideAsBooker(deps, principal, reservationId, (reservation) => reconfirmOnce(deps, principal, reservation));

/** Steps 1–5 on the reservation as read; undefined when it changed meanwhile and is to be decided again. */
const reconfirmOnce = async (
  deps: ReconfirmDeps,
  principal: Principal,
  reservation: ReservationRecord,
): Promise<ReconfirmResult | undefined> => {
  if (reservation.status === 'confirmed') return withBroadcasterTicket(deps, reservation, principal);
  const nowMs = deps.clock.now();
  if (
    reservation.status === 'expired' ||
    (reservation.status === 'pending_reconfirmation' && nowMs >= reservation.reconfirmByMs)
  ) {
    throw expiredError(reservation);
  }
  if (reservation.status !== 'pending_reconfirmation') throw notActive(reservation);
  const customer = await requireRegisteredCustomer(deps, reservation.customerId);

  const placed = await placeHold(deps, reservation, customer, nowMs);
  // Signed before the confirmation, which stores it in the same write (nothing is stored by signing).
  const ticket = await signTicket(
    deps.tickets,
    broadcasterTicketIdOf(reservation.id),
    broadcasterTicketInput(reservation, placed?.hold.id, deps.reservationConfig),
    principal,
  );
  // The deadline is judged when the confirmation is written, not when the booking was read:
  // placing the hold takes time, and the expiry decides by its own clock meanwhile.
  const confirmed = await deps.store.transition(
    confirmation(reservation, placed, ticket, deps.clock.now(), deps.reservationConfig),
  );
  if (confirmed === undefined) return afterLostConfirmation(deps, principal, reservation);
  deps.metrics.record('reservationsConfirmed', 1, {});
  if (placed !== undefined) deps.metrics.record('amountHeldMinor', reservation.priceMinor, { currency: reservation.currency });
  deps.metrics.record('ticketsIssued', 1, { kind: 'broadcaster' });
  await withdrawExpirySchedule(deps, reservation.id);
  return afterTicket(deps, confirmed, ticket);
};

/**
 * Step 3 lost its condition: someone else moved the booking between steps 1 and 3. The hold
 * is shared by every racer (its id derives from the reservation), so the loser releases it
 * only when no committed state can rely on it: the booking ended without being confirmed
 * (expired, or cancelled before reconfirmation: `holdTransferId` is recorded by the
 * confirmation and only by it). A booking confirmed meanwhile owns the hold, and whatever
 * ended it (a cancel posts it, a failure voids it, the completion posts it) resolves it. A
 * booking still pending may yet be confirmed by a concurrent reconfirm with this very hold:
 * past its deadline, the expiry voids it after its own transition.
 */
const afterLostConfirmation = async (
  deps: ReconfirmDeps,
  principal: Principal,
  reservation: ReservationRecord,
): Promise<ReconfirmResult | undefined> => {
  const current = await loadReservation(deps, reservation.id);
  // A concurrent retry of this reconfirm was first.
  if (current.status === 'confirmed') return withBroadcasterTicket(deps, current, principal);
  if (current.status === 'pending_reconfirmation') {
    // Changed meanwhile (its metadata) but still reconfirmable: decide again on the new version (the hold is adopted).
    if (deps.clock.now() < current.reconfirmByMs) return undefined;
    throw expiredError(current);
  }
  if (current.holdTransferId === undefined) {
    await voidHoldQuietly(deps, reservation.id, 'reconfirm lost to the expiry or a cancel');
  }
  if (current.status === 'expired') throw expiredError(current);
  throw notActive(current);
};
