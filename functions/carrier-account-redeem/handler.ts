import { partyRegistrationDeps } from '../../shared/adapters/aws/purchases-wiring';
import { idempotencyDeps } from '../../shared/adapters/aws/wiring';
import { CarrierAccountRedeemRequest } from '../../shared/api/parties';
import { redeemCarrierLink } from '../../shared/domain/parties/carrier-links';
import { customerView, type PartyDeps } from '../../shared/domain/parties/parties';
import { requireRole } from '../../shared/http/auth';
import { baseDeps, type BaseDeps } from '../../shared/http/base';
import { type ApiIdempotencyDeps, respondIdempotently } from '../../shared/http/idempotent';
import { lazyHandler } from '../../shared/http/lazy';
import { apiHandler } from '../../shared/http/middleware';
import { idempotencyKey, parseJsonBody } from '../../shared/http/request';
import { json } from '../../shared/http/response';

export type CarrierAccountRedeemDeps = BaseDeps & ApiIdempotencyDeps & { readonly parties: PartyDeps };

/**
 * POST /v1/me/carrier-account: the signed-in customer redeems a carrier's one-time code and
 * becomes its subscriber (docs/identity.md, "Becoming a carrier's subscriber").
 */
export const makeHandler = (deps: CarrierAccountRedeemDeps) =>
  apiHandler(deps, async (event) => {
    const principal = requireRole(event, 'customer');
    const request = parseJsonBody(CarrierAccountRedeemRequest, event);
    return respondIdempotently(deps, event, principal, idempotencyKey(event, false), request, async () =>
      json(201, customerView(await redeemCarrierLink(deps.parties, request.code, principal))),
    );
  });

export const handler = lazyHandler((env) => {
  const base = baseDeps(env);
  return makeHandler({ ...base, ...idempotencyDeps(env, base.config), parties: partyRegistrationDeps(env) });
});
