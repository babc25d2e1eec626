import { DOCKET_TYPE, REFUND_DOCKET_TYPE } from '@kippu/verify';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountOf, startTestApi, uniqueId, type ApiAnswer, type Party, type TestApi } from '../fixtures/api';
import { npxKippu } from '../fixtures/cli';
import { answersByIssuer, expectedByIssuer } from '../fixtures/issuers';

/**
 * The purchase path over HTTP against the emulators: the local API runs the same handler
 * modules as Lambda, and its in-process poller feeds the settlement worker real SQS batches.
 * Balances are read through the operator's ledger API.
 */
interface Purchase {
  id: string;
  status: 'authorized' | 'settled' | 'rejected' | 'refunded';
  route: 'carrier' | 'wallet';
  ticket: { id: string; token?: string };
  hold: { transferId: string; expiresAt: string };
  settlement?: { docket: string; split: Record<string, number> };
  refund?: { transferIds: string[]; refundDocketId?: string };
}
interface Problem {
  code: string;
  detail: string;
  errors?: { field: string; message: string }[];
}

const SETTLE_WAIT_MS = 60_000;
const POLL_INTERVAL_MS = 100;
const issuer = process.env.KIPPU_ISSUER ?? '';

let api: TestApi;
let operator: string;

beforeAll(async () => {
  api = await startTestApi();
  operator = await api.tokenFor('operator', 'op-purchases');
});
afterAll(async () => api.close());

const created = async <Body>(answer: Promise<ApiAnswer<Body>>): Promise<Body> => {
  const result = await answer;
  if (result.status !== 201 && result.status !== 200) throw new Error(`expected 201, got ${result.status}: ${result.text}`);
  return result.body;
};

const balances = async (accountId: string): Promise<{ posted: number; pending: number }> => {
  const answer = await api.call<{ balances: { posted: number; pending: number } }>(
    'GET',
    `/v1/accounts/${encodeURIComponent(accountId)}`,
    {
      token: operator,
    },
  );
  if (answer.status !== 200) throw new Error(`account ${accountId}: ${answer.status} ${answer.text}`);
  return answer.body.balances;
};
const posted = async (accountId: string): Promise<number> => (await balances(accountId)).posted;

const newProvider = (trusted: boolean, platformFeeBps = 1_000) =>
  created(
    api.call<Party>('POST', '/v1/providers', {
      token: operator,
      body: { name: 'Harbour Cams', proxySettlement: { trusted }, platformFeeBps },
    }),
  );
const newAgent = (feeBps = 500) =>
  created(api.call<Party>('POST', '/v1/agents', { token: operator, body: { name: 'Carrier One', feeBps } }));
const newCustomer = (carrier?: { agentId: string; creditLimitMinor: number }) =>
  created(
    api.call<Party>('POST', '/v1/customers', {
      token: operator,
      body: { name: 'Aiko', ...(carrier === undefined ? {} : { carrier }) },
    }),
  );
const topUp = async (agent: Party, customer: Party, amountMinor: number) =>
  created(
    api.call('POST', `/v1/customers/${customer.id}/topups`, {
      token: await api.tokenFor('agent', agent.id),
      body: { amountMinor, currency: 'JPY', reference: uniqueId('receipt') },
    }),
  );
const newOffer = async (provider: Party, priceMinor: number, title = 'Harbour live camera') =>
  created(
    api.call<{ id: string }>('POST', '/v1/offers', {
      token: await api.tokenFor('provider', provider.id),
      body: {
        providerId: provider.id,
        title,
        resource: 'server-1/stream-7',
        priceMinor,
        currency: 'JPY',
        validitySeconds: 3_600,
        capabilities: ['image', 'voice'],
      },
    }),
  );
/** Buying goes through the typed client generated from the document (clients/typescript). */
const buy = async (customer: Party, body: { offerId: string; route?: 'carrier' | 'wallet' }, key = uniqueId('key')) => {
  const answer = await api
    .client(await api.tokenFor('customer', customer.id))
    .POST('/v1/purchases', { params: { header: { 'Idempotency-Key': key } }, body });
  return {
    status: answer.response.status,
    headers: answer.response.headers,
    body: (answer.data ?? answer.error) as unknown as Purchase & Problem,
  };
};

/** Bounded polling of an HTTP result (not a sleep on time logic): the worker runs in the background. */
const waitForStatus = async (customer: Party, purchaseId: string, status: Purchase['status']): Promise<Purchase> => {
  const client = api.client(await api.tokenFor('customer', customer.id));
  const deadline = Date.now() + SETTLE_WAIT_MS;
  for (;;) {
    const { data } = await client.GET('/v1/purchases/{id}', { params: { path: { id: purchaseId } } });
    if (data?.status === status) return data as Purchase;
    if (Date.now() > deadline) throw new Error(`purchase ${purchaseId} is still ${data?.status}, not ${status}`);
    await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
  }
};

