import { reservationRequestDeps, ticketRevocation } from '../../shared/adapters/aws/reservations-wiring';
import type { ReservationDeps } from '../../shared/domain/reservations/deps';
import type { ShowTicketRevocationDeps } from '../../shared/domain/reservations/revoke';
import { releaseViewer } from '../../shared/domain/reservations/viewers';
import type { BaseDeps } from '../../shared/http/base';
import { requireRole } from '../../shared/http/auth';
import { type ApiIdempotencyDeps, respondIdempotently } from '../../shared/http/idempotent';
import { apiHandler } from '../../shared/http/middleware';
import { idempotencyKey, pathParameter } from '../../shared/http/request';
import { json } from '../../shared/http/response';
import { lazyHandler } from '../../shared/http/lazy';

export type ViewerLeaveDeps = BaseDeps & ApiIdempotencyDeps & Pick<ReservationDeps, 'store'> & ShowTicketRevocationDeps;

/**
 * DELETE /v1/reservations/{id}/viewers/{ticketId}: the viewer ticket is revoked (record and
 * the provider's signed revocation list) and the seat freed exactly once. DELETE is
 * idempotent by nature: a repeat answers the same; with an Idempotency-Key a repeat replays
 * the first answer, like every other change.
 */
export const makeHandler = (deps: ViewerLeaveDeps) =>
  apiHandler(deps, async (event) => {
    const principal = requireRole(event, 'customer', 'provider', 'operator');
    const reservationId = pathParameter(event, 'id');
    const ticketId = pathParameter(event, 'ticketId');
    return respondIdempotently(deps, event, principal, idempotencyKey(event, false), { reservationId, ticketId }, async () => {
      const viewer = await releaseViewer(deps, principal, reservationId, ticketId);
      return json(200, { reservationId, ticketId: viewer.ticketId, status: viewer.status });
    });
  });

export const handler = lazyHandler((env) => makeHandler({ ...reservationRequestDeps(env), ...ticketRevocation(env) }));
