import { partyStore } from '../../shared/adapters/aws/wiring';
import { providerView } from '../../shared/domain/parties/parties';
import { readProvider } from '../../shared/domain/parties/reads';
import { baseDeps } from '../../shared/http/base';
import { lazyHandler } from '../../shared/http/lazy';
import { partyGetHandler, type PartyGetDeps } from '../../shared/http/party-get';

export type ProviderGetDeps = PartyGetDeps;

/** GET /v1/providers/{id}: the provider itself and operators; anyone else gets a 404. */
export const makeHandler = (deps: ProviderGetDeps) => partyGetHandler(deps, readProvider, providerView);

export const handler = lazyHandler((env) => makeHandler({ ...baseDeps(env), parties: partyStore(env) }));
