import { ledgerTransfers } from '../../shared/adapters/aws/wiring';
import { reservationFinishDeps, ticketRevocation } from '../../shared/adapters/aws/reservations-wiring';
import { OutcomeRequest } from '../../shared/api/reservations';
import { type ApiIdempotencyDeps, respondIdempotently } from '../../shared/http/idempotent';
import type { FinishDeps } from '../../shared/domain/reservations/complete';
import { reportFailure } from '../../shared/domain/reservations/failure';
import { reservationView } from '../../shared/domain/reservations/views';
import type { BaseDeps } from '../../shared/http/base';
import { requireRole } from '../../shared/http/auth';
import { apiHandler } from '../../shared/http/middleware';
import { idempotencyKey, parseJsonBody, pathParameter } from '../../shared/http/request';
import { json } from '../../shared/http/response';
import { lazyHandler } from '../../shared/http/lazy';

export type ReservationOutcomeDeps = BaseDeps & ApiIdempotencyDeps & FinishDeps;

/** POST /v1/reservations/{id}/outcome: the channel's provider reports a failed show; the hold is voided, the tickets revoked. */
export const makeHandler = (deps: ReservationOutcomeDeps) =>
  apiHandler(deps, async (event) => {
    const principal = requireRole(event, 'provider', 'operator');
    const reservationId = pathParameter(event, 'id');
    const request = parseJsonBody(OutcomeRequest, event);
    const key = idempotencyKey(event, false);
    return respondIdempotently(deps, event, principal, key, request, async () => {
      const reservation = await reportFailure(deps, principal, reservationId, request.reason);
      // The provider sees the show's state, not the booker's identity.
      const { customerId: _customerId, friends: _friends, ...view } = reservationView(reservation);
      return json(200, principal.role === 'operator' ? reservationView(reservation) : view);
    });
  });

export const handler = lazyHandler(() =>
  makeHandler({ ...reservationFinishDeps(process.env), ...ticketRevocation(process.env), ledger: ledgerTransfers(process.env) }),
);
