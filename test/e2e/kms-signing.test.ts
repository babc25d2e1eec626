import { DELEGATION_MEMBER, REVOCATIONS_TYPE, TICKET_TYPE, verifyTicket } from '@kippu/verify';
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify, type JSONWebKeySet } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerCustomer, registerProvider, startTestApi, type TestApi } from '../fixtures/api';
import { answersByIssuer, expectedByIssuer } from '../fixtures/issuers';
import { refundDocketVerdicts, refundedPurchase } from '../fixtures/refund-docket';

/**
 * KIPPU_SIGNING=kms over HTTP: every ticket is signed by the KMS key itself (today's direct
 * signing), and verifies against the served JWK Set with plain jose and with kippu's
 * verifier. The functions read the mode when their wiring is built (their first invocation,
 * in this test file's own module graph), so setting it before the API starts is enough.
 */
const before = process.env.KIPPU_SIGNING;
let api: TestApi;
let operatorToken: string;
const issuer = process.env.KIPPU_ISSUER ?? '';

/** The registered provider and customer the tickets are issued between. */
let providerId: string;
let holderId: string;

beforeAll(async () => {
  process.env.KIPPU_SIGNING = 'kms';
  api = await startTestApi();
  operatorToken = await api.tokenFor('operator', 'op-kms-signing');
  [providerId, holderId] = await Promise.all([registerProvider(api), registerCustomer(api)]);
});
afterAll(async () => {
  await api.close();
  if (before === undefined) delete process.env.KIPPU_SIGNING;
  else process.env.KIPPU_SIGNING = before;
});

describe('KIPPU_SIGNING=kms', () => {
  it('signs a short ticket with the KMS key, and it verifies with plain jose and with kippu’s verifier', async () => {
    // Act
    const issued = await api.call<{ id: string; token: string }>('POST', '/v1/tickets', {
      token: operatorToken,
      body: {
        providerId,
        holderId,
        resource: 'server-1/stream-1',
        validitySeconds: 600,
        capabilities: ['image'],
      },
    });
    const jwks = (await api.call<JSONWebKeySet>('GET', '/.well-known/jwks.json')).body;
    const remote = createRemoteJWKSet(new URL(`${api.url}/.well-known/jwks.json`));

    // Assess
    expect(issued.status).toBe(201);
    const rootKids = jwks.keys.filter((key) => !(DELEGATION_MEMBER in key)).map((key) => key.kid);
    expect(rootKids).toContain(decodeProtectedHeader(issued.body.token).kid);
    const verified = await jwtVerify(issued.body.token, remote, { issuer, audience: providerId, typ: TICKET_TYPE });
    expect(verified.payload.jti).toBe(issued.body.id);
    expect(await verifyTicket(issued.body.token, { jwks, issuer, audience: providerId })).toMatchObject({ ok: true });
  });

  it('a ticket and a revocation page checked against another issuer, or with a trailing slash, are WRONG_ISSUER', async () => {
    // Prepare
    const ticket = await api.call<{ token: string }>('POST', '/v1/tickets', {
      token: operatorToken,
      body: { providerId, holderId, resource: 'server-1/stream-1', validitySeconds: 600, capabilities: ['image'] },
    });
    const page = await api.call<{ token: string }>('GET', `/v1/providers/${providerId}/revocations?since=0`, {
      token: await api.tokenFor('provider', providerId),
    });
    const jwks = (await api.call<JSONWebKeySet>('GET', '/.well-known/jwks.json')).body;
    const rootKids = jwks.keys.filter((key) => !(DELEGATION_MEMBER in key)).map((key) => key.kid);

    // Act
    const forTicket = await answersByIssuer(api, ticket.body.token, TICKET_TYPE, providerId);
    const forPage = await answersByIssuer(api, page.body.token, REVOCATIONS_TYPE, providerId);

    // Assess
    expect(rootKids).toContain(decodeProtectedHeader(ticket.body.token).kid);
    expect(rootKids).toContain(decodeProtectedHeader(page.body.token).kid);
    expect(forTicket).toEqual(expectedByIssuer());
    expect(forPage).toEqual(expectedByIssuer());
  });

  it('signs a refund docket with the KMS key, and it verifies with plain jose, @kippu/verify and kippu verify --type refund-docket', async () => {
    // Prepare
    const { providerId: audience, read } = await refundedPurchase(api, operatorToken);

    // Act
    const { token } = await read();
    const jwks = (await api.call<JSONWebKeySet>('GET', '/.well-known/jwks.json')).body;

    // Assess
    const rootKids = jwks.keys.filter((key) => !(DELEGATION_MEMBER in key)).map((key) => key.kid);
    expect(rootKids).toContain(decodeProtectedHeader(token).kid);
    expect(await refundDocketVerdicts(api, token, audience)).toEqual({ plain: 'ok', kippu: 'ok', cli: 'ok' });
  }, 120_000);
});
