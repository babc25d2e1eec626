import { DELEGATION_MEMBER, DELEGATION_TYPE, REVOCATIONS_TYPE, TICKET_TYPE, verifyTicket } from '@kippu/verify';
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify, type JSONWebKeySet } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerCustomer, registerProvider, startTestApi, type TestApi } from '../fixtures/api';
import { npxKippu } from '../fixtures/cli';
import { answersByIssuer, expectedByIssuer } from '../fixtures/issuers';
import { refundDocketVerdicts, refundedPurchase } from '../fixtures/refund-docket';

/**
 * KIPPU_SIGNING=delegated (the default) over HTTP: tickets are signed by the window's
 * delegated key, and verify against the served JWK Set with plain jose (createRemoteJWKSet),
 * with @kippu/verify and with the built CLI; the key set stays under 64 keys; a ticket valid
 * longer than a delegated key may vouch for is signed by the KMS key.
 */
let api: TestApi;
let operatorToken: string;
const issuer = process.env.KIPPU_ISSUER ?? '';
const jwksUrl = () => `${api.url}/.well-known/jwks.json`;

/** The registered provider and customer the tickets are issued between. */
let providerId: string;
let holderId: string;

beforeAll(async () => {
  api = await startTestApi();
  operatorToken = await api.tokenFor('operator', 'op-delegated');
  [providerId, holderId] = await Promise.all([registerProvider(api), registerCustomer(api)]);
});
afterAll(async () => api.close());

const issue = async (validitySeconds: number) => {
  const answer = await api.call<{ id: string; token: string }>('POST', '/v1/tickets', {
    token: operatorToken,
    body: {
      providerId,
      holderId,
      resource: 'server-1/stream-1',
      validitySeconds,
      capabilities: ['image'],
    },
  });
  expect(answer.status).toBe(201);
  return answer.body;
};

const keySet = async (): Promise<JSONWebKeySet> => (await api.call<JSONWebKeySet>('GET', '/.well-known/jwks.json')).body;
const rootKids = (jwks: JSONWebKeySet): (string | undefined)[] =>
  jwks.keys.filter((key) => !(DELEGATION_MEMBER in key)).map((key) => key.kid);

describe('a ticket signed by a delegated key', () => {
  it('verifies with plain jose against the served JWK Set, and its key carries a delegation from the KMS key', async () => {
    // Prepare
    const remote = createRemoteJWKSet(new URL(jwksUrl()));

    // Act
    const ticket = await issue(3_600);
    const verified = await jwtVerify(ticket.token, remote, {
      algorithms: ['ES256'],
      issuer,
      audience: providerId,
      typ: TICKET_TYPE,
    });

    // Assess
    expect(verified.payload.jti).toBe(ticket.id);
    const jwks = await keySet();
    const kid = verified.protectedHeader.kid;
    expect(rootKids(jwks)).not.toContain(kid);
    const signingKey = jwks.keys.find((key) => key.kid === kid) as Record<string, unknown> | undefined;
    const delegation = String(signingKey?.[DELEGATION_MEMBER]);
    expect(decodeProtectedHeader(delegation)).toMatchObject({ typ: DELEGATION_TYPE, kid: rootKids(jwks)[0] });
  });

  it('verifies with kippu’s verifier (also with the root key pinned) and with npx kippu verify', async () => {
    // Prepare
    const ticket = await issue(600);
    const jwks = await keySet();
    const rootKeyIds = rootKids(jwks).filter((kid): kid is string => kid !== undefined);

    // Act
    const library = await verifyTicket(ticket.token, { jwks, issuer, audience: providerId });
    const pinned = await verifyTicket(ticket.token, { jwks, issuer, audience: providerId, rootKeyIds });
    const cli = await npxKippu(['verify', ticket.token, '--jwks', jwksUrl(), '--iss', issuer, '--aud', providerId]);
    const cliPinned = await npxKippu([
      'verify',
      ticket.token,
      '--jwks',
      jwksUrl(),
      '--iss',
      issuer,
      '--aud',
      providerId,
      '--root-kid',
      rootKeyIds[0] ?? '',
    ]);

    // Assess
    expect(library).toMatchObject({ ok: true, claims: { jti: ticket.id } });
    expect(pinned.ok).toBe(true);
    expect(cli.code).toBe(0);
    expect(JSON.parse(cli.stdout)).toMatchObject({ valid: true, claims: { jti: ticket.id } });
    expect(cliPinned.code).toBe(0);
  });
});

describe('the issuer, with delegated keys', () => {
  it('a ticket and a revocation page checked against another issuer, or with a trailing slash, are WRONG_ISSUER, not BAD_DELEGATION', async () => {
    // Prepare
    const ticket = await issue(600);
    const page = await api.call<{ token: string }>('GET', `/v1/providers/${providerId}/revocations?since=0`, {
      token: await api.tokenFor('provider', providerId),
    });
    const jwks = await keySet();

    // Act
    const forTicket = await answersByIssuer(api, ticket.token, TICKET_TYPE, providerId);
    const forPage = await answersByIssuer(api, page.body.token, REVOCATIONS_TYPE, providerId);

    // Assess
    expect(rootKids(jwks)).not.toContain(decodeProtectedHeader(ticket.token).kid);
    expect(rootKids(jwks)).not.toContain(decodeProtectedHeader(page.body.token).kid);
    expect(forTicket).toEqual(expectedByIssuer());
    expect(forPage).toEqual(expectedByIssuer());
  });
});

describe('the served key set', () => {
  it('holds fewer than 64 keys: the root key and the delegated keys, each with its delegation', async () => {
    // Prepare
    await issue(600);

    // Act
    const jwks = await keySet();

    // Assess
    expect(jwks.keys.length).toBeLessThan(64);
    expect(rootKids(jwks).length).toBeGreaterThanOrEqual(1);
    const delegated = jwks.keys.filter((key) => DELEGATION_MEMBER in key);
    expect(delegated.length).toBeGreaterThanOrEqual(1);
    expect(delegated.every((key) => key.kty === 'EC' && key.crv === 'P-256' && key.alg === 'ES256')).toBe(true);
  });

  it('a ticket valid longer than a delegated key may vouch for is signed by the KMS key', async () => {
    // Act: a year, far past any delegated key's validUntil.
    const ticket = await issue(365 * 86_400);
    const jwks = await keySet();

    // Assess
    expect(rootKids(jwks)).toContain(decodeProtectedHeader(ticket.token).kid);
    expect(await verifyTicket(ticket.token, { jwks, issuer, audience: providerId })).toMatchObject({ ok: true });
  });
});

describe('a refund docket', () => {
  it('is signed by the window’s delegated key, and verifies with plain jose, @kippu/verify and kippu verify --type refund-docket', async () => {
    // Prepare
    const { providerId: audience, read } = await refundedPurchase(api, operatorToken);

    // Act
    const { token } = await read();
    const jwks = await keySet();

    // Assess
    const signedBy = jwks.keys.find((key) => key.kid === decodeProtectedHeader(token).kid);
    expect(signedBy).toHaveProperty(DELEGATION_MEMBER);
    expect(await refundDocketVerdicts(api, token, audience)).toEqual({ plain: 'ok', kippu: 'ok', cli: 'ok' });
  }, 120_000);
});
