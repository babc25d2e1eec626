import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApi, type TestApi } from '../fixtures/api';
import { PASSWORD, codeFor, newDevice, registerCustomer, signIn, uniqueEmail } from '../fixtures/identity';

/**
 * The identity flow over HTTP against the emulators, as a client sees it: register, read the
 * code from the local outbox, confirm, sign in from the registered device with a DPoP proof,
 * and use the Cognito access token (issued by moto, checked against the pool's JWKS by the
 * local gateway) on customer endpoints.
 */
let api: TestApi;
let operator: string;

beforeAll(async () => {
  api = await startTestApi();
  operator = await api.tokenFor('operator', 'op-identity');
});
afterAll(async () => api.close());

const created = async <Body>(answer: Promise<{ status: number; text: string; body: Body }>): Promise<Body> => {
  const result = await answer;
  if (result.status !== 201 && result.status !== 200) throw new Error(`expected 201, got ${result.status}: ${result.text}`);
  return result.body;
};

describe('a customer who registers, confirms and signs in from the device', () => {
  it('buys with the access token and reads the purchase', async () => {
    // Prepare: a registered customer; a provider with an offer; an agent who tops up the wallet
    const email = uniqueEmail('buyer');
    const device = await newDevice();
    const registration = await api.call<{ id: string; status: string; expiresAt: string }>('POST', '/v1/registrations', {
      body: { email, password: PASSWORD, device: { name: 'phone', publicJwk: device.publicJwk } },
    });
    expect(registration.status).toBe(201);
    expect(registration.body).toMatchObject({ status: 'provisional' });
    const outbox = await api.call<{ to: string; kind: string; code: string; at: string }[]>(
      'GET',
      `/local/outbox?to=${encodeURIComponent(email)}`,
    );
    expect(outbox.body).toEqual([
      { to: email, kind: 'registration-code', code: expect.stringMatching(/^\d{6}$/), at: expect.any(String) },
    ]);
    const confirmation = await api.call<{ status: string; customerId: string }>(
      'POST',
      `/v1/registrations/${registration.body.id}/confirm`,
      {
        body: { code: outbox.body[0]?.code },
      },
    );
    expect(confirmation.status).toBe(200);
    expect(confirmation.body).toEqual({ status: 'confirmed', customerId: expect.stringMatching(/^cus_/) });
    const customer = { email, password: PASSWORD, device, customerId: confirmation.body.customerId };

    const provider = await created(
      api.call<{ id: string }>('POST', '/v1/providers', {
        token: operator,
        body: { name: 'Harbour Cams', proxySettlement: { trusted: false }, platformFeeBps: 1_000 },
      }),
    );
    const agent = await created(
      api.call<{ id: string }>('POST', '/v1/agents', { token: operator, body: { name: 'Kiosk', feeBps: 0 } }),
    );
    const agentToken = await api.tokenFor('agent', agent.id);
    await created(
      api.call('POST', `/v1/customers/${customer.customerId}/topups`, {
        token: agentToken,
        body: { amountMinor: 5_000, currency: 'JPY', reference: `receipt-${customer.customerId}` },
      }),
    );
    const offer = await created(
      api.call<{ id: string }>('POST', '/v1/offers', {
        token: await api.tokenFor('provider', provider.id),
        body: {
          providerId: provider.id,
          resource: 'cam-1/live',
          priceMinor: 1_200,
          currency: 'JPY',
          validitySeconds: 3600,
          capabilities: ['image'],
        },
      }),
    );

    // Act
    const session = await signIn(api, customer);
    const purchase = await api.call<{ id: string; status: string }>('POST', '/v1/purchases', {
      token: session.body.accessToken,
      headers: { 'idempotency-key': `buy-${customer.customerId}` },
      body: { offerId: offer.id },
    });
    const read = await api.call<{ id: string }>('GET', `/v1/purchases/${purchase.body.id}`, { token: session.body.accessToken });

    // Assess
    expect(session.status).toBe(201);
    expect(session.body).toEqual({
      accessToken: expect.any(String),
      expiresIn: expect.any(Number),
      deviceId: expect.stringMatching(/^dev_/),
    });
    expect(session.body.accessToken.split('.')).toHaveLength(3);
    expect(purchase.status).toBe(201);
    expect(purchase.body.status).toBe('authorized');
    expect(read.status).toBe(200);
    expect(read.body.id).toBe(purchase.body.id);
  });

  it('lists the registered device, with its thumbprint, to the customer', async () => {
    const customer = await registerCustomer(api, 'lister');
    const session = await signIn(api, customer);

    const devices = await api.call<{ items: { id: string; name: string; jkt: string }[]; nextCursor: string | null }>(
      'GET',
      '/v1/devices',
      {
        token: session.body.accessToken,
      },
    );

    expect(devices.status).toBe(200);
    expect(devices.body).toEqual({
      items: [
        expect.objectContaining({ id: session.body.deviceId, name: 'phone', jkt: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) }),
      ],
      nextCursor: null,
    });
  });
});
