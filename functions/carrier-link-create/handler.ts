import { carrierLinkDeps } from '../../shared/adapters/aws/purchases-wiring';
import { idempotencyDeps } from '../../shared/adapters/aws/wiring';
import { CarrierLinkCreateRequest } from '../../shared/api/parties';
import { createCarrierLink, type CarrierLinkCreateDeps } from '../../shared/domain/parties/carrier-links';
import { requireRole } from '../../shared/http/auth';
import { baseDeps, type BaseDeps } from '../../shared/http/base';
import { type ApiIdempotencyDeps, respondIdempotently } from '../../shared/http/idempotent';
import { lazyHandler } from '../../shared/http/lazy';
import { apiHandler } from '../../shared/http/middleware';
import { idempotencyKey, parseJsonBody, pathParameter } from '../../shared/http/request';
import { json } from '../../shared/http/response';

export type CarrierLinkCreateHandlerDeps = BaseDeps & ApiIdempotencyDeps & { readonly carrierLinks: CarrierLinkCreateDeps };

/**
 * POST /v1/agents/{id}/carrier-links: a carrier's one-time code for a customer to redeem
 * (docs/identity.md, "Becoming a carrier's subscriber"). The code is in this answer only:
 * with an Idempotency-Key a repeat answers the same link without it.
 */
export const makeHandler = (deps: CarrierLinkCreateHandlerDeps) =>
  apiHandler(deps, async (event) => {
    const principal = requireRole(event, 'operator', 'agent');
    const agentId = pathParameter(event, 'id');
    const request = parseJsonBody(CarrierLinkCreateRequest, event);
    return respondIdempotently(
      deps,
      event,
      principal,
      idempotencyKey(event, false),
      request,
      async () => json(201, await createCarrierLink(deps.carrierLinks, agentId, request, principal)),
      { shownOnce: ['code'] },
    );
  });

export const handler = lazyHandler((env) => {
  const base = baseDeps(env);
  return makeHandler({ ...base, ...idempotencyDeps(env, base.config), carrierLinks: carrierLinkDeps(env) });
});
