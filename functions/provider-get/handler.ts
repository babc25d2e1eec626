import { partyStore } from '../../shared/adapters/aws/wiring';
import { providerView } from '../../shared/domain/parties/parties';
import type { PartyStore } from '../../shared/domain/parties/ports';
import { readProvider } from '../../shared/domain/parties/reads';
import { requireRole } from '../../shared/http/auth';
import { baseDeps, type BaseDeps } from '../../shared/http/base';
import { lazyHandler } from '../../shared/http/lazy';
import { apiHandler } from '../../shared/http/middleware';
import { pathParameter } from '../../shared/http/request';
import { json } from '../../shared/http/response';

export type ProviderGetDeps = BaseDeps & { readonly parties: PartyStore };

/** GET /v1/providers/{id}: the provider itself and operators; anyone else gets a 404. */
export const makeHandler = (deps: ProviderGetDeps) =>
  apiHandler(deps, async (event) => {
    const principal = requireRole(event, 'customer', 'provider', 'agent', 'operator');
    return json(200, providerView(await readProvider(deps.parties, principal, pathParameter(event, 'id'))));
  });

export const handler = lazyHandler(() => makeHandler({ ...baseDeps(process.env), parties: partyStore(process.env) }));
