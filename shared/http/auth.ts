import type { APIGatewayProxyEvent } from 'aws-lambda';
import { DomainError } from '../errors';
import { isRole, type Principal, type Role } from '../domain/principal';
import { machinePrincipal } from '../domain/identity/credentials';
import type { MachineClientRecord } from '../domain/identity/ports';

export type { Principal, Role } from '../domain/principal';

/**
 * Who is asking. API Gateway's authorizer (Cognito in AWS, the local gateway locally) has
 * already verified the bearer token; its claims arrive in the request context.
 *
 * - User tokens (Cognito users, development tokens): the role from `custom:role` or the one
 *   `kippu/<role>` scope that Cognito's pre token generation trigger put in the access token;
 *   the subject from `custom:subject` (the party id), else `sub`.
 * - Client-credentials tokens (no user: `sub` is the app client id, as is `client_id`): the
 *   role from the `kippu/<role>` scope. A provider's or agent's client acts as the party
 *   kippu mapped its client id to (`POST /v1/{providers|agents}/{id}/credentials`), looked up
 *   per request through a per-container cache (see machine-clients.ts), and as nobody else: a
 *   client without a mapping is CLIENT_NOT_REGISTERED. An operator client (kippu's own
 *   automation) acts as the operator named by its client id.
 */
const SCOPE_PREFIX = 'kippu/';

export interface MachineClientLookup {
  lookup(clientId: string): Promise<MachineClientRecord | undefined>;
}

const claimString = (claims: Record<string, unknown>, name: string): string | undefined => {
  const value = claims[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
};

const scopedRole = (claims: Record<string, unknown>): Role | undefined =>
  (claimString(claims, 'scope') ?? '')
    .split(' ')
    .filter((scope) => scope.startsWith(SCOPE_PREFIX))
    .map((scope) => scope.slice(SCOPE_PREFIX.length))
    .find(isRole);

/** The app client and role of a client-credentials token, or undefined for a user's token. */
export const machineClaims = (claims: Record<string, unknown> | undefined): { clientId: string; role: Role } | undefined => {
  if (claims === undefined) return undefined;
  const clientId = claimString(claims, 'client_id');
  const isUser = ['username', 'cognito:username', 'custom:role', 'custom:subject'].some((name) => claims[name] !== undefined);
  if (isUser || clientId === undefined || claimString(claims, 'sub') !== clientId) return undefined;
  const role = scopedRole(claims);
  return role === undefined ? undefined : { clientId, role };
};

/** The principal of a user's token (or of an operator client); undefined when the claims name none. */
export const principalFromClaims = (claims: Record<string, unknown> | undefined): Principal | undefined => {
  if (claims === undefined) return undefined;
  const machine = machineClaims(claims);
  if (machine !== undefined) return machine.role === 'operator' ? { role: 'operator', subject: machine.clientId } : undefined;
  const subject = claimString(claims, 'custom:subject') ?? claimString(claims, 'sub');
  if (subject === undefined) return undefined;
  const roleClaim = claims['custom:role'];
  if (isRole(roleClaim)) return { role: roleClaim, subject };
  const role = scopedRole(claims);
  return role === undefined ? undefined : { role, subject };
};

const claimsOf = (event: APIGatewayProxyEvent): Record<string, unknown> | undefined => {
  const authorizer = event.requestContext?.authorizer as { claims?: Record<string, unknown> } | null | undefined;
  return authorizer?.claims ?? undefined;
};

/** Principals of machine tokens resolved for a request, before its handler runs. */
const resolved = /* @__PURE__ */ new WeakMap<APIGatewayProxyEvent, Principal>();

/**
 * Resolves a provider's or agent's client-credentials token to its party, once per request
 * (apiHandler calls this before the handler). Other tokens need no lookup.
 */
export const resolveMachinePrincipal = async (
  event: APIGatewayProxyEvent,
  clients: MachineClientLookup | undefined,
): Promise<void> => {
  const machine = machineClaims(claimsOf(event));
  if (machine === undefined || machine.role === 'operator') return;
  const principal = machinePrincipal(clients === undefined ? undefined : await clients.lookup(machine.clientId), machine.role);
  if (principal === undefined) {
    throw new DomainError('CLIENT_NOT_REGISTERED', 'This client has no credentials registered with kippu for its role.');
  }
  resolved.set(event, principal);
};

export const principalOf = (event: APIGatewayProxyEvent): Principal => {
  const principal = resolved.get(event) ?? principalFromClaims(claimsOf(event));
  if (principal === undefined) throw new DomainError('UNAUTHENTICATED', 'Send a valid bearer token.');
  return principal;
};

export const requireRole = (event: APIGatewayProxyEvent, ...allowed: readonly Role[]): Principal => {
  const principal = principalOf(event);
  if (!allowed.includes(principal.role)) {
    throw new DomainError('FORBIDDEN', `This operation is for the ${allowed.join(' or ')} role, not ${principal.role}.`);
  }
  return principal;
};
