import { reservationFunctionDeps } from '../../shared/adapters/aws/reservations-wiring';
import { AvailabilityQuery } from '../../shared/api/reservations';
import { channelAvailability } from '../../shared/domain/reservations/channels';
import { exactInstant } from '../../shared/domain/instant';
import type { ReservationDeps } from '../../shared/domain/reservations/deps';
import type { BaseDeps } from '../../shared/http/base';
import { requireRole } from '../../shared/http/auth';
import { apiHandler } from '../../shared/http/middleware';
import { parseQuery, pathParameter } from '../../shared/http/request';
import { membersOf, namedAsRequested } from '../../shared/http/request-fields';
import { json } from '../../shared/http/response';
import { lazyHandler } from '../../shared/http/lazy';

export type ChannelAvailabilityDeps = BaseDeps & Pick<ReservationDeps, 'store' | 'reservationConfig' | 'clock'>;

/**
 * GET /v1/channels/{id}/availability?from&to: each slot free or booked (any signed-in role). A
 * refusal names the fields as the request did: the channel by the path parameter `id`.
 */
export const makeHandler = (deps: ChannelAvailabilityDeps) =>
  apiHandler(deps, async (event) => {
    requireRole(event, 'customer', 'provider', 'agent', 'operator');
    const query = parseQuery(AvailabilityQuery, event);
    const availability = await channelAvailability(
      deps,
      pathParameter(event, 'id'),
      exactInstant(query.from),
      exactInstant(query.to),
    ).catch((error: unknown) => {
      throw namedAsRequested(error, { channelId: 'id' }, ['id', ...membersOf(query)]);
    });
    return json(200, availability);
  });

export const handler = lazyHandler((env) => makeHandler(reservationFunctionDeps(env)));
