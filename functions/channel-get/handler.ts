import { reservationFunctionDeps } from '../../shared/adapters/aws/reservations-wiring';
import { requireChannel } from '../../shared/domain/reservations/channels';
import type { ReservationDeps } from '../../shared/domain/reservations/deps';
import { channelView } from '../../shared/domain/reservations/views';
import { requireRole } from '../../shared/http/auth';
import type { BaseDeps } from '../../shared/http/base';
import { lazyHandler } from '../../shared/http/lazy';
import { apiHandler } from '../../shared/http/middleware';
import { pathParameter } from '../../shared/http/request';
import { namedAsRequested } from '../../shared/http/request-fields';
import { json } from '../../shared/http/response';

export type ChannelGetDeps = BaseDeps & Pick<ReservationDeps, 'store'>;

/**
 * GET /v1/channels/{id}: any signed-in role, as the channel's availability (customers book it,
 * so they see what they book); the path a channel's create answers as its Location. No
 * channel with this id is 404 CHANNEL_NOT_FOUND naming the path parameter `id` (the request has
 * no channelId).
 */
export const makeHandler = (deps: ChannelGetDeps) =>
  apiHandler(deps, async (event) => {
    requireRole(event, 'customer', 'provider', 'agent', 'operator');
    const channel = await requireChannel(deps, pathParameter(event, 'id')).catch((error: unknown) => {
      throw namedAsRequested(error, { channelId: 'id' }, ['id']);
    });
    return json(200, channelView(channel));
  });

export const handler = lazyHandler((env) => makeHandler(reservationFunctionDeps(env)));
