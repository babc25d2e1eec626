import { kmsListCursorKey } from '../../shared/adapters/aws/list-cursor-key-kms';
import { reservationFunctionDeps } from '../../shared/adapters/aws/reservations-wiring';
import { ListingsQuery } from '../../shared/api/reservations';
import type { ReservationDeps } from '../../shared/domain/reservations/deps';
import { listShows } from '../../shared/domain/reservations/listings';
import type { BaseDeps } from '../../shared/http/base';
import { listPage, type ListDeps } from '../../shared/http/list';
import { apiHandler } from '../../shared/http/middleware';
import { parseQuery } from '../../shared/http/request';
import { json } from '../../shared/http/response';
import { lazyHandler } from '../../shared/http/lazy';

export type ListingsGetDeps = BaseDeps & ListDeps & Pick<ReservationDeps, 'store' | 'clock' | 'reservationConfig'>;

/**
 * GET /v1/listings?from&to[&limit&cursor]: public (no token), since a listing is an
 * announcement. Public and password shows only; secret shows are never in the index.
 */
export const makeHandler = (deps: ListingsGetDeps) =>
  apiHandler(deps, async (event) => {
    const query = parseQuery(ListingsQuery, event);
    const page = await listPage(deps, event, undefined, (position) =>
      listShows(deps, {
        fromMs: Date.parse(query.from),
        toMs: Date.parse(query.to),
        limit: query.limit,
        ...(position === undefined ? {} : { cursor: position }),
      }),
    );
    return json(200, page);
  });

export const handler = lazyHandler((env) => makeHandler({ ...reservationFunctionDeps(env), listCursors: kmsListCursorKey(env) }));