describe('buying and settling over HTTP', () => {
  it('a customer tops up, buys, and the worker settles with exact balances and a docket that verifies against the JWKS', async () => {
    // Prepare
    const provider = await newProvider(false, 1_000);
    const kiosk = await newAgent(300);
    const customer = await newCustomer();
    await topUp(kiosk, customer, 5_000);
    const offer = await newOffer(provider, 999);
    const platform = 'platform-fees:JPY';
    const platformBefore = await posted(platform);

    // Act
    const answer = await buy(customer, { offerId: offer.id });
    const settled = await waitForStatus(customer, answer.body.id, 'settled');
    const asProvider = api.client(await api.tokenFor('provider', provider.id));
    const docket = await asProvider.GET('/v1/purchases/{id}/docket', { params: { path: { id: answer.body.id } } });

    // Assess
    expect(answer.status).toBe(201);
    expect(docket.data?.token).toBe(settled.settlement?.docket);
    expect(answer.body).toMatchObject({ status: 'authorized', route: 'wallet', hold: { transferId: expect.any(String) } });
    expect(answer.body.ticket.token?.split('.')).toHaveLength(3);
    expect(Date.parse(answer.body.hold.expiresAt)).toBeGreaterThan(Date.now());
    expect(await balances(accountOf(customer, 'wallet'))).toEqual(expect.objectContaining({ posted: 4_001, pending: 0 }));
    expect(await posted(accountOf(provider, 'revenue'))).toBe(900);
    expect((await posted(platform)) - platformBefore).toBe(99);
    const jwks = createRemoteJWKSet(new URL(`${api.url}/.well-known/jwks.json`));
    const { payload } = await jwtVerify(settled.settlement?.docket ?? '', jwks, {
      issuer,
      audience: provider.id,
      typ: 'kippu-docket+jwt',
      algorithms: ['ES256'],
    });
    expect(payload).toMatchObject({
      pur: answer.body.id,
      route: 'wallet',
      prv: provider.id,
      amounts: { grossMinor: 999, providerNetMinor: 900, platformFeeMinor: 99, carrierFeeMinor: 0 },
    });
  });

  it('a trusted provider is paid through the carrier account, and the carrier earns its fee', async () => {
    // Prepare
    const provider = await newProvider(true, 1_000);
    const carrier = await newAgent(500);
    const customer = await newCustomer({ agentId: carrier.id, creditLimitMinor: 10_000 });
    const offer = await newOffer(provider, 2_000);

    // Act
    const answer = await buy(customer, { offerId: offer.id });
    const settled = await waitForStatus(customer, answer.body.id, 'settled');

    // Assess
    expect(answer.body.route).toBe('carrier');
    expect(await balances(accountOf(customer, 'carrier'))).toEqual(expect.objectContaining({ posted: -2_000, pending: 0 }));
    expect(await posted(accountOf(provider, 'revenue'))).toBe(1_700);
    expect(await posted(accountOf(carrier, 'agentFees'))).toBe(100);
    const jwks = createRemoteJWKSet(new URL(`${api.url}/.well-known/jwks.json`));
    const { payload } = await jwtVerify(settled.settlement?.docket ?? '', jwks, {
      issuer,
      audience: carrier.id,
      typ: 'kippu-docket+jwt',
    });
    expect(payload).toMatchObject({ route: 'carrier', agt: carrier.id });
  });

  it("the provider's answers about a carrier-route purchase name neither the carrier nor the payer; the customer's do", async () => {
    // Prepare
    const provider = await newProvider(true, 1_000);
    const carrier = await newAgent(500);
    const customer = await newCustomer({ agentId: carrier.id, creditLimitMinor: 10_000 });
    const offer = await newOffer(provider, 2_000);
    const bought = await buy(customer, { offerId: offer.id });
    await waitForStatus(customer, bought.body.id, 'settled');
    const providerToken = await api.tokenFor('provider', provider.id);
    const key = uniqueId('refund');

    // Act
    const read = await api.call<Record<string, unknown>>('GET', `/v1/purchases/${bought.body.id}`, { token: providerToken });
    const refund = () =>
      api.call<Record<string, unknown>>('POST', `/v1/purchases/${bought.body.id}/refund`, {
        token: providerToken,
        headers: { 'idempotency-key': key },
      });
    const refunded = await refund();
    const replayed = await refund();
    const byCustomer = await api.call<Record<string, unknown>>('GET', `/v1/purchases/${bought.body.id}`, {
      token: await api.tokenFor('customer', customer.id),
    });

    // Assess
    expect(bought.body).toMatchObject({ route: 'carrier', agentId: carrier.id });
    expect(read.status).toBe(200);
    expect(refunded.status).toBe(200);
    expect(replayed.headers.get('idempotent-replayed')).toBe('true');
    for (const answer of [read, refunded, replayed]) {
      expect(answer.body).toMatchObject({ route: 'carrier', providerId: provider.id });
      expect(answer.body).not.toHaveProperty('agentId');
      expect(answer.body).not.toHaveProperty('payerAccountId');
      expect(answer.body).not.toHaveProperty('customerId');
    }
    expect(byCustomer.body).toMatchObject({ agentId: carrier.id, customerId: customer.id, status: 'refunded' });
  });

  it('over the credit limit the wallet pays, and with an empty wallet too the answer is a 402 that names both routes', async () => {
    // Prepare
    const provider = await newProvider(true);
    const carrier = await newAgent();
    const funded = await newCustomer({ agentId: carrier.id, creditLimitMinor: 1_000 });
    const broke = await newCustomer({ agentId: carrier.id, creditLimitMinor: 1_000 });
    await topUp(carrier, funded, 3_000);
    const offer = await newOffer(provider, 1_500);

    // Act
    const fallback = await buy(funded, { offerId: offer.id });
    const refused = await buy(broke, { offerId: offer.id });

    // Assess
    expect(fallback.status).toBe(201);
    expect(fallback.body.route).toBe('wallet');
    expect(refused.status).toBe(402);
    expect(refused.headers.get('content-type')).toBe('application/problem+json');
    expect(refused.body).toMatchObject({
      code: 'NO_PAYMENT_ROUTE',
      routes: { carrier: 'CREDIT_LIMIT_EXCEEDED', wallet: 'INSUFFICIENT_FUNDS' },
    });
    // The request named no route: the problem names no field (README: one `errors` entry per field sent).
    expect(refused.body.errors).toBeUndefined();
    expect(await balances(accountOf(broke, 'carrier'))).toEqual(expect.objectContaining({ posted: 0, pending: 0 }));
    await waitForStatus(funded, fallback.body.id, 'settled');
  });

  it('twenty concurrent purchases with wallet funds for exactly five: five tickets, fifteen clean 402s, no hold left behind', async () => {
    // Prepare
    const provider = await newProvider(false, 1_000);
    const kiosk = await newAgent();
    const customer = await newCustomer();
    await topUp(kiosk, customer, 5_000);
    const offer = await newOffer(provider, 1_000);

    // Act
    const answers = await Promise.all(Array.from({ length: 20 }, () => buy(customer, { offerId: offer.id })));
    const bought = answers.filter((answer) => answer.status === 201);
    await Promise.all(bought.map((answer) => waitForStatus(customer, answer.body.id, 'settled')));

    // Assess
    expect(bought).toHaveLength(5);
    expect(new Set(bought.map((answer) => answer.body.ticket.id)).size).toBe(5);
    const refused = answers.filter((answer) => answer.status !== 201);
    expect(refused.map((answer) => [answer.status, answer.body.code])).toEqual(Array(15).fill([402, 'INSUFFICIENT_FUNDS']));
    expect(await balances(accountOf(customer, 'wallet'))).toEqual(expect.objectContaining({ posted: 0, pending: 0 }));
    expect(await balances(accountOf(provider, 'revenue'))).toEqual(expect.objectContaining({ posted: 4_500, pending: 0 }));
  });
});

