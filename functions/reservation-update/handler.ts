import { reservationRequestDeps } from '../../shared/adapters/aws/reservations-wiring';
import { ReservationUpdateRequest } from '../../shared/api/reservations';
import { type ApiIdempotencyDeps, respondIdempotently } from '../../shared/http/idempotent';
import type { ReservationDeps } from '../../shared/domain/reservations/deps';
import { refuseFixedFieldChanges, updateReservation } from '../../shared/domain/reservations/metadata';
import { reservationView } from '../../shared/domain/reservations/views';
import type { BaseDeps } from '../../shared/http/base';
import { requireRole } from '../../shared/http/auth';
import { apiHandler } from '../../shared/http/middleware';
import { idempotencyKey, parseJsonBody, pathParameter } from '../../shared/http/request';
import { json } from '../../shared/http/response';
import { lazyHandler } from '../../shared/http/lazy';

export type ReservationUpdateDeps = BaseDeps & ApiIdempotencyDeps & Pick<ReservationDeps, 'store' | 'clock' | 'passwords'>;

/** PATCH /v1/reservations/{id}: metadata only; channel or time changes get CHANGE_NOT_ALLOWED. */
export const makeHandler = (deps: ReservationUpdateDeps) =>
  apiHandler(deps, async (event) => {
    const principal = requireRole(event, 'customer', 'operator');
    const reservationId = pathParameter(event, 'id');
    const request = parseJsonBody(ReservationUpdateRequest, event);
    const { channelId: _channelId, startsAt: _startsAt, slots: _slots, endsAt: _endsAt, ...patch } = request;
    refuseFixedFieldChanges(request);
    const key = idempotencyKey(event, false);
    return respondIdempotently(deps, event, principal, key, request, async () =>
      json(200, reservationView(principal, await updateReservation(deps, principal, reservationId, patch))),
    );
  });

export const handler = lazyHandler((env) => makeHandler(reservationRequestDeps(env)));
