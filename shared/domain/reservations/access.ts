import { backoffWithinBudget } from '../../contention';
import { DomainError, InvariantViolationError, quoted, quotedList, notVisible } from '../../errors';
import { RESERVATION_CONFLICT_RETRY } from '../../limits';
import { isLedgerRefusal } from '../ledger/refusals';
import { requireCallerCustomer, type CustomerRecord } from '../parties/parties';
import { actsFor, type Principal, type Role } from '../principal';
import type { ReservationDeps, ReservationRecordsDeps } from './deps';
import { listOwned, type OwnedListDeps, type OwnedListRequest } from '../owned';
import { iso, reservationAt } from './rules';
import type { ReservationRecord, ReservationStatus } from './types';

/**
 * Loading a reservation for a caller, and the refusals every use case shares. Whoever may
 * not see a reservation gets 404 RESERVATION_NOT_FOUND, never 403: its existence is not theirs
 * to learn.
 */
export const reservationNotFound = (reservationId: string) => notVisible('RESERVATION_NOT_FOUND', 'reservation', reservationId);

export const loadReservation = async (deps: ReservationRecordsDeps, reservationId: string): Promise<ReservationRecord> => {
  const reservation = await deps.store.getReservation(reservationId);
  if (reservation === undefined) throw reservationNotFound(reservationId);
  return reservation;
};

/** The reservation if the caller acts for the party of `role` that it names (`partyOf`, see actsFor); 404 to everyone else. */
const reservationIf = async (
  deps: ReservationRecordsDeps,
  principal: Principal,
  reservationId: string,
  role: Role,
  partyOf: (reservation: ReservationRecord) => string,
): Promise<ReservationRecord> => {
  const reservation = await deps.store.getReservation(reservationId);
  if (reservation === undefined || !actsFor(principal, role, partyOf(reservation))) throw reservationNotFound(reservationId);
  return reservation;
};

/** Only the booker (or an operator) reads or changes a reservation; everyone else gets 404. */
export const reservationForBooker = (deps: ReservationRecordsDeps, principal: Principal, reservationId: string) =>
  reservationIf(deps, principal, reservationId, 'customer', (reservation) => reservation.customerId);

/**
 * A reservation as its booker (or an operator) reads it, at the clock's now: a booking past its
 * deadline reads `expired` whether or not its expiry has run (reservationAt), as the write
 * routes judge it.
 */
export const readReservation = async (
  deps: ReservationRecordsDeps & Pick<ReservationDeps, 'clock'>,
  principal: Principal,
  reservationId: string,
): Promise<ReservationRecord> => reservationAt(await reservationForBooker(deps, principal, reservationId), deps.clock.now());

/**
 * A customer's bookings as they stand at the clock's now: the `status` filter and every item
 * judge the deadline as readReservation does (a booking past `reconfirmBy` is `expired`, not
 * `pending_reconfirmation`).
 */
export const listReservations = <View>(
  deps: Pick<ReservationDeps, 'store' | 'clock'> & OwnedListDeps,
  principal: Principal,
  request: OwnedListRequest<ReservationStatus>,
  view: (reservation: ReservationRecord) => View,
) => {
  const asOfMs = deps.clock.now();
  return listOwned(
    deps,
    principal,
    request,
    (query) => deps.store.listByBooker({ ...query, asOfMs }),
    (reservation) => view(reservationAt(reservation, asOfMs)),
  );
};

/** Only the channel's provider (or an operator) reports how a show went; everyone else gets 404. */
export const reservationForProvider = (deps: ReservationRecordsDeps, principal: Principal, reservationId: string) =>
  reservationIf(deps, principal, reservationId, 'provider', (reservation) => reservation.providerId);

/**
 * Booking, reconfirming and taking a seat need a registered customer (as buying does): a
 * token with the customer role and a subject nobody registered gets 404 CUSTOMER_NOT_FOUND
 * and changes nothing, so it cannot squat slots or seats.
 */
export const requireRegisteredCustomer = (deps: Pick<ReservationDeps, 'parties'>, customerId: string): Promise<CustomerRecord> =>
  requireCallerCustomer(deps.parties, customerId);

/**
 * Friends are other customers, each named once: the booker itself or a repeat is refused
 * (422 VALIDATION_FAILED naming each offending `friends.<index>`), not silently dropped.
 */