describe('idempotency of purchases', () => {
  it('the same Idempotency-Key returns the same purchase and ticket, and a different body with it is refused naming the field', async () => {
    // Prepare
    const provider = await newProvider(false);
    const kiosk = await newAgent();
    const customer = await newCustomer();
    await topUp(kiosk, customer, 5_000);
    const offer = await newOffer(provider, 1_000);
    const otherOffer = await newOffer(provider, 1_200);
    const key = uniqueId('key');

    // Act
    const first = await buy(customer, { offerId: offer.id }, key);
    const again = await buy(customer, { offerId: offer.id }, key);
    const changed = await buy(customer, { offerId: otherOffer.id }, key);

    // Assess
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body.id).toBe(first.body.id);
    expect(again.body.ticket).toEqual(first.body.ticket);
    expect(changed.status).toBe(422);
    expect(changed.body).toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED', errors: [{ field: 'offerId' }] });
    await waitForStatus(customer, first.body.id, 'settled');
    expect(await posted(accountOf(customer, 'wallet'))).toBe(4_000);
  });

  it("a purchase's Idempotency-Key is the customer's on every route: reused on another route it is a 422 naming the purchase", async () => {
    // Prepare: a customer buys with a key, then asks a one-time password for the ticket with it.
    const provider = await newProvider(false);
    const kiosk = await newAgent();
    const customer = await newCustomer();
    await topUp(kiosk, customer, 5_000);
    const offer = await newOffer(provider, 1_000);
    const key = uniqueId('key');
    const bought = await buy(customer, { offerId: offer.id }, key);
    const token = await api.tokenFor('customer', customer.id);

    // Act
    const otp = await api.call<Problem>('POST', `/v1/tickets/${bought.body.ticket.id}/otp`, {
      token,
      headers: { 'idempotency-key': key },
    });
    const again = await buy(customer, { offerId: offer.id }, key);

    // Assess
    expect(bought.status).toBe(201);
    expect(otp.status).toBe(422);
    expect(otp.body).toMatchObject({
      code: 'IDEMPOTENCY_KEY_REUSED',
      // The password request names its ticket as a field of the request (its path's id).
      detail: 'This Idempotency-Key was used for a different request (POST /v1/purchases) with another offerId, ticketId.',
      errors: [
        { field: '(request)', message: 'the key was used for POST /v1/purchases' },
        { field: 'offerId' },
        { field: 'ticketId' },
      ],
    });
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body.id).toBe(bought.body.id);
  });

  it('a key used on another route first buys nothing: the purchase is a 422 naming that route, and that route still replays', async () => {
    // Prepare: the customer asks a one-time password for a ticket that needs none (a stored 409), then buys with the key.
    const provider = await newProvider(false);
    const kiosk = await newAgent();
    const customer = await newCustomer();
    await topUp(kiosk, customer, 5_000);
    const offer = await newOffer(provider, 1_000);
    const { body: earlier } = await buy(customer, { offerId: offer.id });
    await waitForStatus(customer, earlier.id, 'settled');
    const token = await api.tokenFor('customer', customer.id);
    const key = uniqueId('key');
    const otpPath = `/v1/tickets/${earlier.ticket.id}/otp`;
    const otp = await api.call<Problem>('POST', otpPath, { token, headers: { 'idempotency-key': key } });

    // Act
    const purchase = await buy(customer, { offerId: offer.id }, key);
    const otpAgain = await api.call<Problem>('POST', otpPath, { token, headers: { 'idempotency-key': key } });

    // Assess
    expect([otp.status, otp.body.code]).toEqual([409, 'OTP_NOT_REQUIRED']);
    expect(purchase.status).toBe(422);
    expect(purchase.body).toMatchObject({
      code: 'IDEMPOTENCY_KEY_REUSED',
      detail: `This Idempotency-Key was used for a different request (POST ${otpPath}) with another offerId, ticketId.`,
      errors: [
        { field: '(request)', message: `the key was used for POST ${otpPath}` },
        { field: 'offerId' },
        { field: 'ticketId' },
      ],
    });
    expect([otpAgain.status, otpAgain.headers.get('idempotent-replayed')]).toEqual([409, 'true']);
    expect(await balances(accountOf(customer, 'wallet'))).toMatchObject({ posted: 4_000, pending: 0 });
    const { data: listed } = await api.client(token).GET('/v1/purchases');
    expect(listed?.items.map((item) => item.id)).toEqual([earlier.id]);
  });

  it('a 402 is the stored answer for its key: after a top-up the same key replays it, and a new key buys', async () => {
    // Prepare
    const provider = await newProvider(false);
    const kiosk = await newAgent();
    const customer = await newCustomer();
    const offer = await newOffer(provider, 1_000);
    const key = uniqueId('key');
    const refused = await buy(customer, { offerId: offer.id }, key);
    await topUp(kiosk, customer, 1_000);

    // Act
    const sameKey = await buy(customer, { offerId: offer.id }, key);
    const newKey = await buy(customer, { offerId: offer.id });

    // Assess
    expect([refused.status, refused.body.code]).toEqual([402, 'INSUFFICIENT_FUNDS']);
    expect([sameKey.status, sameKey.body.code]).toEqual([402, 'INSUFFICIENT_FUNDS']);
    expect(sameKey.headers.get('idempotent-replayed')).toBe('true');
    expect(newKey.status).toBe(201);
    await waitForStatus(customer, newKey.body.id, 'settled');
  });

  it('a purchase without an Idempotency-Key is a 400', async () => {
    // Prepare
    const customer = await newCustomer();

    // Act
    const answer = await api.call<Problem>('POST', '/v1/purchases', {
      token: await api.tokenFor('customer', customer.id),
      body: { offerId: 'ofr_x' },
    });

    // Assess
    expect(answer.status).toBe(400);
    expect(answer.body.code).toBe('MISSING_IDEMPOTENCY_KEY');
  });

  it('a body that names offerId twice (I-JSON forbids it) is a 400 naming it: nothing is bought, and the key stays free', async () => {
    // Prepare: two offers, the cheaper one last, as a reader that keeps the last value would buy it.
    const provider = await newProvider(false, 0);
    const kiosk = await newAgent(0);
    const customer = await newCustomer();
    await topUp(kiosk, customer, 5_000);
    const dear = await newOffer(provider, 1_001);
    const cheap = await newOffer(provider, 1);
    const token = await api.tokenFor('customer', customer.id);
    const key = uniqueId('key');
    const send = (rawBody: string) =>
      api.call<Problem>('POST', '/v1/purchases', {
        token,
        rawBody,
        headers: { 'content-type': 'application/json', 'idempotency-key': key },
      });

    // Act
    const repeated = await send(`{"offerId":"${dear.id}","offerId":"${cheap.id}"}`);
    const escaped = await send(`{"offerId":"${dear.id}","\\u006FfferId":"${cheap.id}"}`);
    const listed = await api.call<{ items: unknown[] }>('GET', '/v1/purchases', { token });
    const wallet = await balances(accountOf(customer, 'wallet'));
    const corrected = await send(`{"offerId":"${dear.id}"}`);

    // Assess
    for (const answer of [repeated, escaped]) {
      expect(answer.status).toBe(400);
      expect(answer.body).toMatchObject({ code: 'MALFORMED_JSON', errors: [{ field: 'offerId' }] });
      expect(answer.body.detail).toContain('"offerId"');
    }
    expect(listed.body.items).toEqual([]);
    expect(wallet).toEqual(expect.objectContaining({ posted: 5_000, pending: 0 }));
    expect(corrected.status).toBe(201);
    expect(corrected.body).toMatchObject({ amountMinor: 1_001 });
  });

  it('a top-up repeated with the same reference credits once, and the reference with another amount is a 409 naming it', async () => {
    // Prepare
    const kiosk = await newAgent();
    const customer = await newCustomer();
    const token = await api.tokenFor('agent', kiosk.id);
    const reference = uniqueId('receipt');

    // Act
    const first = await api.call('POST', `/v1/customers/${customer.id}/topups`, {
      token,
      body: { amountMinor: 700, currency: 'JPY', reference },
    });
    const again = await api.call('POST', `/v1/customers/${customer.id}/topups`, {
      token,
      body: { amountMinor: 700, currency: 'JPY', reference },
    });
    const changed = await api.call<Problem>('POST', `/v1/customers/${customer.id}/topups`, {
      token,
      body: { amountMinor: 900, currency: 'JPY', reference },
    });

    // Assess
    expect(first.status).toBe(201);
    expect(again.status).toBe(200);
    expect(changed.status).toBe(409);
    expect(changed.body).toMatchObject({ code: 'TOPUP_REFERENCE_REUSED', errors: [{ field: 'amountMinor' }] });
    expect(await posted(accountOf(customer, 'wallet'))).toBe(700);
  });
});

