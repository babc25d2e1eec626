import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { okBody, purchaseReaching, startTestApi, uniqueId, type ApiAnswer, type Party, type TestApi } from '../fixtures/api';

/**
 * SPEC S4's trusted-provider registry and the withdrawal of offers over HTTP: an operator
 * changes a provider's trust (PUT /v1/providers/{id}/proxy-settlement), the offer's provider
 * withdraws an offer (POST /v1/offers/{id}/withdraw); who may, and what each changes.
 */
interface Problem {
  readonly code: string;
  readonly errors?: readonly { field: string; message: string }[];
}
interface Provider {
  readonly id: string;
  readonly proxySettlement: { trusted: boolean; changedAt?: string };
}
interface Offer {
  readonly id: string;
  readonly withdrawnAt?: string;
}
interface Purchase {
  readonly id: string;
  readonly route: 'carrier' | 'wallet';
  readonly status: string;
}

let api: TestApi;
let operator: string;

beforeAll(async () => {
  api = await startTestApi();
  operator = await api.tokenFor('operator', 'op-trust');
});
afterAll(async () => api.close());

const newProvider = (trusted: boolean) =>
  okBody(
    api.call<Provider>('POST', '/v1/providers', {
      token: operator,
      body: { name: 'Harbour Cams', proxySettlement: { trusted }, platformFeeBps: 1_000 },
    }),
  );
const newAgent = () => okBody(api.call<Party>('POST', '/v1/agents', { token: operator, body: { name: 'Carrier', feeBps: 500 } }));
/** A carrier's subscriber with 5,000 JPY in the wallet too. */
const newSubscriber = async (carrier: Party) => {
  const customer = await okBody(
    api.call<Party>('POST', '/v1/customers', {
      token: operator,
      body: { name: 'Aiko', carrier: { agentId: carrier.id, creditLimitMinor: 10_000 } },
    }),
  );
  await okBody(
    api.call('POST', `/v1/customers/${customer.id}/topups`, {
      token: await api.tokenFor('agent', carrier.id),
      body: { amountMinor: 5_000, currency: 'JPY', reference: uniqueId('receipt') },
    }),
  );
  return customer;
};
const newOffer = async (provider: Provider, title: string) =>
  okBody(
    api.call<Offer>('POST', '/v1/offers', {
      token: await api.tokenFor('provider', provider.id),
      body: {
        providerId: provider.id,
        title,
        resource: 'server-1/stream-7',
        priceMinor: 500,
        currency: 'JPY',
        validitySeconds: 3_600,
        capabilities: ['image'],
      },
    }),
  );
const buy = async (customer: Party, offerId: string) =>
  api.call<Purchase & Problem>('POST', '/v1/purchases', {
    token: await api.tokenFor('customer', customer.id),
    headers: { 'idempotency-key': uniqueId('key') },
    body: { offerId },
  });
const setTrust = (token: string, providerId: string, trusted: boolean, key = uniqueId('trust')) =>
  api.call<Provider & Problem>('PUT', `/v1/providers/${providerId}/proxy-settlement`, {
    token,
    headers: { 'idempotency-key': key },
    body: { trusted },
  });
const withdraw = (token: string, offerId: string) =>
  api.call<Offer & Problem>('POST', `/v1/offers/${offerId}/withdraw`, {
    token,
    headers: { 'idempotency-key': uniqueId('withdraw') },
  });
const waitForStatus = async (customer: Party, purchaseId: string, status: string): Promise<Purchase> =>
  purchaseReaching<Purchase>(api, await api.tokenFor('customer', customer.id), purchaseId, status);
const codeOf = (answer: ApiAnswer<Problem>) => [answer.status, answer.body.code];

describe("changing a provider's trust over HTTP", () => {
  it('an operator withdraws trust: the authorized carrier purchase settles on the carrier, the next one pays from the wallet', async () => {
    // Prepare
    const provider = await newProvider(true);
    const carrier = await newAgent();
    const customer = await newSubscriber(carrier);
    const offer = await newOffer(provider, 'Trust change');
    const before = await buy(customer, offer.id);

    // Act
    const key = uniqueId('trust');
    const changed = await setTrust(operator, provider.id, false, key);
    const replayed = await setTrust(operator, provider.id, false, key);
    const read = await api.call<Provider>('GET', `/v1/providers/${provider.id}`, { token: operator });
    const after = await buy(customer, offer.id);
    const settled = await waitForStatus(customer, before.body.id, 'settled');

    // Assess
    expect([before.status, before.body.route]).toEqual([201, 'carrier']);
    expect(changed.status).toBe(200);
    expect(changed.body.proxySettlement).toEqual({ trusted: false, changedAt: expect.any(String) });
    expect(replayed.body).toEqual(changed.body);
    expect(read.body).toEqual(changed.body);
    expect(settled.route).toBe('carrier');
    expect([after.status, after.body.route]).toEqual([201, 'wallet']);
  });

  it('only an operator changes trust: a provider, an agent and a customer get 403; no provider is 404; a bad body is 422', async () => {
    // Prepare
    const provider = await newProvider(false);
    const carrier = await newAgent();
    const customer = await newSubscriber(carrier);

    // Act
    const byProvider = await setTrust(await api.tokenFor('provider', provider.id), provider.id, true);
    const byAgent = await setTrust(await api.tokenFor('agent', carrier.id), provider.id, true);
    const byCustomer = await setTrust(await api.tokenFor('customer', customer.id), provider.id, true);
    const missing = await setTrust(operator, 'prv_missing', true);
    const invalid = await api.call<Problem>('PUT', `/v1/providers/${provider.id}/proxy-settlement`, {
      token: operator,
      body: { trusted: 'yes' },
    });
    const read = await api.call<Provider>('GET', `/v1/providers/${provider.id}`, { token: operator });

    // Assess
    expect([codeOf(byProvider), codeOf(byAgent), codeOf(byCustomer)]).toEqual([
      [403, 'FORBIDDEN'],
      [403, 'FORBIDDEN'],
      [403, 'FORBIDDEN'],
    ]);
    expect(codeOf(missing)).toEqual([404, 'PROVIDER_NOT_FOUND']);
    expect(codeOf(invalid)).toEqual([422, 'VALIDATION_FAILED']);
    expect(read.body.proxySettlement).toEqual({ trusted: false });
  });
});

