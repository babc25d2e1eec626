import type { APIGatewayProxyEvent } from 'aws-lambda';
import { DomainError } from '../errors';
import { isRole, type Principal, type Role } from '../domain/principal';
import { machinePrincipal } from '../domain/identity/credentials';
import type { MachineClientRecord } from '../domain/identity/ports';
import type { SessionStanding } from '../domain/identity/session-standing';
import { TOKEN_REQUIRED_DETAIL } from './response';

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

/** Whether a customer's access token (by its id) still acts: see session-standing.ts. */
export interface CustomerSessionLookup {
  standing(customerId: string, tokenId: string): Promise<SessionStanding>;
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

/**
 * The customer and token id of a customer's access token (Cognito's, from a sign-in), or
 * undefined for any other token: machine tokens, operators' and providers' tokens, and the
 * local development issuer's tokens (`token_use: id`, local only), which name no session.
 */
export const customerSessionClaims = (
  claims: Record<string, unknown> | undefined,
): { customerId: string; tokenId: string | undefined } | undefined => {
  if (claims === undefined || claims['token_use'] !== 'access' || machineClaims(claims) !== undefined) return undefined;
  const principal = principalFromClaims(claims);
  if (principal?.role !== 'customer') return undefined;
  return { customerId: principal.subject, tokenId: claimString(claims, 'jti') };
};

/**
 * Refuses a customer's access token whose session has ended (apiHandler calls this before the
 * handler, after resolveMachinePrincipal): its device was removed, or kippu never issued it a
 * session (a token from another sign-in flow, which proved no device). SESSION_REVOKED either way.
 */
export const requireLiveSession = async (
  event: APIGatewayProxyEvent,
  sessions: CustomerSessionLookup | undefined,
): Promise<void> => {
  const session = customerSessionClaims(claimsOf(event));
  if (session === undefined || sessions === undefined) return;
  const standing = session.tokenId === undefined ? 'unknown' : await sessions.standing(session.customerId, session.tokenId);
  if (standing === 'device_removed') {
    throw new DomainError(
      'SESSION_REVOKED',
      'The device this session was signed in from was removed; sign in again from a registered device.',
    );
  }
  if (standing === 'unknown') {
    throw new DomainError(
      'SESSION_REVOKED',
      'This access token has no kippu session; sign in with POST /v1/sessions from a registered device.',
    );
  }
};

export const principalOf = (event: APIGatewayProxyEvent): Principal => {
  const principal = resolved.get(event) ?? principalFromClaims(claimsOf(event));
  if (principal === undefined) throw new DomainError('UNAUTHENTICATED', TOKEN_REQUIRED_DETAIL);
  return principal;
};

export const requireRole = (event: APIGatewayProxyEvent, ...allowed: readonly Role[]): Principal => {
  const principal = principalOf(event);
  if (!allowed.includes(principal.role)) {
    throw new DomainError('FORBIDDEN', `This operation is for the ${allowed.join(' or ')} role, not ${principal.role}.`);
  }
  return principal;
};
