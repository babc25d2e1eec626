import { partyStore } from '../../shared/adapters/aws/wiring';
import { agentView } from '../../shared/domain/parties/parties';
import { readAgent } from '../../shared/domain/parties/reads';
import { baseDeps } from '../../shared/http/base';
import { lazyHandler } from '../../shared/http/lazy';
import { partyGetHandler, type PartyGetDeps } from '../../shared/http/party-get';

export type AgentGetDeps = PartyGetDeps;

/** GET /v1/agents/{id}: the agent itself and operators; anyone else gets a 404. */
export const makeHandler = (deps: AgentGetDeps) => partyGetHandler(deps, readAgent, agentView);

export const handler = lazyHandler((env) => makeHandler({ ...baseDeps(env), parties: partyStore(env) }));
