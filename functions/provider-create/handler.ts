import { idempotencyDeps } from '../../shared/adapters/aws/wiring';
import { partyRegistrationDeps } from '../../shared/adapters/aws/purchases-wiring';
import { ProviderCreateRequest, ProviderTrustRequest } from '../../shared/api/parties';
import { createProvider, providerView } from '../../shared/domain/parties/parties';
import { setProviderTrust } from '../../shared/domain/parties/trust';
import { requireRole } from '../../shared/http/auth';
import { baseDeps } from '../../shared/http/base';
import { respondIdempotently } from '../../shared/http/idempotent';
import { lazyHandler } from '../../shared/http/lazy';
import { apiHandler, type ApiHandler } from '../../shared/http/middleware';
import { partyCreateHandler, type PartyCreateDeps } from '../../shared/http/party-create';
import { idempotencyKey, operationOf, parseJsonBody, pathParameter } from '../../shared/http/request';
import { json } from '../../shared/http/response';

export type ProviderCreateDeps = PartyCreateDeps;

/** POST /v1/providers: operators register providers (see partyCreateHandler). */
const providerCreate: (deps: ProviderCreateDeps) => ApiHandler = partyCreateHandler(
  ['operator'],
  ProviderCreateRequest,
  createProvider,
  providerView,
  'prv',
  '/v1/providers',
);

/**
 * POST /v1/providers and PUT /v1/providers/{id}/proxy-settlement (an operator changes whether
 * the provider is trusted for proxy settlement; setProviderTrust): the writes of providers, one
 * function.
 */
export const makeHandler = (deps: ProviderCreateDeps): ApiHandler => {
  const create = providerCreate(deps);
  const trust = apiHandler(deps, async (event) => {
    const principal = requireRole(event, 'operator');
    const providerId = pathParameter(event, 'id');
    const body = parseJsonBody(ProviderTrustRequest, event);
    return respondIdempotently(deps, event, principal, idempotencyKey(event, false), { providerId, ...body }, async () =>
      json(200, providerView(await setProviderTrust(deps.parties, providerId, body.trusted, principal))),
    );
  });
  return (event, context) => (operationOf(event) === 'providerTrustUpdate' ? trust : create)(event, context);
};

export const handler = lazyHandler((env) => {
  const base = baseDeps(env);
  return makeHandler({
    ...base,
    ...idempotencyDeps(env, base.config),
    parties: partyRegistrationDeps(env),
  });
});
