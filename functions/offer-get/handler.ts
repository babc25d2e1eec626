import { offerStore } from '../../shared/adapters/aws/purchases-wiring';
import { offerView, requireOffer } from '../../shared/domain/offers/offers';
import type { OfferStore } from '../../shared/domain/offers/ports';
import { requireRole } from '../../shared/http/auth';
import { baseDeps, type BaseDeps } from '../../shared/http/base';
import { lazyHandler } from '../../shared/http/lazy';
import { apiHandler } from '../../shared/http/middleware';
import { pathParameter } from '../../shared/http/request';
import { namedAsRequested } from '../../shared/http/request-fields';
import { json } from '../../shared/http/response';

export type OfferGetDeps = BaseDeps & { readonly offers: Pick<OfferStore, 'get'> };

/**
 * GET /v1/offers/{id}: any signed-in role, as GET /v1/offers lists every offer to everyone;
 * the path an offer's create answers as its Location. No offer with this id is 404 OFFER_NOT_FOUND
 * naming the path parameter `id` (the request has no offerId).
 */
export const makeHandler = (deps: OfferGetDeps) =>
  apiHandler(deps, async (event) => {
    requireRole(event, 'customer', 'provider', 'agent', 'operator');
    const offer = await requireOffer(deps.offers, pathParameter(event, 'id')).catch((error: unknown) => {
      throw namedAsRequested(error, { offerId: 'id' }, ['id']);
    });
    return json(200, offerView(offer));
  });

export const handler = lazyHandler((env) => makeHandler({ ...baseDeps(env), offers: offerStore(env) }));
