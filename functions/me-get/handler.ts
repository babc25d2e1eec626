import { partyStore } from '../../shared/adapters/aws/wiring';
import type { PartyStore } from '../../shared/domain/parties/ports';
import { readMe } from '../../shared/domain/parties/reads';
import { requireRole } from '../../shared/http/auth';
import { baseDeps, type BaseDeps } from '../../shared/http/base';
import { lazyHandler } from '../../shared/http/lazy';
import { apiHandler } from '../../shared/http/middleware';
import { json } from '../../shared/http/response';

export type MeGetDeps = BaseDeps & { readonly parties: PartyStore };

/** GET /v1/me: the caller's own party (an operator is only its id). */
export const makeHandler = (deps: MeGetDeps) =>
  apiHandler(deps, async (event) => {
    const principal = requireRole(event, 'customer', 'provider', 'agent', 'operator');
    return json(200, await readMe(deps.parties, principal));
  });

export const handler = lazyHandler((env) => makeHandler({ ...baseDeps(env), parties: partyStore(env) }));
