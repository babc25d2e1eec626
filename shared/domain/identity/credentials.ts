import { DomainError, quoted, notVisible } from '../../errors';
import { MACHINE_CREDENTIALS_PER_PARTY_MAX } from '../../limits';
import type { Clock } from '../../ports';
import { partyClientName } from '../../resources/identity';
import type { PartyStore } from '../parties/ports';
import { requireCallerAgent, requireCallerProvider } from '../parties/require';
import { describePrincipal, type Principal } from '../principal';
import type { IdentityProvider, MachineClientRecord, MachineClientStore } from './ports';

/**
 * Machine credentials for providers and agents: one Cognito app client per credential, with
 * the client-credentials grant and only the party's role scope. A token from it carries the
 * client id as `sub`; kippu maps that id to the party (MachineClientStore), so the token acts
 * as that party on every endpoint and as nobody else (shared/http/auth.ts resolves it).
 */
export type PartyRole = MachineClientRecord['role'];

export interface CredentialDeps {
  readonly identity: Pick<IdentityProvider, 'createMachineClient' | 'deleteMachineClient'>;
  readonly machineClients: MachineClientStore;
  readonly parties: Pick<PartyStore, 'getProvider' | 'getAgent'>;
  readonly clock: Clock;
  readonly stage: string;
  /** The OAuth token endpoint the client calls with its id and secret. */
  readonly tokenUrl: string;
}

const partyNotFound = (role: PartyRole, partyId: string) =>
  role === 'provider' ? notVisible('PROVIDER_NOT_FOUND', 'provider', partyId) : notVisible('AGENT_NOT_FOUND', 'agent', partyId);

/**
 * Operators manage anyone's credentials; a provider or agent only its own, as the party it acts
 * as (a token of no registered party is its 404 naming no field: requireCaller…). Anyone else is
 * told the party does not exist.
 */
const authorize = async (deps: CredentialDeps, principal: Principal, role: PartyRole, partyId: string): Promise<void> => {
  if (principal.role === role && principal.subject === partyId) {
    await (role === 'provider' ? requireCallerProvider(deps.parties, partyId) : requireCallerAgent(deps.parties, partyId));
    return;
  }
  if (principal.role !== 'operator') throw partyNotFound(role, partyId);
  const party = role === 'provider' ? await deps.parties.getProvider(partyId) : await deps.parties.getAgent(partyId);
  if (party === undefined) throw partyNotFound(role, partyId);
};

/**
 * Hand out a new credential.
 *
 * Flow: authorize → create the app client (its secret exists only in this answer) → map its
 * id to the party, at most MACHINE_CREDENTIALS_PER_PARTY_MAX per party (atomically); over the
 * limit the new client is deleted again and the answer is CREDENTIALS_LIMIT_REACHED. A crash
 * between the two steps leaves an app client that maps to nobody: its tokens act as no one.
 */
export const createCredentials = async (deps: CredentialDeps, principal: Principal, role: PartyRole, partyId: string) => {
  await authorize(deps, principal, role, partyId);
  const client = await deps.identity.createMachineClient(partyClientName(deps.stage, role, partyId), role);
  const stored = await deps.machineClients.putMachineClient(
    {
      clientId: client.clientId,
      role,
      partyId,
      createdAt: new Date(deps.clock.now()).toISOString(),
      createdBy: describePrincipal(principal),
    },
    MACHINE_CREDENTIALS_PER_PARTY_MAX,
  );
  if (!stored) {
    await deps.identity.deleteMachineClient(client.clientId);
    throw new DomainError(
      'CREDENTIALS_LIMIT_REACHED',
      `This ${role} holds ${MACHINE_CREDENTIALS_PER_PARTY_MAX} credentials, the most allowed; delete one first.`,
    );
  }
  return { clientId: client.clientId, clientSecret: client.clientSecret, tokenUrl: deps.tokenUrl, scope: client.scope };
};

/**
 * Remove a credential: the app client first (so no new token is issued), then the mapping (so
 * tokens already issued stop acting once the containers' caches expire). A repeat after a
 * crash between the two finds the client gone and removes the mapping.
 */
export const deleteCredentials = async (
  deps: CredentialDeps,
  principal: Principal,
  role: PartyRole,
  partyId: string,
  clientId: string,
): Promise<void> => {
  await authorize(deps, principal, role, partyId);
  const mapping = await deps.machineClients.getMachineClient(clientId);
  if (mapping === undefined || mapping.role !== role || mapping.partyId !== partyId) {
    throw new DomainError('CREDENTIAL_NOT_FOUND', `No credential ${quoted(clientId)} of ${role} ${quoted(partyId)}.`);
  }
  await deps.identity.deleteMachineClient(clientId);
  await deps.machineClients.removeMachineClient(clientId);
};

/** The party a machine token acts as: its client's mapping, when the mapping is for the token's role. */
export const machinePrincipal = (mapping: MachineClientRecord | undefined, role: string): Principal | undefined =>
  mapping !== undefined && mapping.role === role ? { role: mapping.role, subject: mapping.partyId } : undefined;
