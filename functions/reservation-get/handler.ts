import { reservationFunctionDeps } from '../../shared/adapters/aws/reservations-wiring';
import type { ReservationDeps } from '../../shared/domain/reservations/deps';
import { reservationForBooker } from '../../shared/domain/reservations/access';
import { reservationView } from '../../shared/domain/reservations/views';
import type { BaseDeps } from '../../shared/http/base';
import { requireRole } from '../../shared/http/auth';
import { apiHandler } from '../../shared/http/middleware';
import { pathParameter } from '../../shared/http/request';
import { json } from '../../shared/http/response';
import { lazyHandler } from '../../shared/http/lazy';

export type ReservationGetDeps = BaseDeps & Pick<ReservationDeps, 'store'>;

/** GET /v1/reservations/{id}: the booker or an operator; anyone else gets 404. */
export const makeHandler = (deps: ReservationGetDeps) =>
  apiHandler(deps, async (event) => {
    const principal = requireRole(event, 'customer', 'provider', 'agent', 'operator');
    const reservation = await reservationForBooker(deps, principal, pathParameter(event, 'id'));
    return json(200, reservationView(reservation));
  });

export const handler = lazyHandler(() => makeHandler(reservationFunctionDeps(process.env)));
