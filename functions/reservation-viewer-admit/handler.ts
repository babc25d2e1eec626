import { partyStore, revocationStore, ticketDeps } from '../../shared/adapters/aws/wiring';
import { reservationRequestDeps } from '../../shared/adapters/aws/reservations-wiring';
import { ViewerAdmitRequest } from '../../shared/api/reservations';
import { type ApiIdempotencyDeps, respondIdempotently } from '../../shared/http/idempotent';
import { describePrincipal } from '../../shared/domain/principal';
import type { ReservationDeps } from '../../shared/domain/reservations/deps';
import { admitViewer } from '../../shared/domain/reservations/viewers';
import type { BaseDeps } from '../../shared/http/base';
import { requireRole } from '../../shared/http/auth';
import { apiHandler } from '../../shared/http/middleware';
import { idempotencyKey, parseJsonBody, pathParameter } from '../../shared/http/request';
import { json } from '../../shared/http/response';
import { derivedId } from '../../shared/ids';
import { lazyHandler } from '../../shared/http/lazy';

export type ViewerAdmitDeps = BaseDeps &
  ApiIdempotencyDeps &
  Pick<ReservationDeps, 'store' | 'parties' | 'tickets' | 'revocations' | 'clock' | 'reservationConfig' | 'passwords'>;

/** POST /v1/reservations/{id}/viewers: a seat while watching < capacity, and a viewer ticket. */
export const makeHandler = (deps: ViewerAdmitDeps) =>
  apiHandler(deps, async (event) => {
    const principal = requireRole(event, 'customer');
    const reservationId = pathParameter(event, 'id');
    const request = parseJsonBody(ViewerAdmitRequest, event);
    // Required: the ticket id derives from the key, so a retry after a network error or a
    // crash finds its seat instead of taking a second one.
    const key = idempotencyKey(event, true);
    const ticketId = derivedId('tkt', describePrincipal(principal), 'viewer', reservationId, key);
    return respondIdempotently(deps, event, principal, key, { reservationId, ...request }, async () => {
      const ticket = await admitViewer(deps, principal, reservationId, ticketId, request.password);
      return json(
        201,
        {
          reservationId,
          ticket: { id: ticket.id, token: ticket.token, notBefore: ticket.notBefore, expiresAt: ticket.expiresAt },
        },
        // The viewer ticket, which its holder (the viewer) reads; DELETE …/viewers/{ticketId} gives the seat up.
        { location: `/v1/tickets/${ticket.id}` },
      );
    });
  });

export const handler = lazyHandler((env) => {
  const deps = reservationRequestDeps(env);
  return makeHandler({
    ...deps,
    parties: partyStore(env),
    tickets: ticketDeps(env, deps.config),
    revocations: revocationStore(env),
  });
});
