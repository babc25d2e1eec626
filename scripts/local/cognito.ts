import {
  AdminGetUserCommand,
  CognitoIdentityProviderClient,
  DescribeUserPoolClientCommand,
  ResourceNotFoundException,
  UserNotFoundException,
} from '@aws-sdk/client-cognito-identity-provider';
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify, type JWTPayload } from 'jose';
import { accessTokenOverrides } from '../../infra/constructs/token-scopes/handler';
import { ROLE_SCOPES, userPool } from '../../shared/resources/identity';
import { DEV_CLIENT_TOKEN_LIFETIME_SECONDS, issueDevClientToken } from './dev-tokens';

/**
 * The local stand-in for what Cognito does around kippu's API in AWS:
 *  - verifies the access tokens that moto's cognito-idp issues against the pool's JWKS (RS256,
 *    the pool's issuer, `token_use: access`), as the API Gateway Cognito authorizer does;
 *  - applies the pre token generation trigger that moto does not run (the same function as in
 *    AWS, infra/constructs/token-scopes/handler.ts), from the user's attributes;
 *  - then requires one `kippu/<role>` scope, like the authorizer's authorization scopes;
 *  - serves the client-credentials grant of the pool's token endpoint, which moto lacks:
 *    it checks the app client's secret, grant and scopes in moto and issues a token shaped like
 *    Cognito's (sub and client_id the client id, the scope) from the development issuer.
 */
const USER_CACHE_MS = 60_000;
const CACHE_ENTRIES_MAX = 1_000;

export interface ClientTokenAnswer {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

export class LocalCognito {
  private readonly client: CognitoIdentityProviderClient;
  private readonly poolId: string;
  private readonly issuer: string;
  private readonly jwks: ReturnType<typeof createRemoteJWKSet>;
  private readonly users = new Map<string, { readonly attributes: Record<string, string>; readonly atMs: number }>();

  constructor(env: NodeJS.ProcessEnv) {
    const endpoint = env.AWS_ENDPOINT_URL_COGNITO_IDP;
    const poolId = env[userPool.envVar];
    if (endpoint === undefined || poolId === undefined)
      throw new Error(`AWS_ENDPOINT_URL_COGNITO_IDP and ${userPool.envVar} must be set`);
    const region = env.AWS_REGION ?? 'us-east-1';
    this.client = new CognitoIdentityProviderClient({ endpoint, region });
    this.poolId = poolId;
    this.issuer = `https://cognito-idp.${region}.amazonaws.com/${poolId}`;
    // moto serves the JWKS of every pool on one port and tells services apart by the signing scope.
    this.jwks = createRemoteJWKSet(new URL(`${endpoint.replace(/\/+$/, '')}/${poolId}/.well-known/jwks.json`), {
      headers: {
        authorization: `AWS4-HMAC-SHA256 Credential=local/20200101/${region}/cognito-idp/aws4_request, SignedHeaders=host, Signature=0`,
      },
    });
  }

  /** The claims the authorizer would hand on for a moto access token, or undefined when it is not one. */
  async verify(token: string): Promise<JWTPayload | undefined> {
    try {
      if (decodeProtectedHeader(token).alg !== 'RS256') return undefined;
      const { payload } = await jwtVerify(token, this.jwks, { issuer: this.issuer, algorithms: ['RS256'] });
      if (payload['token_use'] !== 'access' || typeof payload['username'] !== 'string') return undefined;
      const claims = await this.withTriggerApplied(payload, payload['username']);
      const scopes = String(claims['scope'] ?? '').split(' ');
      return scopes.some((scope) => ROLE_SCOPES.includes(scope)) ? claims : undefined;
    } catch {
      return undefined;
    }
  }

  private async withTriggerApplied(payload: JWTPayload, username: string): Promise<JWTPayload> {
    const attributes = await this.attributesOf(username);
    if (attributes === undefined) return payload;
    const overrides = accessTokenOverrides(attributes);
    const scopes = String(payload['scope'] ?? '')
      .split(' ')
      .filter((scope) => scope !== '' && !overrides.scopesToSuppress.includes(scope));
    return { ...payload, ...overrides.claimsToAddOrOverride, scope: [...scopes, ...overrides.scopesToAdd].join(' ') };
  }

  private async attributesOf(username: string): Promise<Record<string, string> | undefined> {
    const cached = this.users.get(username);
    if (cached !== undefined && Date.now() - cached.atMs < USER_CACHE_MS) return cached.attributes;
    try {
      const user = await this.client.send(new AdminGetUserCommand({ UserPoolId: this.poolId, Username: username }));
      const attributes = Object.fromEntries((user.UserAttributes ?? []).map((entry) => [entry.Name ?? '', entry.Value ?? '']));
      if (this.users.size >= CACHE_ENTRIES_MAX) this.users.clear();
      this.users.set(username, { attributes, atMs: Date.now() });
      return attributes;
    } catch (error) {
      if (error instanceof UserNotFoundException) return undefined;
      throw error;
    }
  }

  /** The token endpoint's client-credentials grant (RFC 6749 §4.4), with HTTP Basic client authentication. */
  async clientToken(authorization: string | undefined, form: URLSearchParams): Promise<ClientTokenAnswer> {
    if (form.get('grant_type') !== 'client_credentials') return { status: 400, body: { error: 'unsupported_grant_type' } };
    const basic = /^Basic\s+(\S+)$/i.exec(authorization ?? '')?.[1];
    const [clientId, secret] = basic === undefined ? [] : Buffer.from(basic, 'base64').toString('utf8').split(':');
    if (clientId === undefined || secret === undefined || clientId === '')
      return { status: 401, body: { error: 'invalid_client' } };
    let client;
    try {
      client = (await this.client.send(new DescribeUserPoolClientCommand({ UserPoolId: this.poolId, ClientId: clientId })))
        .UserPoolClient;
    } catch (error) {
      if (error instanceof ResourceNotFoundException) return { status: 401, body: { error: 'invalid_client' } };
      throw error;
    }
    if (client?.ClientSecret !== secret) return { status: 401, body: { error: 'invalid_client' } };
    if (!(client.AllowedOAuthFlows ?? []).includes('client_credentials'))
      return { status: 400, body: { error: 'unauthorized_client' } };
    const allowed = client.AllowedOAuthScopes ?? [];
    const asked = (form.get('scope') ?? '').split(' ').filter((scope) => scope !== '');
    if (asked.some((scope) => !allowed.includes(scope))) return { status: 400, body: { error: 'invalid_scope' } };
    const scope = (asked.length > 0 ? asked : allowed).join(' ');
    return {
      status: 200,
      body: {
        access_token: await issueDevClientToken(clientId, scope),
        token_type: 'Bearer',
        expires_in: DEV_CLIENT_TOKEN_LIFETIME_SECONDS,
      },
    };
  }

  close(): void {
    this.client.destroy();
  }
}
