import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  accountOf,
  okBody,
  purchaseReaching,
  startTestApi,
  uniqueId,
  type ApiAnswer,
  type Party,
  type TestApi,
} from '../fixtures/api';
import { registerCustomer, signIn } from '../fixtures/identity';

/**
 * A customer who really signs in (registration, confirmation, a sign-in with a DPoP proof) becomes a
 * carrier's subscriber over HTTP: the carrier makes a one-time code, the customer redeems it,
 * and buys from a provider trusted for proxy settlement on the carrier route.
 */
interface Problem {
  code: string;
}

let api: TestApi;
let operator: string;

beforeAll(async () => {
  api = await startTestApi();
  operator = await api.tokenFor('operator', 'op-carrier-links');
});
afterAll(async () => api.close());

/** The body of a 201 (anything else fails the test, naming it). */
const created = <Body>(answer: Promise<ApiAnswer<Body>>): Promise<Body> => okBody(answer, [201]);

const balances = async (accountId: string) =>
  (
    await api.call<{ balances: { posted: number; pending: number } }>('GET', `/v1/accounts/${encodeURIComponent(accountId)}`, {
      token: operator,
    })
  ).body.balances;

describe('a signed-in customer becomes a carrier subscriber with a one-time code', () => {
  it('redeems the carrier code, buys from a trusted provider on the carrier route, and the carrier earns its fee', async () => {
    // Prepare: a registered, signed-in customer; a carrier at 5 %; a trusted provider at 10 % with an offer
    const customer = await registerCustomer(api, 'subscriber');
    const session = await signIn(api, customer);
    expect(session.status).toBe(201);
    const token = session.body.accessToken;
    const carrier = await created(
      api.call<Party>('POST', '/v1/agents', { token: operator, body: { name: 'Carrier One', feeBps: 500 } }),
    );
    const carrierToken = await api.tokenFor('agent', carrier.id);
    const provider = await created(
      api.call<Party>('POST', '/v1/providers', {
        token: operator,
        body: { name: 'Harbour Cams', proxySettlement: { trusted: true }, platformFeeBps: 1_000 },
      }),
    );
    const offer = await created(
      api.call<{ id: string }>('POST', '/v1/offers', {
        token: await api.tokenFor('provider', provider.id),
        body: {
          providerId: provider.id,
          resource: 'cam-1/live',
          priceMinor: 2_000,
          currency: 'JPY',
          validitySeconds: 3_600,
          capabilities: ['image'],
        },
      }),
    );
    const before = await api.call<Problem>('POST', '/v1/purchases', {
      token,
      headers: { 'idempotency-key': uniqueId('buy') },
      body: { offerId: offer.id, route: 'carrier' },
    });
    const linkKey = uniqueId('link');
    const link = await created(
      api.call<{ id: string; code: string; expiresAt: string }>('POST', `/v1/agents/${carrier.id}/carrier-links`, {
        token: carrierToken,
        headers: { 'idempotency-key': linkKey },
        body: { creditLimitMinor: 10_000 },
      }),
    );
    const linkReplay = await api.call<Record<string, unknown>>('POST', `/v1/agents/${carrier.id}/carrier-links`, {
      token: carrierToken,
      headers: { 'idempotency-key': linkKey },
      body: { creditLimitMinor: 10_000 },
    });

    // Act
    const redeemed = await api.call<Party>('POST', '/v1/me/carrier-account', {
      token,
      headers: { 'idempotency-key': uniqueId('redeem') },
      body: { code: link.code },
    });
    const me = await api.call<Party & { kind: string }>('GET', '/v1/me', { token });
    const bought = await api.call<{ id: string; route: string }>('POST', '/v1/purchases', {
      token,
      headers: { 'idempotency-key': uniqueId('buy') },
      body: { offerId: offer.id },
    });
    const { status } = await purchaseReaching(api, token, bought.body.id, 'settled');
    const reuse = await api.call<Problem>('POST', '/v1/me/carrier-account', {
      token: (await signIn(api, await registerCustomer(api, 'latecomer'))).body.accessToken,
      body: { code: link.code },
    });

    // Assess
    expect([before.status, before.body.code]).toEqual([409, 'CARRIER_ACCOUNT_NOT_FOUND']);
    expect(link.code).toMatch(/^clc_/);
    expect(linkReplay.status).toBe(201);
    expect(linkReplay.body).not.toHaveProperty('code');
    expect(linkReplay.body.id).toBe(link.id);
    expect(redeemed.status).toBe(201);
    expect(redeemed.body).toMatchObject({
      id: customer.customerId,
      carrier: { agentId: carrier.id, creditLimitMinor: 10_000, currency: 'JPY' },
    });
    expect(me.body).toMatchObject({ kind: 'customer', carrier: { agentId: carrier.id } });
    expect(me.body.accounts.map((account) => account.kind)).toEqual(['wallet', 'carrier']);
    expect(bought.status).toBe(201);
    expect(bought.body.route).toBe('carrier');
    expect(status).toBe('settled');
    expect(await balances(accountOf(redeemed.body, 'carrier'))).toEqual(expect.objectContaining({ posted: -2_000, pending: 0 }));
    expect((await balances(accountOf(provider, 'revenue'))).posted).toBe(1_700);
    expect((await balances(accountOf(carrier, 'agentFees'))).posted).toBe(100);
    expect([reuse.status, reuse.body.code]).toEqual([409, 'CARRIER_LINK_USED']);
  });
});