interface TopUp {
  id: string;
  amountMinor: number;
  feeMinor: number;
  collectedMinor: number;
  feeTransferId?: string;
}

describe("a kiosk's collection fee on top-ups", () => {
  const kioskAt = (topUpFeeBps: number) =>
    created(
      api.call<Party & { topUpFeeBps: number }>('POST', '/v1/agents', {
        token: operator,
        body: { name: 'Corner Kiosk', feeBps: 200, topUpFeeBps },
      }),
    );

  it('an agent at 250 bps tops up 10,000: the wallet gets 10,000, its cash owes 10,250, its fees earn 250; a repeat is the same 200', async () => {
    // Prepare
    const kiosk = await kioskAt(250);
    const customer = await newCustomer();
    const token = await api.tokenFor('agent', kiosk.id);
    const request = { token, body: { amountMinor: 10_000, currency: 'JPY', reference: uniqueId('receipt') } };

    // Act
    const first = await api.call<TopUp>('POST', `/v1/customers/${customer.id}/topups`, request);
    const repeat = await api.call<TopUp>('POST', `/v1/customers/${customer.id}/topups`, request);

    // Assess
    expect(kiosk.topUpFeeBps).toBe(250);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ amountMinor: 10_000, feeMinor: 250, collectedMinor: 10_250 });
    expect(first.body.feeTransferId).toEqual(expect.any(String));
    expect(repeat.status).toBe(200);
    expect(repeat.body).toEqual(first.body);
    expect(await posted(accountOf(customer, 'wallet'))).toBe(10_000);
    expect(await posted(accountOf(kiosk, 'agentCash'))).toBe(-10_250);
    expect(await posted(accountOf(kiosk, 'agentFees'))).toBe(250);
  });

  it('rounds the fee down at an odd amount, and an agent with the default rate adds nothing', async () => {
    // Prepare
    const kiosk = await kioskAt(250);
    const plain = await newAgent();
    const customer = await newCustomer();
    const topUpBy = async (agent: Party, amountMinor: number) =>
      api.call<TopUp>('POST', `/v1/customers/${customer.id}/topups`, {
        token: await api.tokenFor('agent', agent.id),
        body: { amountMinor, currency: 'JPY', reference: uniqueId('receipt') },
      });

    // Act
    const odd = await topUpBy(kiosk, 999);
    const free = await topUpBy(plain, 999);

    // Assess
    expect(odd.body).toMatchObject({ amountMinor: 999, feeMinor: 24, collectedMinor: 1_023 });
    expect(free.body).toMatchObject({ amountMinor: 999, feeMinor: 0, collectedMinor: 999 });
    expect(free.body).not.toHaveProperty('feeTransferId');
    expect(await posted(accountOf(customer, 'wallet'))).toBe(1_998);
    expect(await posted(accountOf(kiosk, 'agentCash'))).toBe(-1_023);
    expect(await posted(accountOf(kiosk, 'agentFees'))).toBe(24);
    expect(await posted(accountOf(plain, 'agentFees'))).toBe(0);
  });

  it('topUpFeeBps outside 0 to 10,000 is a 422 naming the field; an agent created without it shows 0', async () => {
    // Act
    const refusals = await Promise.all(
      [-1, 10_001, 2.5].map((topUpFeeBps) =>
        api.call<Problem>('POST', '/v1/agents', { token: operator, body: { name: 'Kiosk', feeBps: 100, topUpFeeBps } }),
      ),
    );
    const plain = await newAgent();
    const whole = await kioskAt(10_000);

    // Assess
    for (const refusal of refusals) {
      expect(refusal.status).toBe(422);
      expect(refusal.body.code).toBe('VALIDATION_FAILED');
      expect(refusal.body.errors?.map((error) => error.field)).toEqual(['topUpFeeBps']);
    }
    expect(plain).toMatchObject({ feeBps: 500, topUpFeeBps: 0 });
    expect(whole).toMatchObject({ topUpFeeBps: 10_000 });
  });
});

