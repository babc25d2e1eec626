import { idempotencyDeps } from '../../shared/adapters/aws/wiring';
import { offerDeps } from '../../shared/adapters/aws/purchases-wiring';
import { OfferCreateRequest } from '../../shared/api/offers';
import { type ApiIdempotencyDeps, respondIdempotently } from '../../shared/http/idempotent';
import { createOffer, offerView, withdrawOffer, type OfferDeps } from '../../shared/domain/offers/offers';
import { describePrincipal } from '../../shared/domain/principal';
import { requireRole } from '../../shared/http/auth';
import { baseDeps, type BaseDeps } from '../../shared/http/base';
import { lazyHandler } from '../../shared/http/lazy';
import { apiHandler } from '../../shared/http/middleware';
import { idempotencyKey, operationOf, parseJsonBody, pathParameter } from '../../shared/http/request';
import { namedAsRequested } from '../../shared/http/request-fields';
import { json } from '../../shared/http/response';
import { derivedId, randomIds } from '../../shared/ids';

export type OfferCreateDeps = BaseDeps & ApiIdempotencyDeps & { readonly offers: OfferDeps };

/**
 * POST /v1/offers (a provider creates an offer for itself, an operator for any provider) and
 * POST /v1/offers/{id}/withdraw (the offer's provider, or an operator, withdraws it): the
 * writes of offers, one function.
 */
export const makeHandler = (deps: OfferCreateDeps) =>
  apiHandler(deps, async (event) => {
    const principal = requireRole(event, 'provider', 'operator');
    if (operationOf(event) === 'offerWithdraw') {
      const offerId = pathParameter(event, 'id');
      return respondIdempotently(deps, event, principal, idempotencyKey(event, false), { offerId }, async () => {
        // A refusal names the offer by the path parameter `id` (the request has no offerId).
        const withdrawn = await withdrawOffer(deps.offers, offerId, principal).catch((error: unknown) => {
          throw namedAsRequested(error, { offerId: 'id' }, ['id']);
        });
        return json(200, offerView(withdrawn));
      });
    }
    const request = parseJsonBody(OfferCreateRequest, event);
    const key = idempotencyKey(event, false);
    const offerId = key === undefined ? randomIds.next('ofr') : derivedId('ofr', describePrincipal(principal), key);
    return respondIdempotently(deps, event, principal, key, request, async () => {
      const offer = await createOffer(deps.offers, offerId, request, principal);
      return json(201, offerView(offer), { location: `/v1/offers/${offer.id}` });
    });
  });

export const handler = lazyHandler((env) => {
  const base = baseDeps(env);
  return makeHandler({
    ...base,
    ...idempotencyDeps(env, base.config),
    offers: offerDeps(env, base.config),
  });
});
