import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { issueDevClientToken } from '../../scripts/local/dev-tokens';
import { startTestApi, type TestApi } from '../fixtures/api';

/**
 * Machine credentials over HTTP: an operator (or the party itself) gets a Cognito app client
 * from moto; the local token endpoint exchanges its id and secret for a client-credentials
 * token (sub = the client id, scope kippu/provider); that token acts as the mapped provider
 * on every endpoint, and as nobody else.
 */
let api: TestApi;
let operator: string;

beforeAll(async () => {
  api = await startTestApi();
  operator = await api.tokenFor('operator', 'op-machines');
});
afterAll(async () => api.close());

interface Credentials {
  clientId: string;
  clientSecret?: string;
  tokenUrl: string;
  scope: string;
}
interface Problem {
  code: string;
}

const newProvider = async (): Promise<string> => {
  const answer = await api.call<{ id: string }>('POST', '/v1/providers', {
    token: operator,
    body: { name: 'Machine Provider', proxySettlement: { trusted: false }, platformFeeBps: 0 },
  });
  if (answer.status !== 201) throw new Error(`provider: ${answer.status} ${answer.text}`);
  return answer.body.id;
};

const clientToken = (credentials: { clientId: string; clientSecret?: string }, scope?: string) =>
  api.call<{ access_token: string; token_type: string; expires_in: number; error?: string }>('POST', '/local/oauth2/token', {
    rawBody: new URLSearchParams({ grant_type: 'client_credentials', ...(scope === undefined ? {} : { scope }) }).toString(),
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `Basic ${Buffer.from(`${credentials.clientId}:${credentials.clientSecret ?? ''}`).toString('base64')}`,
    },
  });

const offerFor = (token: string, providerId: string) =>
  api.call<Problem & { id: string; providerId: string }>('POST', '/v1/offers', {
    token,
    body: { providerId, resource: 'cam-9/live', priceMinor: 500, currency: 'JPY', validitySeconds: 600, capabilities: ['image'] },
  });

describe('machine credentials of a provider', () => {
  it('hand out a client whose token acts as that provider and as nobody else', async () => {
    // Prepare
    const [mine, theirs] = [await newProvider(), await newProvider()];
    const issued = await api.call<Credentials>('POST', `/v1/providers/${mine}/credentials`, { token: operator });
    const token = await clientToken(issued.body);
    const claims = JSON.parse(Buffer.from(token.body.access_token.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<
      string,
      unknown
    >;

    // Act
    const ownOffer = await offerFor(token.body.access_token, mine);
    const otherOffer = await offerFor(token.body.access_token, theirs);
    const ownList = await api.call('GET', `/v1/providers/${mine}/revocations`, { token: token.body.access_token });
    const otherList = await api.call<Problem>('GET', `/v1/providers/${theirs}/revocations`, { token: token.body.access_token });
    const asOperator = await api.call<Problem>('POST', '/v1/providers', {
      token: token.body.access_token,
      body: { name: 'Nope', proxySettlement: { trusted: false }, platformFeeBps: 0 },
    });

    // Assess
    expect(issued.status).toBe(201);
    expect(issued.body).toEqual({
      clientId: expect.any(String),
      clientSecret: expect.any(String),
      tokenUrl: expect.stringMatching(/\/local\/oauth2\/token$/),
      scope: 'kippu/provider',
    });
    expect(token.status).toBe(200);
    expect(claims).toMatchObject({ sub: issued.body.clientId, client_id: issued.body.clientId, scope: 'kippu/provider' });
    expect(ownOffer.status).toBe(201);
    expect(ownOffer.body.providerId).toBe(mine);
    expect(otherOffer.status).toBe(403);
    expect(ownList.status).toBe(200);
    expect([otherList.status, otherList.body.code]).toEqual([404, 'PROVIDER_NOT_FOUND']);
    expect([asOperator.status, asOperator.body.code]).toEqual([403, 'FORBIDDEN']);
  });

  it('refuses a client-credentials token of a client kippu never mapped', async () => {
    const stray = await issueDevClientToken('stray-client-id', 'kippu/provider');

    const answer = await api.call<Problem>('GET', '/v1/offers', { token: stray });

    expect([answer.status, answer.body.code]).toEqual([401, 'CLIENT_NOT_REGISTERED']);
  });

  it('lets a provider manage its own credentials and not another’s, and stops the token endpoint after a delete', async () => {
    // Prepare
    const [mine, theirs] = [await newProvider(), await newProvider()];
    const first = await api.call<Credentials>('POST', `/v1/providers/${mine}/credentials`, { token: operator });
    const machine = (await clientToken(first.body)).body.access_token;

    // Act
    const second = await api.call<Credentials>('POST', `/v1/providers/${mine}/credentials`, {
      token: machine,
      headers: { 'idempotency-key': 'second-credential' },
    });
    const replay = await api.call<Credentials>('POST', `/v1/providers/${mine}/credentials`, {
      token: machine,
      headers: { 'idempotency-key': 'second-credential' },
    });
    const foreign = await api.call<Problem>('POST', `/v1/providers/${theirs}/credentials`, { token: machine });
    const deleted = await api.call('DELETE', `/v1/providers/${mine}/credentials/${second.body.clientId}`, { token: machine });
    const deletedAgain = await api.call<Problem>('DELETE', `/v1/providers/${mine}/credentials/${second.body.clientId}`, {
      token: machine,
    });
    const afterDelete = await clientToken(second.body);
    const wrongScope = await clientToken(first.body, 'kippu/operator');

    // Assess
    expect(second.status).toBe(201);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.body).toEqual({ clientId: second.body.clientId, tokenUrl: second.body.tokenUrl, scope: 'kippu/provider' });
    expect([foreign.status, foreign.body.code]).toEqual([404, 'PROVIDER_NOT_FOUND']);
    expect(deleted.status).toBe(204);
    expect([deletedAgain.status, deletedAgain.body.code]).toEqual([404, 'CREDENTIAL_NOT_FOUND']);
    expect([afterDelete.status, afterDelete.body.error]).toEqual([401, 'invalid_client']);
    expect([wrongScope.status, wrongScope.body.error]).toEqual([400, 'invalid_scope']);
  });
});

describe('machine credentials of an agent', () => {
  it('act as the agent: it tops up a customer’s wallet with its own cash', async () => {
    const agent = await api.call<{ id: string }>('POST', '/v1/agents', {
      token: operator,
      body: { name: 'Kiosk Nine', feeBps: 0 },
    });
    const customer = await api.call<{ id: string }>('POST', '/v1/customers', { token: operator, body: { name: 'Walk-in' } });
    const issued = await api.call<Credentials>('POST', `/v1/agents/${agent.body.id}/credentials`, { token: operator });
    const token = (await clientToken(issued.body)).body.access_token;

    const topUp = await api.call<{ agentId: string }>('POST', `/v1/customers/${customer.body.id}/topups`, {
      token,
      body: { amountMinor: 1_000, currency: 'JPY', reference: `cash-${customer.body.id}` },
    });

    expect(issued.body.scope).toBe('kippu/agent');
    expect(topUp.status).toBe(201);
    expect(topUp.body.agentId).toBe(agent.body.id);
  });
});