describe('refunds and the signed revocation list', () => {
  it('a refund returns every party balance to its prior value and the signed list names the revoked ticket', async () => {
    // Prepare
    const provider = await newProvider(true, 1_000);
    const carrier = await newAgent(500);
    const customer = await newCustomer({ agentId: carrier.id, creditLimitMinor: 10_000 });
    const offer = await newOffer(provider, 1_000);
    const accounts = [accountOf(customer, 'carrier'), accountOf(provider, 'revenue'), accountOf(carrier, 'agentFees')];
    const before = await Promise.all(accounts.map(posted));
    const platformBefore = await posted('platform-fees:JPY');
    const bought = await buy(customer, { offerId: offer.id });
    await waitForStatus(customer, bought.body.id, 'settled');
    const providerToken = await api.tokenFor('provider', provider.id);

    // Act
    const refund = await api.call<Purchase>('POST', `/v1/purchases/${bought.body.id}/refund`, { token: providerToken });
    const list = await api.call<{ token: string; version: number; latestVersion: number; more: boolean }>(
      'GET',
      `/v1/providers/${provider.id}/revocations?since=0`,
      { token: providerToken },
    );

    // Assess
    expect(refund.status).toBe(200);
    expect(refund.body.status).toBe('refunded');
    expect(refund.body.refund?.transferIds).toHaveLength(3);
    expect(await Promise.all(accounts.map(posted))).toEqual(before);
    expect(await posted('platform-fees:JPY')).toBe(platformBefore);
    expect(list.status).toBe(200);
    const jwks = createRemoteJWKSet(new URL(`${api.url}/.well-known/jwks.json`));
    const { payload } = await jwtVerify(list.body.token, jwks, {
      issuer,
      audience: provider.id,
      typ: 'kippu-revocations+jwt',
      algorithms: ['ES256'],
    });
    expect(payload).toMatchObject({
      since: 0,
      ver: 1,
      latest: 1,
      more: false,
      revoked: [{ jti: bought.body.ticket.id, ver: 1 }],
    });
    const ticket = await api.call<{ status: string }>('GET', `/v1/tickets/${bought.body.ticket.id}`, { token: providerToken });
    expect(ticket.body.status).toBe('revoked');
  });

  it('only the provider itself reads its revocation list; another provider gets a 404', async () => {
    // Prepare
    const provider = await newProvider(false);
    const other = await newProvider(false);

    // Act
    const answer = await api.call<Problem>('GET', `/v1/providers/${provider.id}/revocations`, {
      token: await api.tokenFor('provider', other.id),
    });

    // Assess
    expect(answer.status).toBe(404);
    expect(answer.body.code).toBe('PROVIDER_NOT_FOUND');
  });
});

describe('kippu verify --revocations against the local API', () => {
  const kippu = (args: readonly string[]) => npxKippu(['verify', ...args]);
  /** The served JWK Set, the issuer and the provider as audience. */
  const keysOf = (provider: Party) => ['--jwks', `${api.url}/.well-known/jwks.json`, '--iss', issuer, '--aud', provider.id];
  const listOf = (provider: Party) => `${api.url}/v1/providers/${provider.id}/revocations`;
  /** A provider with an offer at 1,000 and a customer whose wallet holds `walletMinor`. */
  const scene = async (walletMinor: number) => {
    const provider = await newProvider(false);
    const customer = await newCustomer();
    await topUp(await newAgent(), customer, walletMinor);
    return { provider, customer, offer: await newOffer(provider, 1_000) };
  };

  it("a refunded ticket fails with REVOKED against the provider's signed list, and a kept ticket passes", async () => {
    // Prepare
    const { provider, customer, offer } = await scene(3_000);
    const refunded = await buy(customer, { offerId: offer.id });
    const kept = await buy(customer, { offerId: offer.id });
    await waitForStatus(customer, refunded.body.id, 'settled');
    const providerToken = await api.tokenFor('provider', provider.id);
    const refund = await api.call('POST', `/v1/purchases/${refunded.body.id}/refund`, { token: providerToken });
    const common = [...keysOf(provider), '--revocations', listOf(provider), '--token', providerToken];

    // Act
    const revoked = await kippu([refunded.body.ticket.token ?? '', ...common]);
    const valid = await kippu([kept.body.ticket.token ?? '', ...common]);

    // Assess
    expect(refund.status).toBe(200);
    expect(revoked.code).toBe(1);
    expect(revoked.stderr).toMatch(new RegExp(`^rejected: REVOKED: Ticket ${refunded.body.ticket.id} is on the revocation list`));
    expect(valid.code).toBe(0);
    expect(JSON.parse(valid.stdout)).toMatchObject({
      valid: true,
      claims: { jti: kept.body.ticket.id },
      revocations: { version: 1 },
    });
    await waitForStatus(customer, kept.body.id, 'settled');
  });

  it('without a bearer token the list cannot be fetched: the CLI says so and exits 2, never passing the ticket', async () => {
    // Prepare
    const provider = await newProvider(false);
    const holder = await newCustomer();
    const ticket = await api.call<{ token: string }>('POST', '/v1/tickets', {
      token: await api.tokenFor('provider', provider.id),
      body: { providerId: provider.id, holderId: holder.id, resource: 'cam/1', validitySeconds: 60, capabilities: ['image'] },
    });

    // Act
    const answer = await kippu([ticket.body.token, ...keysOf(provider), '--revocations', listOf(provider)]);

    // Assess
    expect(answer.code).toBe(2);
    expect(answer.stdout).toBe('');
    expect(answer.stderr).toMatch(/answered 401/);
  });

  it('a settled docket verifies with --type docket, and is WRONG_ISSUER against another issuer or a trailing slash', async () => {
    // Prepare
    const { provider, customer, offer } = await scene(1_000);
    const bought = await buy(customer, { offerId: offer.id });
    const settled = await waitForStatus(customer, bought.body.id, 'settled');

    // Act
    const answer = await kippu([settled.settlement?.docket ?? '', '--type', 'docket', ...keysOf(provider)]);
    const byIssuer = await answersByIssuer(api, settled.settlement?.docket ?? '', DOCKET_TYPE, provider.id);

    // Assess
    expect(answer.code).toBe(0);
    expect(JSON.parse(answer.stdout)).toMatchObject({
      valid: true,
      header: { typ: 'kippu-docket+jwt' },
      claims: { pur: bought.body.id },
    });
    expect(byIssuer).toEqual(expectedByIssuer());
  });
});

