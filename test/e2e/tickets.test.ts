import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify, type JSONWebKeySet } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TICKET_TYPE } from '../../shared/domain/tickets/jws';
import { verifyTicket } from '@kippu/verify';
import { registerCustomer, registerProvider, startTestApi, uniqueId, type TestApi } from '../fixtures/api';

interface TicketBody {
  id: string;
  token: string;
  providerId: string;
  holderId?: string;
  subject: string;
  expiresAt: string;
  notBefore: string;
  status: string;
}

let api: TestApi;
let operatorToken: string;
/** Registered parties: a ticket is signed only for a registered provider and customer. */
let camera: string;
let other: string;
let holder: string;
const issuer = process.env.KIPPU_ISSUER ?? '';

beforeAll(async () => {
  api = await startTestApi();
  operatorToken = await api.tokenFor('operator', 'op-1');
  [camera, other, holder] = await Promise.all([
    registerProvider(api),
    registerProvider(api, 'Other Cams'),
    registerCustomer(api),
  ]);
});
afterAll(async () => api.close());

const issue = async (overrides: Record<string, unknown> = {}, token = operatorToken, headers: Record<string, string> = {}) =>
  api.call<TicketBody>('POST', '/v1/tickets', {
    token,
    headers,
    body: {
      providerId: camera,
      holderId: holder,
      resource: 'server-1/stream-7',
      validitySeconds: 3600,
      capabilities: ['image', 'voice'],
      ...overrides,
    },
  });

describe('issuing tickets through KMS', () => {
  it('an operator issues a ticket that jose verifies against the JWKS served over HTTP', async () => {
    // Prepare
    const jwks = createRemoteJWKSet(new URL(`${api.url}/.well-known/jwks.json`));

    // Act
    const answer = await issue({ otp: true, maxUses: 3 });

    // Assess
    expect(answer.status).toBe(201);
    expect(answer.body.id).toMatch(/^tkt_/);
    const { payload, protectedHeader } = await jwtVerify(answer.body.token, jwks, {
      algorithms: ['ES256'],
      issuer,
      audience: camera,
      typ: TICKET_TYPE,
    });
    expect(protectedHeader.alg).toBe('ES256');
    expect(payload).toMatchObject({
      jti: answer.body.id,
      res: 'server-1/stream-7',
      cap: ['image', 'voice'],
      max: 3,
      otp: true,
    });
    expect(payload.sub).toMatch(/^sub_/);
    expect(payload.exp! - payload.nbf!).toBe(3600);
  });

  it('the token carries a pseudonym, not the holder id, stable per provider and different across providers', async () => {
    // Prepare
    const holderId = await registerCustomer(api);

    // Act
    const first = await issue({ holderId });
    const second = await issue({ holderId });
    const elsewhere = await issue({ holderId, providerId: other });

    // Assess
    expect(first.body.subject).toBe(second.body.subject);
    expect(first.body.subject).not.toBe(elsewhere.body.subject);
    expect(first.body.token).not.toContain(Buffer.from(holderId).toString('base64url'));
    expect(JSON.parse(Buffer.from(first.body.token.split('.')[1]!, 'base64url').toString()).sub).not.toBe(holderId);
  });

  it('the JWKS answers with cache headers and one ES256 key per signing key', async () => {
    // Act
    const answer = await api.call<JSONWebKeySet>('GET', '/.well-known/jwks.json');

    // Assess
    expect(answer.status).toBe(200);
    expect(answer.headers.get('cache-control')).toMatch(/public, max-age=\d+/);
    expect(answer.body.keys.length).toBeGreaterThanOrEqual(1);
    expect(answer.body.keys[0]).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig' });
    expect(answer.body.keys[0]).not.toHaveProperty('d');
  });

  it('the same Idempotency-Key returns the same ticket and a different body with it is refused naming the field', async () => {
    // Prepare
    const key = uniqueId('key');
    const holderId = await registerCustomer(api);

    // Act
    const first = await issue({ holderId }, operatorToken, { 'idempotency-key': key });
    const again = await issue({ holderId }, operatorToken, { 'idempotency-key': key });
    const changed = await issue({ holderId, resource: 'server-2/stream-1' }, operatorToken, { 'idempotency-key': key });

    // Assess
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body.token).toBe(first.body.token);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(changed.status).toBe(422);
    expect(changed.headers.get('content-type')).toBe('application/problem+json');
    expect(changed.body).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED', errors: [{ field: 'resource' }] });
  });

  it('concurrent requests with one Idempotency-Key produce exactly one ticket', async () => {
    // Prepare
    const key = uniqueId('key');
    const holderId = await registerCustomer(api);

    // Act
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => issue({ holderId }, operatorToken, { 'idempotency-key': key })),
    );

    // Assess
    const tokens = new Set(answers.filter((answer) => answer.status === 201).map((answer) => answer.body.token));
    expect(tokens.size).toBe(1);
    for (const answer of answers) expect([201, 409]).toContain(answer.status);
  });
});

