import type { APIGatewayProxyEvent } from 'aws-lambda';
import { DomainError } from '../errors';
import { isRole, type Principal, type Role } from '../domain/principal';

export type { Principal, Role } from '../domain/principal';

/**
 * Who is asking. API Gateway's authorizer (Cognito in AWS, the development issuer locally)
 * has already verified the bearer token; its claims arrive in the request context. Roles
 * come from the `custom:role` claim (user pool users) or an OAuth scope `kippu/<role>`
 * (client credentials); the subject is `custom:subject` when present, else `sub`.
 */

const SCOPE_PREFIX = 'kippu/';

const claimString = (claims: Record<string, unknown>, name: string): string | undefined => {
  const value = claims[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
};

export const principalFromClaims = (claims: Record<string, unknown> | undefined): Principal | undefined => {
  if (claims === undefined) return undefined;
  const subject = claimString(claims, 'custom:subject') ?? claimString(claims, 'sub');
  if (subject === undefined) return undefined;
  const roleClaim = claims['custom:role'];
  if (isRole(roleClaim)) return { role: roleClaim, subject };
  const scopes = (claimString(claims, 'scope') ?? '').split(' ');
  const scopedRole = scopes
    .filter((scope) => scope.startsWith(SCOPE_PREFIX))
    .map((scope) => scope.slice(SCOPE_PREFIX.length))
    .find(isRole);
  return scopedRole === undefined ? undefined : { role: scopedRole, subject };
};

export const principalOf = (event: APIGatewayProxyEvent): Principal => {
  const authorizer = event.requestContext?.authorizer as { claims?: Record<string, unknown> } | null | undefined;
  const principal = principalFromClaims(authorizer?.claims ?? undefined);
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