describe('revocation list versions over HTTP', () => {
  it('since beyond the latest version is a 422 naming since, so a page never claims a version the list has not reached', async () => {
    // Prepare
    const provider = await newProvider(false);
    const token = await api.tokenFor('provider', provider.id);
    const read = (since: number) =>
      api.call<Problem & { since: number; version: number; latestVersion: number; count: number; more: boolean }>(
        'GET',
        `/v1/providers/${provider.id}/revocations?since=${since}`,
        { token },
      );

    // Act
    const outOfSchema = await read(9_999_999_999_998);
    const largest = await read(999_999_999_999);
    const ahead = await read(100);
    const latest = await read(0);

    // Assess
    for (const refused of [outOfSchema, largest, ahead]) {
      expect(refused.status).toBe(422);
      expect(refused.body.code).toBe('VALIDATION_FAILED');
      expect(refused.body.errors?.map((issue) => issue.field)).toEqual(['since']);
    }
    expect(latest.status).toBe(200);
    expect(latest.body).toMatchObject({ since: 0, version: 0, latestVersion: 0, count: 0, more: false });
  });

  it('the list of a provider that is not registered is a 404, not a signed empty list', async () => {
    // Act
    const answer = await api.call<Problem>('GET', '/v1/providers/prv_nope/revocations', { token: operator });

    // Assess
    expect(answer.status).toBe(404);
    expect(answer.body.code).toBe('PROVIDER_NOT_FOUND');
  });
});

describe('ownership of purchases', () => {
  it("customer B can neither read nor refund customer A's purchase", async () => {
    // Prepare
    const provider = await newProvider(false);
    const kiosk = await newAgent();
    const alice = await newCustomer();
    const bob = await newCustomer();
    await topUp(kiosk, alice, 2_000);
    const offer = await newOffer(provider, 1_000);
    const bought = await buy(alice, { offerId: offer.id });
    const bobToken = await api.tokenFor('customer', bob.id);

    // Act
    const read = await api.call<Problem>('GET', `/v1/purchases/${bought.body.id}`, { token: bobToken });
    const refund = await api.call<Problem>('POST', `/v1/purchases/${bought.body.id}/refund`, { token: bobToken });
    const ownRefund = await api.call<Problem>('POST', `/v1/purchases/${bought.body.id}/refund`, {
      token: await api.tokenFor('customer', alice.id),
    });

    // Assess
    expect(read.status).toBe(404);
    expect(read.body.code).toBe('PURCHASE_NOT_FOUND');
    expect(refund.status).toBe(404);
    expect(refund.body.code).toBe('PURCHASE_NOT_FOUND');
    expect(ownRefund.status).toBe(403);
    const settled = await waitForStatus(alice, bought.body.id, 'settled');
    expect(settled.refund).toBeUndefined();
  });
});

describe('holds and dockets that belong to a purchase', () => {
  it("an operator can neither post nor void a purchase's hold through the ledger API: 409 naming the purchase", async () => {
    // Prepare
    const provider = await newProvider(false);
    const kiosk = await newAgent();
    const customer = await newCustomer();
    await topUp(kiosk, customer, 2_000);
    const offer = await newOffer(provider, 777);
    const bought = await buy(customer, { offerId: offer.id });
    const holdId = bought.body.hold.transferId;

    // Act
    const post = await api.call<Problem & { flow: string; ownerId: string }>('POST', `/v1/transfers/${holdId}/post`, {
      token: operator,
      body: {},
    });
    const voided = await api.call<Problem & { flow: string }>('POST', `/v1/transfers/${holdId}/void`, {
      token: operator,
      body: {},
    });
    const settled = await waitForStatus(customer, bought.body.id, 'settled');
    const refund = await api.call<Purchase>('POST', `/v1/purchases/${bought.body.id}/refund`, { token: operator, body: {} });

    // Assess
    expect(post.status).toBe(409);
    expect(post.body).toMatchObject({ code: 'PENDING_TRANSFER_OWNED_BY_FLOW', flow: 'purchase', ownerId: bought.body.id });
    expect(voided.status).toBe(409);
    expect(voided.body).toMatchObject({ code: 'PENDING_TRANSFER_OWNED_BY_FLOW', flow: 'purchase' });
    expect(settled.status).toBe('settled');
    expect(refund.status).toBe(200);
    expect(refund.body.status).toBe('refunded');
    expect(await balances(accountOf(customer, 'wallet'))).toEqual(expect.objectContaining({ posted: 2_000, pending: 0 }));
  });

  it("an operator cannot reverse a settled purchase's legs or its refund's reversals through the ledger API: 409, and the refund still works", async () => {
    // Prepare
    const provider = await newProvider(false);
    const kiosk = await newAgent();
    const customer = await newCustomer();
    await topUp(kiosk, customer, 2_000);
    const offer = await newOffer(provider, 1_000);
    const bought = await buy(customer, { offerId: offer.id });
    const settled = await waitForStatus(customer, bought.body.id, 'settled');
    const hold = await api.call<{ resolvedByTransferId: string }>('GET', `/v1/transfers/${bought.body.hold.transferId}`, {
      token: operator,
    });
    const postLeg = await api.call<{ id: string; debitAccountId: string; creditAccountId: string; amountMinor: number }>(
      'GET',
      `/v1/transfers/${hold.body.resolvedByTransferId}`,
      { token: operator },
    );
    const reverse = (original: { id: string; debitAccountId: string; creditAccountId: string; amountMinor: number }) =>
      api.call<Problem & { flow: string; ownerId: string }>('POST', '/v1/transfers', {
        token: operator,
        body: {
          id: uniqueId('oprev'),
          debitAccountId: original.creditAccountId,
          creditAccountId: original.debitAccountId,
          amountMinor: original.amountMinor,
          currency: 'JPY',
          reversesTransferId: original.id,
        },
      });

    // Act
    const reversed = await reverse(postLeg.body);
    const refund = await api.call<Purchase>('POST', `/v1/purchases/${bought.body.id}/refund`, { token: operator, body: {} });
    const refundLegs = await Promise.all(
      (refund.body.refund?.transferIds ?? []).map(
        async (id) =>
          (
            await api.call<{ id: string; debitAccountId: string; creditAccountId: string; amountMinor: number }>(
              'GET',
              `/v1/transfers/${id}`,
              { token: operator },
            )
          ).body,
      ),
    );
    const undone = await Promise.all(refundLegs.map(reverse));

    // Assess
    expect(settled.status).toBe('settled');
    expect(reversed.status).toBe(409);
    expect(reversed.body).toMatchObject({ code: 'TRANSFER_OWNED_BY_FLOW', flow: 'purchase', ownerId: bought.body.id });
    expect(reversed.body.errors).toEqual([
      { field: 'reversesTransferId', message: expect.stringMatching(/^transfer /) as unknown },
    ]);
    expect(refund.status).toBe(200);
    expect(refund.body.status).toBe('refunded');
    expect(refundLegs.length).toBeGreaterThan(0);
    expect(undone.map((answer) => [answer.status, answer.body.code])).toEqual(
      refundLegs.map(() => [409, 'TRANSFER_OWNED_BY_FLOW']),
    );
    expect(await balances(accountOf(customer, 'wallet'))).toEqual(expect.objectContaining({ posted: 2_000, pending: 0 }));
    expect(await posted(`revenue:${provider.id}:JPY`)).toBe(0);
  });

  it('the carrier agent of a carrier-route purchase reads its docket; another agent gets a 404', async () => {
    // Prepare
    const provider = await newProvider(true, 1_000);
    const carrier = await newAgent(500);
    const stranger = await newAgent(500);
    const customer = await newCustomer({ agentId: carrier.id, creditLimitMinor: 10_000 });
    const offer = await newOffer(provider, 1_000);
    const bought = await buy(customer, { offerId: offer.id });
    const settled = await waitForStatus(customer, bought.body.id, 'settled');

    // Act
    const byCarrier = await api.call<{ token: string }>('GET', `/v1/purchases/${bought.body.id}/docket`, {
      token: await api.tokenFor('agent', carrier.id),
    });
    const byStranger = await api.call<Problem>('GET', `/v1/purchases/${bought.body.id}/docket`, {
      token: await api.tokenFor('agent', stranger.id),
    });

    // Assess
    expect(byCarrier.status).toBe(200);
    expect(byCarrier.body.token).toBe(settled.settlement?.docket);
    const jwks = createRemoteJWKSet(new URL(`${api.url}/.well-known/jwks.json`));
    await expect(jwtVerify(byCarrier.body.token, jwks, { issuer, audience: carrier.id })).resolves.toBeDefined();
    expect(byStranger.status).toBe(404);
    expect(byStranger.body.code).toBe('PURCHASE_NOT_FOUND');
  });
});

