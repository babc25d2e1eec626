import { partyStore } from '../../shared/adapters/aws/wiring';
import { expiryScheduler, reservationRequestDeps } from '../../shared/adapters/aws/reservations-wiring';
import { functionMetrics } from '../../shared/adapters/powertools/metrics';
import { ReservationCreateRequest } from '../../shared/api/reservations';
import { type ApiIdempotencyDeps, respondIdempotently } from '../../shared/http/idempotent';
import { exactInstant } from '../../shared/domain/instant';
import { describePrincipal } from '../../shared/domain/principal';
import { createReservation } from '../../shared/domain/reservations/booking';
import type { ReservationDeps } from '../../shared/domain/reservations/deps';
import { reservationView } from '../../shared/domain/reservations/views';
import type { BaseDeps } from '../../shared/http/base';
import { requireRole } from '../../shared/http/auth';
import { apiHandler } from '../../shared/http/middleware';
import { idempotencyKey, parseJsonBody } from '../../shared/http/request';
import { json } from '../../shared/http/response';
import { derivedId, randomIds } from '../../shared/ids';
import { lazyHandler } from '../../shared/http/lazy';

export type ReservationCreateDeps = BaseDeps &
  ApiIdempotencyDeps &
  Pick<ReservationDeps, 'store' | 'parties' | 'scheduler' | 'clock' | 'reservationConfig' | 'passwords' | 'metrics'>;

/** POST /v1/reservations: a customer books channel slots, tentatively (docs/reservations.md). */
export const makeHandler = (deps: ReservationCreateDeps) =>
  apiHandler(deps, async (event) => {
    const principal = requireRole(event, 'customer');
    const request = parseJsonBody(ReservationCreateRequest, event);
    const key = idempotencyKey(event, false);
    // With a key the id derives from it, so a retry after a crash finds its booking.
    const reservationId = key === undefined ? randomIds.next('rsv') : derivedId('rsv', describePrincipal(principal), key);
    return respondIdempotently(deps, event, principal, key, request, async () => {
      const { startsAt, ...rest } = request;
      const start = exactInstant(startsAt);
      const reservation = await createReservation(deps, principal, reservationId, {
        ...rest,
        startsAtMs: start.ms,
        startsAtBelowMs: start.belowMs,
      });
      return json(201, reservationView(principal, reservation), { location: `/v1/reservations/${reservation.id}` });
    });
  });

export const handler = lazyHandler((env) =>
  makeHandler({
    ...reservationRequestDeps(env),
    metrics: functionMetrics(env),
    parties: partyStore(env),
    scheduler: expiryScheduler(env),
  }),
);
