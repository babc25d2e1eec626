import { idempotencyDeps } from '../../shared/adapters/aws/wiring';
import { partyRegistrationDeps } from '../../shared/adapters/aws/purchases-wiring';
import { ProviderCreateRequest } from '../../shared/api/parties';
import { type ApiIdempotencyDeps, respondIdempotently } from '../../shared/http/idempotent';
import { createProvider, providerView, type PartyDeps } from '../../shared/domain/parties/parties';
import { describePrincipal } from '../../shared/domain/principal';
import { requireRole } from '../../shared/http/auth';
import { baseDeps, type BaseDeps } from '../../shared/http/base';
import { lazyHandler } from '../../shared/http/lazy';
import { apiHandler } from '../../shared/http/middleware';
import { idempotencyKey, parseJsonBody } from '../../shared/http/request';
import { json } from '../../shared/http/response';
import { derivedId, randomIds } from '../../shared/ids';

export type ProviderCreateDeps = BaseDeps & ApiIdempotencyDeps & { readonly parties: PartyDeps };

export const makeHandler = (deps: ProviderCreateDeps) =>
  apiHandler(deps, async (event) => {
    const principal = requireRole(event, 'operator');
    const request = parseJsonBody(ProviderCreateRequest, event);
    const key = idempotencyKey(event, false);
    const providerId = key === undefined ? randomIds.next('prv') : derivedId('prv', describePrincipal(principal), key);
    return respondIdempotently(deps, event, principal, key, request, async () => {
      const provider = await createProvider(deps.parties, providerId, request, principal);
      return json(201, providerView(provider), { location: `/v1/providers/${provider.id}` });
    });
  });

export const handler = lazyHandler(() => {
  const base = baseDeps(process.env);
  return makeHandler({
    ...base,
    ...idempotencyDeps(process.env, base.config),
    parties: partyRegistrationDeps(process.env),
  });
});