describe('the refund docket of a carrier-route purchase', () => {
  it('after a refund the carrier reads an unchanged docket and a signed refund docket reversing each leg; strangers get 404', async () => {
    // Prepare: a carrier-route purchase at 999 (platform 10 %, carrier 3 %), settled, then refunded.
    const provider = await newProvider(true, 1_000);
    const carrier = await newAgent(300);
    const customer = await newCustomer({ agentId: carrier.id, creditLimitMinor: 10_000 });
    const offer = await newOffer(provider, 999);
    const bought = await buy(customer, { offerId: offer.id });
    const settled = await waitForStatus(customer, bought.body.id, 'settled');
    const path = `/v1/purchases/${bought.body.id}`;
    const asCarrier = await api.tokenFor('agent', carrier.id);
    const beforeRefund = await api.call<Problem>('GET', `${path}/refund-docket`, { token: asCarrier });
    const refunded = await api.call<Purchase>('POST', `${path}/refund`, { token: await api.tokenFor('provider', provider.id) });
    const strangers = {
      agent: await api.tokenFor('agent', (await newAgent()).id),
      customer: await api.tokenFor('customer', (await newCustomer()).id),
      provider: await api.tokenFor('provider', (await newProvider(true)).id),
    };

    // Act
    const docket = await api.call<{ token: string }>('GET', `${path}/docket`, { token: asCarrier });
    const refundDocket = await api.call<{ token: string; docketId: string; refundDocketId: string }>(
      'GET',
      `${path}/refund-docket`,
      { token: asCarrier },
    );
    const byReaders = await Promise.all(
      [await api.tokenFor('customer', customer.id), await api.tokenFor('provider', provider.id), operator].map(
        async (token) => (await api.call<{ token: string }>('GET', `${path}/refund-docket`, { token })).body.token,
      ),
    );
    const byStrangers = await Promise.all(
      Object.values(strangers).map(async (token) => {
        const answer = await api.call<Problem>('GET', `${path}/refund-docket`, { token });
        return [answer.status, answer.body.code];
      }),
    );
    const retried = await api.call<Purchase>('POST', `${path}/refund`, { token: await api.tokenFor('provider', provider.id) });
    const again = await api.call<{ token: string }>('GET', `${path}/refund-docket`, { token: asCarrier });

    // Assess: the docket is the settlement's, byte for byte; the refund docket reverses it.
    expect(beforeRefund.status).toBe(404);
    expect(beforeRefund.body.code).toBe('REFUND_DOCKET_NOT_FOUND');
    expect(refunded.status).toBe(200);
    expect(docket.body.token).toBe(settled.settlement?.docket);
    expect(refundDocket.status).toBe(200);
    expect(refundDocket.body.refundDocketId).toBe(refunded.body.refund?.refundDocketId);
    const jwks = createRemoteJWKSet(new URL(`${api.url}/.well-known/jwks.json`));
    const verifiedDocket = await jwtVerify(docket.body.token, jwks, { issuer, audience: carrier.id, typ: 'kippu-docket+jwt' });
    const { payload, protectedHeader } = await jwtVerify(refundDocket.body.token, jwks, {
      issuer,
      audience: carrier.id,
      typ: 'kippu-refund-docket+jwt',
    });
    expect(protectedHeader.typ).toBe(REFUND_DOCKET_TYPE);
    expect(payload).toMatchObject({
      pur: bought.body.id,
      dkt: verifiedDocket.payload.jti,
      jti: refundDocket.body.refundDocketId,
      sub: verifiedDocket.payload.sub,
      aud: [provider.id, carrier.id],
      route: 'carrier',
      agt: carrier.id,
      cur: 'JPY',
      amounts: { grossMinor: 999, platformFeeMinor: 99, carrierFeeMinor: 29, providerNetMinor: 871 },
    });
    expect(payload.legs).toEqual(
      (verifiedDocket.payload.legs as string[]).map((rev, index) => ({
        kind: ['post', 'platformFee', 'carrierFee'][index],
        trf: refunded.body.refund?.transferIds[index],
        rev,
        amountMinor: [999, 99, 29][index],
      })),
    );
    expect(byReaders).toEqual([refundDocket.body.token, refundDocket.body.token, refundDocket.body.token]);
    expect(byStrangers).toEqual([
      [404, 'PURCHASE_NOT_FOUND'],
      [404, 'PURCHASE_NOT_FOUND'],
      [404, 'PURCHASE_NOT_FOUND'],
    ]);
    expect(retried.body.refund).toEqual(refunded.body.refund);
    expect(again.body.token).toBe(refundDocket.body.token);
    expect(await answersByIssuer(api, refundDocket.body.token, REFUND_DOCKET_TYPE, carrier.id)).toEqual(expectedByIssuer());
    expect(await answersByIssuer(api, refundDocket.body.token, REFUND_DOCKET_TYPE, provider.id)).toEqual(expectedByIssuer());
  });
});

