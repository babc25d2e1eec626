import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SignJWT, jwtVerify, type JWTPayload } from 'jose';
import { isRole, type Role } from '../../shared/domain/principal';

/**
 * The development token issuer. Local only: the CDK stack never contains it (an infra test
 * proves it). Tokens are HS256 with a per-checkout secret kept in .local/, so `npm run token`
 * and `npm start` agree without configuration.
 */
export const DEV_TOKEN_ISSUER = 'kippu-local-dev';
const DEV_TOKEN_LIFETIME = '12h';
const SECRET_BYTES = 32;
const SECRET_FILE = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '.local', 'dev-token-secret');

let secret: Uint8Array | undefined;

const devSecret = (): Uint8Array => {
  if (secret !== undefined) return secret;
  try {
    secret = new Uint8Array(readFileSync(SECRET_FILE));
  } catch {
    mkdirSync(dirname(SECRET_FILE), { recursive: true });
    try {
      writeFileSync(SECRET_FILE, randomBytes(SECRET_BYTES), { mode: 0o600, flag: 'wx' });
    } catch {
      // Another process created it first; read theirs.
    }
    secret = new Uint8Array(readFileSync(SECRET_FILE));
  }
  return secret;
};

export const issueDevToken = async (role: Role, subject: string): Promise<string> =>
  new SignJWT({ 'custom:role': role, token_use: 'id' })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer(DEV_TOKEN_ISSUER)
    .setSubject(subject)
    .setIssuedAt()
    .setExpirationTime(DEV_TOKEN_LIFETIME)
    .sign(devSecret());

export const DEV_CLIENT_TOKEN_LIFETIME_SECONDS = 3600;

/**
 * A token shaped like a Cognito client-credentials access token (`sub` and `client_id` the
 * app client id, the granted scope, no user claims), from the development issuer. The local
 * token endpoint (scripts/local/cognito.ts) issues these after checking the client in moto.
 */
export const issueDevClientToken = async (clientId: string, scope: string): Promise<string> =>
  new SignJWT({ client_id: clientId, scope, token_use: 'access' })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer(DEV_TOKEN_ISSUER)
    .setSubject(clientId)
    .setIssuedAt()
    .setExpirationTime(`${DEV_CLIENT_TOKEN_LIFETIME_SECONDS}s`)
    .sign(devSecret());

/** The claims of a valid development token, as the Cognito authorizer would pass them on. */
export const verifyDevToken = async (token: string): Promise<JWTPayload | undefined> => {
  try {
    const { payload } = await jwtVerify(token, devSecret(), { issuer: DEV_TOKEN_ISSUER, algorithms: ['HS256'] });
    return payload;
  } catch {
    return undefined;
  }
};

/** A refused token request: the fields it got wrong, each with what is wrong (a 422 names them). */
export interface TokenRequestIssue {
  readonly field: 'role' | 'sub';
  readonly message: string;
}

/** `{ role, sub }` of a POST /local/token body (parsed JSON), or every field it got wrong. */
export const parseTokenRequest = (value: unknown): { role: Role; sub: string } | TokenRequestIssue[] => {
  const { role, sub } = typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
  const issues: TokenRequestIssue[] = [];
  if (!isRole(role)) issues.push({ field: 'role', message: 'must be customer, provider, agent or operator' });
  if (typeof sub !== 'string' || sub === '' || sub.length > 200) {
    issues.push({ field: 'sub', message: 'must be a string of 1 to 200 characters' });
  }
  return isRole(role) && issues.length === 0 ? { role, sub: sub as string } : issues;
};
