import { kmsListCursorKey } from '../../shared/adapters/aws/list-cursor-key-kms';
import { reservationFunctionDeps } from '../../shared/adapters/aws/reservations-wiring';
import { partyStore } from '../../shared/adapters/aws/wiring';
import { ReservationListQuery } from '../../shared/api/reservations';
import type { OwnedListDeps } from '../../shared/domain/owned';
import type { ReservationDeps } from '../../shared/domain/reservations/deps';
import { listReservations, readReservation } from '../../shared/domain/reservations/access';
import { reservationView } from '../../shared/domain/reservations/views';
import type { BaseDeps } from '../../shared/http/base';
import { requireRole } from '../../shared/http/auth';
import { listPage, type ListDeps } from '../../shared/http/list';
import { apiHandler } from '../../shared/http/middleware';
import { operationOf, parseQuery, pathParameter } from '../../shared/http/request';
import { json } from '../../shared/http/response';
import { lazyHandler } from '../../shared/http/lazy';

export type ReservationGetDeps = BaseDeps & ListDeps & OwnedListDeps & Pick<ReservationDeps, 'store' | 'clock'>;

/**
 * GET /v1/reservations/{id}: the booker or an operator; anyone else gets 404.
 * GET /v1/reservations: a customer's own bookings, newest first; an operator names the customer (a registered one).
 * Both read a booking past its deadline as `expired`, whether or not its expiry has run.
 */
export const makeHandler = (deps: ReservationGetDeps) =>
  apiHandler(deps, async (event) => {
    if (operationOf(event) === 'reservationList') {
      const principal = requireRole(event, 'customer', 'operator');
      const request = parseQuery(ReservationListQuery, event);
      const page = await listPage(deps, event, principal, (position) =>
        listReservations(deps, principal, { ...request, cursor: position }, (record) => reservationView(principal, record)),
      );
      return json(200, page);
    }
    const principal = requireRole(event, 'customer', 'provider', 'agent', 'operator');
    const reservation = await readReservation(deps, principal, pathParameter(event, 'id'));
    return json(200, reservationView(principal, reservation));
  });

export const handler = lazyHandler((env) =>
  makeHandler({
    ...reservationFunctionDeps(env),
    parties: partyStore(env),
    listCursors: kmsListCursorKey(env),
  }),
);