describe('withdrawing an offer over HTTP', () => {
  it('the provider withdraws: a new purchase is 409 OFFER_WITHDRAWN, the earlier one settles and refunds, listings hide it', async () => {
    // Prepare
    const provider = await newProvider(false);
    const carrier = await newAgent();
    const customer = await newSubscriber(carrier);
    const offer = await newOffer(provider, uniqueId('Withdrawn cam'));
    const kept = await newOffer(provider, uniqueId('Kept cam'));
    const before = await buy(customer, offer.id);
    const providerToken = await api.tokenFor('provider', provider.id);
    const customerToken = await api.tokenFor('customer', customer.id);

    // Act
    const withdrawn = await withdraw(providerToken, offer.id);
    const again = await withdraw(providerToken, offer.id);
    const refused = await buy(customer, offer.id);
    await waitForStatus(customer, before.body.id, 'settled');
    const refund = await api.call<Purchase>('POST', `/v1/purchases/${before.body.id}/refund`, {
      token: providerToken,
      headers: { 'idempotency-key': uniqueId('refund') },
      body: {},
    });
    const read = await api.call<Offer>('GET', `/v1/offers/${offer.id}`, { token: customerToken });
    const listed = await api.call<{ items: Offer[] }>('GET', `/v1/offers?providerId=${provider.id}`, { token: customerToken });
    const ownList = await api.call<{ items: Offer[] }>('GET', `/v1/offers?providerId=${provider.id}&include=withdrawn`, {
      token: providerToken,
    });
    const peeking = await api.call<Problem>('GET', `/v1/offers?providerId=${provider.id}&include=withdrawn`, {
      token: customerToken,
    });

    // Assess
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body).toMatchObject({ id: offer.id, withdrawnAt: expect.any(String) });
    expect(withdrawn.body).not.toHaveProperty('withdrawnBy');
    expect(again.body.withdrawnAt).toBe(withdrawn.body.withdrawnAt);
    expect(codeOf(refused)).toEqual([409, 'OFFER_WITHDRAWN']);
    expect(refused.body.errors).toEqual([{ field: 'offerId', message: 'was withdrawn' }]);
    expect([refund.status, refund.body.status]).toEqual([200, 'refunded']);
    expect(read.body.withdrawnAt).toBe(withdrawn.body.withdrawnAt);
    expect(listed.body.items.map((listedOffer) => listedOffer.id)).toEqual([kept.id]);
    expect(ownList.body.items.map((listedOffer) => listedOffer.id).sort()).toEqual([kept.id, offer.id].sort());
    expect(codeOf(peeking)).toEqual([403, 'FORBIDDEN']);
  });

  it('another provider, an agent and a customer cannot withdraw it (403); an operator can; no offer is 404', async () => {
    // Prepare
    const provider = await newProvider(false);
    const other = await newProvider(false);
    const carrier = await newAgent();
    const customer = await newSubscriber(carrier);
    const offer = await newOffer(provider, 'Guarded cam');

    // Act
    const byOther = await withdraw(await api.tokenFor('provider', other.id), offer.id);
    const byAgent = await withdraw(await api.tokenFor('agent', carrier.id), offer.id);
    const byCustomer = await withdraw(await api.tokenFor('customer', customer.id), offer.id);
    const stillOnSale = await api.call<Offer>('GET', `/v1/offers/${offer.id}`, { token: operator });
    const byOperator = await withdraw(operator, offer.id);
    const missing = await withdraw(operator, 'ofr_missing');

    // Assess
    expect([codeOf(byOther), codeOf(byAgent), codeOf(byCustomer)]).toEqual([
      [403, 'FORBIDDEN'],
      [403, 'FORBIDDEN'],
      [403, 'FORBIDDEN'],
    ]);
    expect(stillOnSale.body.withdrawnAt).toBeUndefined();
    expect(byOperator.body.withdrawnAt).toEqual(expect.any(String));
    expect(codeOf(missing)).toEqual([404, 'OFFER_NOT_FOUND']);
  });
});