describe('reading tickets', () => {
  it('the holder, the provider and an operator can read a ticket; the provider does not see the holder id', async () => {
    // Prepare
    const holderId = await registerCustomer(api);
    const issued = await issue({ holderId });
    const path = `/v1/tickets/${issued.body.id}`;

    // Act
    const byHolder = await api.call<TicketBody>('GET', path, { token: await api.tokenFor('customer', holderId) });
    const byProvider = await api.call<TicketBody>('GET', path, { token: await api.tokenFor('provider', camera) });
    const byOperator = await api.call<TicketBody>('GET', path, { token: operatorToken });

    // Assess
    expect(byHolder.status).toBe(200);
    expect(byHolder.body.holderId).toBe(holderId);
    expect(byProvider.status).toBe(200);
    expect(byProvider.body).not.toHaveProperty('holderId');
    expect(byProvider.body.subject).toBe(issued.body.subject);
    expect(byOperator.status).toBe(200);
  });

  it("a customer cannot read another holder's ticket, nor a provider another provider's", async () => {
    // Prepare
    const issued = await issue();
    const path = `/v1/tickets/${issued.body.id}`;

    // Act
    const otherCustomer = await api.call('GET', path, { token: await api.tokenFor('customer', await registerCustomer(api)) });
    const otherProvider = await api.call('GET', path, { token: await api.tokenFor('provider', other) });

    // Assess
    expect(otherCustomer.status).toBe(404);
    expect(otherCustomer.body).toMatchObject({ code: 'TICKET_NOT_FOUND' });
    expect(otherProvider.status).toBe(404);
  });
});

describe('who may issue', () => {
  it('a provider or a holder that is not registered is a 404: nothing is signed for parties that do not exist', async () => {
    // Act
    const ghostProvider = await issue({ providerId: 'prv_ghost' });
    const ghostHolder = await issue({ holderId: 'cus_nope' });
    const ghostOwnProvider = await issue({ providerId: 'prv_ghost' }, await api.tokenFor('provider', 'prv_ghost'));

    // Assess
    expect(ghostProvider.status).toBe(404);
    expect(ghostProvider.body).toMatchObject({ code: 'PROVIDER_NOT_FOUND', errors: [{ field: 'providerId' }] });
    expect(ghostHolder.status).toBe(404);
    expect(ghostHolder.body).toMatchObject({ code: 'CUSTOMER_NOT_FOUND', errors: [{ field: 'holderId' }] });
    expect(ghostOwnProvider.status).toBe(404);
    expect(ghostOwnProvider.body).not.toHaveProperty('token');
  });

  it('no token is 401, a customer is 403, a provider issuing for another provider is 403, for itself 201', async () => {
    // Act
    const anonymous = await api.call('POST', '/v1/tickets', { body: {} });
    const customer = await issue({}, await api.tokenFor('customer', 'cust-1'));
    const foreignProvider = await issue({ providerId: camera }, await api.tokenFor('provider', other));
    const ownProvider = await issue({ providerId: camera }, await api.tokenFor('provider', camera));

    // Assess
    expect(anonymous.status).toBe(401);
    expect(anonymous.body).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(customer.status).toBe(403);
    expect(customer.body).toMatchObject({ code: 'FORBIDDEN' });
    expect(foreignProvider.status).toBe(403);
    expect(ownProvider.status).toBe(201);
  });

  it('a token signed with another secret is 401', async () => {
    // Prepare
    const valid = await api.tokenFor('operator', 'op-1');
    const [header, payload] = valid.split('.');
    const forged = `${header}.${payload}.${Buffer.alloc(32).toString('base64url')}`;

    // Act
    const answer = await api.call('GET', '/v1/tickets/tkt_x', { token: forged });

    // Assess
    expect(answer.status).toBe(401);
  });
});

describe('offline verification of a KMS-signed ticket', () => {
  it("kippu's verifier accepts the issued ticket and names its claims", async () => {
    // Prepare
    const issued = await issue();
    const jwks = (await api.call<JSONWebKeySet>('GET', '/.well-known/jwks.json')).body;

    // Act
    const result = await verifyTicket(issued.body.token, { jwks, issuer, audience: camera });

    // Assess
    expect(result.ok).toBe(true);
    expect(decodeProtectedHeader(issued.body.token).typ).toBe(TICKET_TYPE);
  });
});
