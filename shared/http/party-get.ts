import type { Principal } from '../domain/principal';
import type { PartyStore } from '../domain/parties/ports';
import { requireRole } from './auth';
import type { BaseDeps } from './base';
import { apiHandler, type ApiHandler } from './middleware';
import { pathParameter } from './request';
import { json } from './response';

export type PartyGetDeps = BaseDeps & { readonly parties: PartyStore };

/**
 * `GET /v1/<parties>/{id}` for one kind of party: any signed-in role may ask, `read` decides
 * who may see which party (another party's is a 404) and `view` is what the answer shows.
 */
export const partyGetHandler = <T>(
  deps: PartyGetDeps,
  read: (parties: PartyStore, principal: Principal, id: string) => Promise<T>,
  view: (party: T) => unknown,
): ApiHandler =>
  apiHandler(deps, async (event) => {
    const principal = requireRole(event, 'customer', 'provider', 'agent', 'operator');
    return json(200, view(await read(deps.parties, principal, pathParameter(event, 'id'))));
  });
