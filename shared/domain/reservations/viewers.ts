import { DomainError, quoted } from '../../errors';
import type { SecretHasher } from '../../ports';
import { actsFor, type Principal } from '../principal';
import { issueTicket } from '../tickets/issue';
import type { TicketRecord } from '../tickets/ticket';
import type { ReservationDeps } from './deps';
import { loadReservation, requireRegisteredCustomer, reservationNotFound } from './access';
import { revokeIfShowEnded, revokeShowTicket, type ShowTicketRevocationDeps } from './revoke';
import { connectWindow, isListed } from './rules';
import type { ReservationRecord, ViewerRecord } from './types';

/**
 * Who learns that a show exists, and its status, on the viewer routes. Its booker and
 * friends (they are told of it); anyone while it is listed (a confirmed public or password
 * show is in the public listings); anyone who proved its password (password and secret
 * shows); a customer holding a seat of it (it was admitted, so it was told of the show then).
 * Everyone else gets exactly what an id that does not exist gets, 404
 * RESERVATION_NOT_FOUND: a secret show is never revealed to a caller without its password,
 * nor a tentative or finished show (not listed) to a stranger.
 */
const knowsOfShow = (principal: Principal, reservation: ReservationRecord, passwordProven: boolean, seated: boolean): boolean =>
  principal.subject === reservation.customerId ||
  reservation.friends.includes(principal.subject) ||
  (reservation.status === 'confirmed' && isListed(reservation.openLevel)) ||
  passwordProven ||
  seated;

/**
 * What a given password is compared with when there is no show password to compare it with
 * (never counted as a match): the answer takes as long as for a show that has one.
 */
const decoyHashes = new WeakMap<SecretHasher, Promise<string>>();
const decoyHashOf = (passwords: SecretHasher): Promise<string> => {
  const known = decoyHashes.get(passwords);
  if (known !== undefined) return known;
  const made = passwords.hash('no show has this password');
  decoyHashes.set(passwords, made);
  // A failed hashing is not remembered: the next request tries again.
  made.catch(() => decoyHashes.delete(passwords));
  return made;
};

/** Whether `password` is the show's; a public show has none (and every attempt costs one comparison). */
const passwordMatches = async (
  passwords: SecretHasher,
  reservation: ReservationRecord | undefined,
  password: string | undefined,
): Promise<boolean> => {
  if (password === undefined) return false;
  const storedHash = reservation?.openLevel === 'public' ? undefined : reservation?.passwordHash;
  const matches = await passwords.matches(password, storedHash ?? (await decoyHashOf(passwords)));
  return storedHash !== undefined && matches;
};

/** Password and secret shows need their password (compared before, in constant time). */
const requireShowPassword = (reservation: ReservationRecord, password: string | undefined, passwordProven: boolean): void => {
  if (reservation.openLevel === 'public') return;
  if (password === undefined) {
    throw new DomainError('PASSWORD_REQUIRED', 'This show needs its password.', [{ field: 'password', message: 'is required' }]);
  }
  if (!passwordProven) {
    throw new DomainError('WRONG_PASSWORD', 'The password does not match.', [{ field: 'password', message: 'does not match' }]);
  }
};

/**
 * Step 4: the seat, in one transaction; answers the viewer ticket id that holds the
 * customer's seat (this one, or the one it held already).
 */
const takeSeat = async (
  deps: Pick<ReservationDeps, 'store'>,
  principal: Principal,
  reservation: ReservationRecord,
  ticketId: string,
  nowMs: number,
): Promise<string> => {
  const viewer: ViewerRecord = {
    reservationId: reservation.id,
    ticketId,
    customerId: principal.subject,
    status: 'active',
    admittedAtMs: nowMs,
  };
  const admitted = await deps.store.admitViewer(viewer);
  if (admitted === 'full') {
    throw new DomainError(
      'RESERVATION_FULL',
      `Show ${quoted(reservation.id)} is full (${reservation.capacity} ${reservation.capacity === 1 ? 'viewer' : 'viewers'}).`,
      [],
      {
        capacity: reservation.capacity,
      },
    );
  }
  if (admitted === 'not_admitting') {
    throw new DomainError('NOT_ADMITTING', `Show ${quoted(reservation.id)} is not admitting viewers.`);
  }
  if (admitted === 'exists') {
    const existing = await deps.store.getViewer(reservation.id, ticketId);
    if (existing?.customerId !== principal.subject) throw new DomainError('VIEWER_NOT_FOUND', `No viewer ${quoted(ticketId)}.`);
  }
  // One seat per show and customer: a customer who holds one gets its ticket again, not a second seat.
  return typeof admitted === 'object' ? admitted.ticketId : ticketId;
};

