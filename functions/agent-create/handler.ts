import { idempotencyDeps } from '../../shared/adapters/aws/wiring';
import { partyRegistrationDeps } from '../../shared/adapters/aws/purchases-wiring';
import { AgentCreateRequest } from '../../shared/api/parties';
import { type ApiIdempotencyDeps, respondIdempotently } from '../../shared/http/idempotent';
import { agentView, createAgent, type PartyDeps } from '../../shared/domain/parties/parties';
import { describePrincipal } from '../../shared/domain/principal';
import { requireRole } from '../../shared/http/auth';
import { baseDeps, type BaseDeps } from '../../shared/http/base';
import { lazyHandler } from '../../shared/http/lazy';
import { apiHandler } from '../../shared/http/middleware';
import { idempotencyKey, parseJsonBody } from '../../shared/http/request';
import { json } from '../../shared/http/response';
import { derivedId, randomIds } from '../../shared/ids';

export type AgentCreateDeps = BaseDeps & ApiIdempotencyDeps & { readonly parties: PartyDeps };

export const makeHandler = (deps: AgentCreateDeps) =>
  apiHandler(deps, async (event) => {
    const principal = requireRole(event, 'operator');
    const request = parseJsonBody(AgentCreateRequest, event);
    const key = idempotencyKey(event, false);
    const agentId = key === undefined ? randomIds.next('agt') : derivedId('agt', describePrincipal(principal), key);
    return respondIdempotently(deps, event, principal, key, request, async () => {
      const agent = await createAgent(deps.parties, agentId, request, principal);
      return json(201, agentView(agent), { location: `/v1/agents/${agent.id}` });
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