export const refuseSelfOrRepeatedFriends = (bookerId: string, friends: readonly string[]): void => {
  const issues = friends.flatMap((friend, index) => {
    if (friend === bookerId) return [{ field: `friends.${index}`, message: 'is the booker: friends are other customers' }];
    const first = friends.indexOf(friend);
    return first < index ? [{ field: `friends.${index}`, message: `repeats friends.${first}` }] : [];
  });
  if (issues.length === 0) return;
  throw new DomainError(
    'VALIDATION_FAILED',
    `Friends must be other customers, each named once: ${issues.map((issue) => issue.field).join(', ')}.`,
    issues,
  );
};

/** Every friend is a registered customer; the refusal names each one that is not (`friends.<index>`, as request validation names array items). */
export const requireRegisteredFriends = async (
  deps: Pick<ReservationDeps, 'parties'>,
  friends: readonly string[],
): Promise<void> => {
  const found = await Promise.all(friends.map((friend) => deps.parties.getCustomer(friend)));
  const unknown = friends.flatMap((friend, index) => (found[index] === undefined ? [{ friend, index }] : []));
  if (unknown.length === 0) return;
  throw new DomainError(
    'CUSTOMER_NOT_FOUND',
    `Friends must be registered customers; ${quotedList(unknown.map(({ friend }) => friend))} ${unknown.length > 1 ? 'are' : 'is'} not.`,
    unknown.map(({ index }) => ({ field: `friends.${index}`, message: 'is not a registered customer' })),
  );
};

/**
 * A use case's decision on the reservation as `read` finds it. A decision whose conditional
 * write lost a race answers undefined and is made again on the new state after a full-jitter
 * wait, at most RESERVATION_CONFLICT_RETRY.attemptsMax times in all and never past the time
 * the request has for it (shared/contention.ts); then 409 TRANSACTION_CONFLICT, with nothing
 * of this request written (a decision that committed answers, it is not made again).
 *
 * The ledger's own refusals (a hold already posted or voided, a linked posting refused …)
 * never reach the caller: they mean that the reservation moved on under the decision (a
 * racer committed meanwhile), and the decision is made again on what is true now, which
 * answers as that state does (e.g. 409 RESERVATION_NOT_ACTIVE for a booking cancelled
 * meanwhile); or, when the reservation is as the decision read it, that the reservation and
 * the ledger disagree: a broken invariant (a 500 with the request id, logged), not a code
 * for the client.
 */
export const decideUntilSettled = async <Read extends ReservationRecord | undefined, Result>(
  reservationId: string,
  read: () => Promise<Read>,
  decide: (reservation: Read) => Promise<Result | undefined>,
): Promise<Result> => {
  for (let attempt = 1; ; attempt += 1) {
    const reservation = await read();
    let result: Result | undefined;
    try {
      result = await decide(reservation);
    } catch (error) {
      if (!isLedgerRefusal(error)) throw error;
      const now = await read();
      if (now?.version === reservation?.version && now?.status === reservation?.status) {
        throw new InvariantViolationError(
          `the ledger refused a step of reservation ${reservationId} that did not move (${error.code}: ${error.detail})`,
        );
      }
      result = undefined;
    }
    if (result !== undefined) return result;
    if (attempt >= RESERVATION_CONFLICT_RETRY.attemptsMax || !(await backoffWithinBudget(attempt, RESERVATION_CONFLICT_RETRY)))
      break;
  }
  throw new DomainError('TRANSACTION_CONFLICT', `Reservation ${quoted(reservationId)} kept changing; retry the request.`);
};

/** decideUntilSettled on the reservation as its booker (or an operator) reads it. */
export const decideAsBooker = <Result>(
  deps: ReservationRecordsDeps,
  principal: Principal,
  reservationId: string,
  decide: (reservation: ReservationRecord) => Promise<Result | undefined>,
): Promise<Result> => decideUntilSettled(reservationId, () => reservationForBooker(deps, principal, reservationId), decide);

export const notActive = (reservation: ReservationRecord) =>
  new DomainError('RESERVATION_NOT_ACTIVE', `Reservation ${quoted(reservation.id)} is ${reservation.status}.`, [], {
    status: reservation.status,
  });

export const expiredError = (reservation: ReservationRecord) =>
  new DomainError(
    'RESERVATION_EXPIRED',
    `Reservation ${quoted(reservation.id)} was not reconfirmed before ${iso(reservation.reconfirmByMs)} and has expired: book again.`,
    [],
    { reconfirmBy: iso(reservation.reconfirmByMs) },
  );

/** A confirmed show at or after its end: it is not cancelled any more, it completes (or its provider reports a failure). */
export const showEnded = (reservation: ReservationRecord) =>
  new DomainError(
    'SHOW_ENDED',
    `Reservation ${quoted(reservation.id)}'s show ended at ${iso(reservation.endsAtMs)}: it can no longer be cancelled.`,
  );
