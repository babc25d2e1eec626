import { ledgerTransfers } from '../../shared/adapters/aws/wiring';
import { reservationFailureDeps, ticketRevocation } from '../../shared/adapters/aws/reservations-wiring';
import { OutcomeRequest } from '../../shared/api/reservations';
import { type ApiIdempotencyDeps, respondIdempotently } from '../../shared/http/idempotent';
import { reportFailure, type FailureDeps } from '../../shared/domain/reservations/failure';
import { reservationView } from '../../shared/domain/reservations/views';
import type { BaseDeps } from '../../shared/http/base';
import { requireRole } from '../../shared/http/auth';
import { apiHandler } from '../../shared/http/middleware';
import { idempotencyKey, parseJsonBody, pathParameter } from '../../shared/http/request';
import { json } from '../../shared/http/response';
import { lazyHandler } from '../../shared/http/lazy';
import { noMetrics } from '../../shared/ports';

/**
 * Not the metrics: finishing a failed show voids its hold, and a void counts nothing (only what
 * completion and cancellation post is counted), so this function records no metric. It hands
 * the finish the port that records nothing, and its bundle holds no Powertools Metrics.
 */
export type ReservationOutcomeDeps = BaseDeps & ApiIdempotencyDeps & Omit<FailureDeps, 'metrics'>;

/** POST /v1/reservations/{id}/outcome: the channel's provider reports a failed show; the hold is voided, the tickets revoked. */
export const makeHandler = (deps: ReservationOutcomeDeps) =>
  apiHandler(deps, async (event) => {
    const principal = requireRole(event, 'provider', 'operator');
    const reservationId = pathParameter(event, 'id');
    const request = parseJsonBody(OutcomeRequest, event);
    const key = idempotencyKey(event, false);
    return respondIdempotently(deps, event, principal, key, request, async () => {
      const reservation = await reportFailure({ ...deps, metrics: noMetrics }, principal, reservationId, request.reason);
      // The provider sees the show's state, not who booked it nor how they pay (reservationView).
      return json(200, reservationView(principal, reservation));
    });
  });

export const handler = lazyHandler((env) =>
  makeHandler({ ...reservationFailureDeps(env), ...ticketRevocation(env), ledger: ledgerTransfers(env) }),
);
