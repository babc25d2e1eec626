import { ledgerAccounts, partyStore } from '../../shared/adapters/aws/wiring';
import { reservationRequestDeps } from '../../shared/adapters/aws/reservations-wiring';
import { ChannelCreateRequest } from '../../shared/api/reservations';
import { type ApiIdempotencyDeps, respondIdempotently } from '../../shared/http/idempotent';
import { describePrincipal } from '../../shared/domain/principal';
import { createChannel, type ChannelCreationDeps } from '../../shared/domain/reservations/channels';
import { channelView } from '../../shared/domain/reservations/views';
import type { BaseDeps } from '../../shared/http/base';
import { requireRole } from '../../shared/http/auth';
import { apiHandler } from '../../shared/http/middleware';
import { idempotencyKey, parseJsonBody } from '../../shared/http/request';
import { json } from '../../shared/http/response';
import { derivedId, randomIds } from '../../shared/ids';
import { lazyHandler } from '../../shared/http/lazy';

export type ChannelCreateDeps = BaseDeps & ApiIdempotencyDeps & ChannelCreationDeps;

/** POST /v1/channels: a registered provider creates one of its channels (and its accounts in the channel's currency). */
export const makeHandler = (deps: ChannelCreateDeps) =>
  apiHandler(deps, async (event) => {
    const principal = requireRole(event, 'provider');
    const request = parseJsonBody(ChannelCreateRequest, event);
    const key = idempotencyKey(event, false);
    const channelId = key === undefined ? randomIds.next('chn') : derivedId('chn', describePrincipal(principal), key);
    return respondIdempotently(deps, event, principal, key, request, async () => {
      const channel = await createChannel(deps, principal, channelId, request);
      return json(201, channelView(channel), { location: `/v1/channels/${channel.id}` });
    });
  });

export const handler = lazyHandler((env) =>
  makeHandler({ ...reservationRequestDeps(env), parties: partyStore(env), ledger: ledgerAccounts(env) }),
);
