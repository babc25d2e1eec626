import { revokeTicket, type RevocationReason } from '../revocations/revocations';
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
 * A ticket of a show (broadcaster or viewer) ends through the one revocation path: the
 * ticket record and the channel provider's signed revocation list.
 */
export const revokeShowTicket = (
  deps: ShowTicketRevocationDeps,
  reservation: Pick<ReservationRecord, 'providerId'>,
  ticketId: string,
  reason: RevocationReason,
) =>
  revokeTicket(
    { ticketStore: deps.tickets.ticketStore, revocations: deps.revocations, clock: deps.clock },
    ticketId,
    reservation.providerId,
    reason,
  );

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
