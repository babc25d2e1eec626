import { idempotencyDeps } from '../../shared/adapters/aws/wiring';
import { partyRegistrationDeps } from '../../shared/adapters/aws/purchases-wiring';
import { AgentCreateRequest } from '../../shared/api/parties';
import { createAgent, agentView } from '../../shared/domain/parties/parties';
import { baseDeps } from '../../shared/http/base';
import { lazyHandler } from '../../shared/http/lazy';
import type { ApiHandler } from '../../shared/http/middleware';
import { partyCreateHandler, type PartyCreateDeps } from '../../shared/http/party-create';

export type AgentCreateDeps = PartyCreateDeps;

/** POST /v1/agents: operators register agents (see partyCreateHandler). */
export const makeHandler: (deps: AgentCreateDeps) => ApiHandler = partyCreateHandler(
  ['operator'],
  AgentCreateRequest,
  createAgent,
  agentView,
  'agt',
  '/v1/agents',
);

export const handler = lazyHandler((env) => {
  const base = baseDeps(env);
  return makeHandler({
    ...base,
    ...idempotencyDeps(env, base.config),
    parties: partyRegistrationDeps(env),
  });
});