describe('offers over HTTP', () => {
  it('a keyword search by provider pages through the offers with a cursor, newest first', async () => {
    // Prepare
    const provider = await newProvider(false);
    const word = uniqueId('kw').replaceAll('-', '');
    for (let index = 0; index < 3; index += 1) await newOffer(provider, 100 + index, `${word} camera ${index}`);
    await newOffer(provider, 999, 'unrelated');
    const token = await api.tokenFor('customer', 'cus-browser');

    // Act
    const first = await api.call<{ items: { priceMinor: number }[]; nextCursor?: string }>(
      'GET',
      `/v1/offers?providerId=${provider.id}&q=${word}&limit=2`,
      { token },
    );
    const second = await api.call<{ items: { priceMinor: number }[]; nextCursor?: string }>(
      'GET',
      `/v1/offers?providerId=${provider.id}&q=${word}&limit=2&cursor=${first.body.nextCursor ?? ''}`,
      { token },
    );

    // Assess
    expect(first.status).toBe(200);
    expect([...first.body.items, ...second.body.items].map((offer) => offer.priceMinor).sort()).toEqual([100, 101, 102]);
    expect(second.body.nextCursor).toBeUndefined();
  });

  it('a crafted cursor with an empty sort key is a 400 INVALID_CURSOR, not a 500', async () => {
    // Prepare
    const provider = await newProvider(false);
    const crafted = Buffer.from(
      JSON.stringify({ pk: 'OFFER#x', sk: '', gsi1pk: `OFFERS#PROVIDER#${provider.id}`, gsi1sk: '' }),
    ).toString('base64url');

    // Act
    const answer = await api.call<Problem>('GET', `/v1/offers?providerId=${provider.id}&cursor=${crafted}`, {
      token: await api.tokenFor('customer', 'cus-browser'),
    });

    // Assess
    expect(answer.status).toBe(400);
    expect(answer.body.code).toBe('INVALID_CURSOR');
  });

  it('a provider cannot create an offer for another provider', async () => {
    // Prepare
    const provider = await newProvider(false);
    const other = await newProvider(false);

    // Act
    const answer = await api.call<Problem>('POST', '/v1/offers', {
      token: await api.tokenFor('provider', other.id),
      body: {
        providerId: provider.id,
        resource: 'a/b',
        priceMinor: 1,
        currency: 'JPY',
        validitySeconds: 60,
        capabilities: ['image'],
      },
    });

    // Assess
    expect(answer.status).toBe(403);
    expect(answer.body.code).toBe('FORBIDDEN');
  });
});

describe("a customer's purchases", () => {
  it('lists its own newest first, filtered by status and paginated; an operator names the customer; nobody else sees them', async () => {
    // Prepare
    const provider = await newProvider(false, 0);
    const kiosk = await newAgent(0);
    const customer = await newCustomer();
    const stranger = await newCustomer();
    await topUp(kiosk, customer, 5_000);
    const offer = await newOffer(provider, 100);
    const first = await buy(customer, { offerId: offer.id });
    const second = await buy(customer, { offerId: offer.id });
    await waitForStatus(customer, first.body.id, 'settled');
    await waitForStatus(customer, second.body.id, 'settled');
    const asCustomer = api.client(await api.tokenFor('customer', customer.id));
    const asStranger = api.client(await api.tokenFor('customer', stranger.id));
    const asOperator = api.client(operator);

    // Act
    const page1 = await asCustomer.GET('/v1/purchases', { params: { query: { limit: 1 } } });
    const page2 = await asCustomer.GET('/v1/purchases', { params: { query: { limit: 1, cursor: page1.data?.nextCursor } } });
    const settled = await asCustomer.GET('/v1/purchases', { params: { query: { status: 'settled' } } });
    const refunded = await asCustomer.GET('/v1/purchases', { params: { query: { status: 'refunded' } } });
    const strangers = await asStranger.GET('/v1/purchases');
    const peeking = await asStranger.GET('/v1/purchases', { params: { query: { customerId: customer.id } } });
    const byOperator = await asOperator.GET('/v1/purchases', { params: { query: { customerId: customer.id } } });
    const operatorUnnamed = await asOperator.GET('/v1/purchases');
    const byProvider = await api.client(await api.tokenFor('provider', provider.id)).GET('/v1/purchases');
    const crafted = await asCustomer.GET('/v1/purchases', {
      params: {
        query: { cursor: Buffer.from(JSON.stringify({ customerId: customer.id, after: 'PURCHASE#x' })).toString('base64url') },
      },
    });
    const othersCursor = await asStranger.GET('/v1/purchases', { params: { query: { cursor: page1.data?.nextCursor } } });

    // Assess
    const newestFirst = [second.body.id, first.body.id];
    expect([...(page1.data?.items ?? []), ...(page2.data?.items ?? [])].map((purchase) => purchase.id)).toEqual(newestFirst);
    expect(page1.data?.items).toHaveLength(1);
    expect(settled.data?.items.map((purchase) => [purchase.id, purchase.status])).toEqual(
      newestFirst.map((id) => [id, 'settled']),
    );
    expect(refunded.data).toEqual({ items: [] });
    expect(strangers.data).toEqual({ items: [] });
    expect([peeking.response.status, peeking.error?.code]).toEqual([404, 'CUSTOMER_NOT_FOUND']);
    expect(byOperator.data?.items.map((purchase) => purchase.id)).toEqual(newestFirst);
    expect([operatorUnnamed.response.status, operatorUnnamed.error?.code]).toEqual([422, 'VALIDATION_FAILED']);
    expect([byProvider.response.status, byProvider.error?.code]).toEqual([403, 'FORBIDDEN']);
    expect([crafted.response.status, crafted.error?.code]).toEqual([400, 'INVALID_CURSOR']);
    expect([othersCursor.response.status, othersCursor.error?.code]).toEqual([400, 'INVALID_CURSOR']);
  });
});
