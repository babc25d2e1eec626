import { revokeTickets, type RevocationReason } from '../revocations/revocations';
import type { TicketDeps } from '../tickets/issue';
import type { ReservationDeps, ReservationRecordsDeps } from './deps';
import type { ReservationRecord } from './types';

/** What revoking a show's tickets needs: the ticket records and the providers' revocation lists. */
export type ShowTicketRevocationDeps = Pick<ReservationDeps, 'revocations' | 'clock'> & {
  readonly tickets: Pick<TicketDeps, 'ticketStore'>;
};

/** Why a show's tickets end, by the state the show reached. */
export const showEndReason = (status: ReservationRecord['status']): RevocationReason =>
  status === 'failed' ? 'show_failed' : 'cancelled';

/**
 * The tickets of a show (broadcaster or viewers) end through the one revocation path: the
 * channel provider's signed revocation list, all of them together, then the ticket records.
 */
export const revokeShowTickets = (
  deps: ShowTicketRevocationDeps,
  reservation: Pick<ReservationRecord, 'providerId'>,
  ticketIds: readonly string[],
  reason: RevocationReason,
) =>
  revokeTickets(
    { ticketStore: deps.tickets.ticketStore, revocations: deps.revocations, clock: deps.clock },
    ticketIds,
    reservation.providerId,
    reason,
  );

/** One ticket of a show through revokeShowTickets. */
export const revokeShowTicket = async (
  deps: ShowTicketRevocationDeps,
  reservation: Pick<ReservationRecord, 'providerId'>,
  ticketId: string,
  reason: RevocationReason,
) => revokeShowTickets(deps, reservation, [ticketId], reason);

/**
 * A ticket issued for a show that was cancelled or failed meanwhile (its revocation ran
 * between the admission or confirmation and the issue, while the record did not exist yet):
 * revoked at once, like a purchase's ticket issued after its refund. Answers the ended
 * reservation when it was, undefined when the show is still on.
 */
export const revokeIfShowEnded = async (
  deps: ShowTicketRevocationDeps & ReservationRecordsDeps,
  reservationId: string,
  ticketId: string,
): Promise<ReservationRecord | undefined> => {
  const current = await deps.store.getReservation(reservationId);
  if (current === undefined || (current.status !== 'cancelled' && current.status !== 'failed')) return undefined;
  await revokeShowTicket(deps, current, ticketId, showEndReason(current.status));
  return current;
};
