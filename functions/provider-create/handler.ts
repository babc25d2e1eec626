import { idempotencyDeps } from '../../shared/adapters/aws/wiring';
import { partyRegistrationDeps } from '../../shared/adapters/aws/purchases-wiring';
import { ProviderCreateRequest } from '../../shared/api/parties';
import { createProvider, providerView } from '../../shared/domain/parties/parties';
import { baseDeps } from '../../shared/http/base';
import { lazyHandler } from '../../shared/http/lazy';
import type { ApiHandler } from '../../shared/http/middleware';
import { partyCreateHandler, type PartyCreateDeps } from '../../shared/http/party-create';

export type ProviderCreateDeps = PartyCreateDeps;

/** POST /v1/providers: operators register providers (see partyCreateHandler). */
export const makeHandler: (deps: ProviderCreateDeps) => ApiHandler = partyCreateHandler(
  ['operator'],
  ProviderCreateRequest,
  createProvider,
  providerView,
  'prv',
  '/v1/providers',
);

export const handler = lazyHandler((env) => {
  const base = baseDeps(env);
  return makeHandler({
    ...base,
    ...idempotencyDeps(env, base.config),
    parties: partyRegistrationDeps(env),
  });
});