/**
 * Admit a viewer.
 *
 * Flow:
 *  0. The viewer must be a registered customer (404 CUSTOMER_NOT_FOUND).
 *  1. The show and the caller's seat of it are read together. A customer holding a seat
 *     (an active viewer ticket of the show, under any Idempotency-Key) is answered that
 *     seat's ticket, whatever password it gives or none: it proved what it had to when it
 *     was admitted, so its password and the open level are not judged again (a show switched
 *     to `secret` since still answers its seat holder); steps 2, 5 and 6 apply, 3 and 4 do not.
 *     A show the caller may not know of (knowsOfShow: not its booker or a friend, not
 *     listed, password not proven, no seat) is 404 RESERVATION_NOT_FOUND, as an id that does
 *     not exist: no status, no PASSWORD_REQUIRED.
 *  2. The show must be confirmed and not over (now < endsAt + the after margin); viewers may
 *     take a seat ahead of the show, their ticket's window is the connect window.
 *  3. Password and secret shows: the password, compared with the stored scrypt hash in
 *     constant time (422 PASSWORD_REQUIRED, 403 WRONG_PASSWORD).
 *  4. ONE transaction: `viewersWatching = viewersWatching + 1` on the reservation under the
 *     condition `status = confirmed AND viewersWatching < capacity`, the viewer record
 *     (attribute_not_exists) and the customer's seat of the show (attribute_not_exists: one
 *     seat per show and customer, SPEC S2 counts viewers). At capacity: 409 RESERVATION_FULL.
 *     N concurrent admits for the last seat: exactly one wins. A customer who took a seat
 *     since step 1 (another Idempotency-Key) takes no second one: the answer is that seat's
 *     ticket. A seat holder (step 1) writes nothing here: no seat is ever taken without
 *     steps 1 and 3, even by a customer whose seat was given up since it was read.
 *  5. Issue the viewer ticket (audience the channel's provider, resource the channel, `rsv`
 *     claim, capability `view`). The ticket id is chosen before step 4 (derived from the
 *     Idempotency-Key when there is one), so a retry after a crash finds its seat and gets
 *     the same ticket; the ticket of a seat held already exists and is answered as it is.
 *  6. Read the show again: cancelled or failed meanwhile (its revocation could not mark a
 *     ticket that did not exist yet), the ticket is revoked now and the answer is 409
 *     NOT_ADMITTING.
 */
export const admitViewer = async (
  deps: Pick<ReservationDeps, 'store' | 'parties' | 'tickets' | 'revocations' | 'clock' | 'reservationConfig' | 'passwords'>,
  principal: Principal,
  reservationId: string,
  ticketId: string,
  password: string | undefined,
): Promise<TicketRecord> => {
  await requireRegisteredCustomer(deps, principal.subject);
  const [found, heldSeatTicketId] = await Promise.all([
    deps.store.getReservation(reservationId),
    deps.store.seatTicketId(reservationId, principal.subject),
  ]);
  const seated = found !== undefined && heldSeatTicketId !== undefined;
  const passwordProven = !seated && (await passwordMatches(deps.passwords, found, password));
  if (found === undefined || !knowsOfShow(principal, found, passwordProven, seated)) throw reservationNotFound(reservationId);
  const reservation = found;
  const nowMs = deps.clock.now();
  const window = connectWindow(reservation, deps.reservationConfig);
  if (reservation.status !== 'confirmed' || nowMs >= window.closesAtMs) {
    const why =
      reservation.status === 'confirmed'
        ? `it closed to viewers at ${new Date(window.closesAtMs).toISOString()}, the end of its connect window`
        : reservation.status;
    throw new DomainError('NOT_ADMITTING', `Show ${quoted(reservationId)} is not admitting viewers (${why}).`, [], {
      status: reservation.status,
    });
  }
  let seatTicketId = heldSeatTicketId;
  if (seatTicketId === undefined) {
    requireShowPassword(reservation, password, passwordProven);
    seatTicketId = await takeSeat(deps, principal, reservation, ticketId, nowMs);
  }
  const ticket = await issueTicket(
    deps.tickets,
    seatTicketId,
    {
      kind: 'viewer',
      providerId: reservation.providerId,
      holderId: principal.subject,
      resource: reservation.channelId,
      validitySeconds: (window.closesAtMs - window.opensAtMs) / 1000,
      notBeforeMs: window.opensAtMs,
      capabilities: ['view'],
      reservationId,
    },
    principal,
  );
  const ended = await revokeIfShowEnded(deps, reservationId, ticket.id);
  if (ended !== undefined) {
    throw new DomainError(
      'NOT_ADMITTING',
      `Show ${quoted(reservationId)} is ${ended.status}; the viewer ticket is revoked.`,
      [],
      {
        status: ended.status,
      },
    );
  }
  return ticket;
};

/**
 * A viewer leaves: the viewer's ticket is revoked (the ticket record and the provider's
 * signed revocation list, so it no longer verifies offline once the seat is someone else's)
 * and the seat is freed exactly once (conditional on the viewer being active, with the
 * counter decrement in the same transaction). Revoked first: a crash in between leaves the
 * seat taken by a revoked ticket, and a repeat frees it. The viewer (ticket holder), the
 * channel's provider and operators may do this; a repeat answers the same and frees nothing.
 * Anyone else gets 404 RESERVATION_NOT_FOUND, as for a show that does not exist (a provider
 * or operator naming a ticket that is no viewer of the show: 404 VIEWER_NOT_FOUND).
 */
export const releaseViewer = async (
  deps: Pick<ReservationDeps, 'store'> & ShowTicketRevocationDeps,
  principal: Principal,
  reservationId: string,
  ticketId: string,
): Promise<ViewerRecord> => {
  const reservation = await loadReservation(deps, reservationId);
  // The channel's provider and operators act on every viewer of the show; a customer only on
  // its own seat: any other ticket id is the same 404 as a show that does not exist.
  const showParty = actsFor(principal, 'provider', reservation.providerId);
  const viewer = await deps.store.getViewer(reservationId, ticketId);
  if (!showParty && (viewer === undefined || principal.role !== 'customer' || principal.subject !== viewer.customerId)) {
    throw reservationNotFound(reservationId);
  }
  if (viewer === undefined)
    throw new DomainError(
      'VIEWER_NOT_FOUND',
      `No viewer ${quoted(ticketId)} of show ${quoted(reservationId)} is visible to you.`,
    );
  await revokeShowTicket(deps, reservation, ticketId, 'viewer_left');
  await deps.store.releaseViewer(viewer, deps.clock.now());
  const after = await deps.store.getViewer(reservationId, ticketId);
  return after ?? viewer;
};
