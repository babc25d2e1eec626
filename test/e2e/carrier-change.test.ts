import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootstrapLocalResources } from '../../scripts/local/bootstrap';
import { localClock, okBody, pollAnswer, startTestApi, uniqueId, type ApiAnswer, type TestApi } from '../fixtures/api';

/**
 * Leaving and changing carrier over HTTP (docs/identity.md, "Leaving or changing carrier"): a
 * customer links to carrier A and buys on the carrier route, leaves, buys from its wallet; A's
 * statement and the customer's bill for the month still show what was owed to A, which A
 * collects; then the customer links to carrier B and buys through it, and B ends the subscription.
 *
 * The month is billed on the local test clock, which is process-wide: this file runs in a stage
 * of its own (its own tables, queues and keys), as the billing e2e does.
 */
interface Party {
  id: string;
}
interface Customer extends Party {
  carrier?: { agentId: string };
  formerCarrier?: { agentId: string; creditLimitMinor: number; currency: string; endedAt: string };
  accounts: { kind: string; id: string }[];
}
interface Problem {
  code: string;
  detail: string;
}
interface Statement {
  kind: string;
  totals: Record<string, unknown>;
  lines: { kind: string; amountMinor: number; transferId?: string }[];
}

let api: TestApi;
let operator: string;

beforeAll(async () => {
  const stage = `carr${randomBytes(4).toString('hex')}`;
  Object.assign(process.env, await bootstrapLocalResources({}, stage));
  api = await startTestApi(stage);
  operator = await api.tokenFor('operator', 'op-carrier-change');
}, 120_000);
afterAll(async () => api.close());

const secondsUntilNextMonth = (iso: string): number => {
  const now = new Date(iso);
  return Math.ceil((Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1) - now.getTime()) / 1000);
};

const buy = async (customerToken: string, offerId: string) => {
  const purchase = await okBody(
    api.call<{ id: string; route: string; agentId?: string }>('POST', '/v1/purchases', {
      token: customerToken,
      headers: { 'idempotency-key': uniqueId('buy') },
      body: { offerId },
    }),
  );
  const settled = await pollAnswer(
    () => api.call<{ status: string }>('GET', `/v1/purchases/${purchase.id}`, { token: customerToken }),
    (answer) => answer.body.status === 'settled',
  );
  expect(settled.body.status).toBe('settled');
  return purchase;
};

const linkCode = async (carrier: Party) =>
  (
    await okBody(
      api.call<{ code: string }>('POST', `/v1/agents/${carrier.id}/carrier-links`, {
        token: await api.tokenFor('agent', carrier.id),
        body: { creditLimitMinor: 10_000 },
      }),
      [201],
    )
  ).code;

const redeem = (customerToken: string, code: string) =>
  api.call<Customer & Problem>('POST', '/v1/me/carrier-account', {
    token: customerToken,
    headers: { 'idempotency-key': uniqueId('redeem') },
    body: { code },
  });

const postedOf = async (accountId: string): Promise<number> =>
  (
    await okBody(
      api.call<{ balances: { posted: number } }>('GET', `/v1/accounts/${encodeURIComponent(accountId)}`, { token: operator }),
    )
  ).balances.posted;

const runMonth = async (month: string) => {
  const started = await okBody(
    api.call<{ id: string }>('POST', '/v1/billing-runs', {
      token: operator,
      headers: { 'idempotency-key': uniqueId('run') },
      body: { period: month },
    }),
    [201],
  );
  return pollAnswer(
    () =>
      okBody(
        api.call<{ status: string; reconciliation?: { ok: boolean } }>('GET', `/v1/billing-runs/${started.id}`, {
          token: operator,
        }),
      ),
    (run) => run.status !== 'running',
  );
};

const statementOf = async (partyId: string, month: string): Promise<Statement | undefined> =>
  (
    await okBody(
      api.call<{ items: Statement[] }>('GET', `/v1/statements?partyId=${partyId}&period=${month}`, { token: operator }),
    )
  ).items[0];

describe('a carrier subscriber leaves and changes carrier', () => {
  it('leaves, buys from its wallet, still owes carrier A on its bill, then links to carrier B and buys through it', async () => {
    // Prepare: buy well inside a month; two carriers, a trusted provider's offer, a customer with a topped-up wallet
    const before = await localClock(api);
    if (secondsUntilNextMonth(before.now) < 3_600) await localClock(api, secondsUntilNextMonth(before.now) + 3_600);
    const month = (await localClock(api)).now.slice(0, 7);
    const agent = (name: string) =>
      okBody(api.call<Party>('POST', '/v1/agents', { token: operator, body: { name, feeBps: 500 } }), [201]);
    const [carrierA, carrierB] = [await agent('Carrier A'), await agent('Carrier B')];
    const provider = await okBody(
      api.call<Party>('POST', '/v1/providers', {
        token: operator,
        body: { name: 'Harbour Cams', proxySettlement: { trusted: true }, platformFeeBps: 1_000 },
      }),
      [201],
    );
    const offer = await okBody(
      api.call<Party>('POST', '/v1/offers', {
        token: await api.tokenFor('provider', provider.id),
        body: {
          providerId: provider.id,
          resource: 'cam-1/live',
          priceMinor: 1_000,
          currency: 'JPY',
          validitySeconds: 3_600,
          capabilities: ['image'],
        },
      }),
      [201],
    );
    const customer = await okBody(api.call<Party>('POST', '/v1/customers', { token: operator, body: { name: 'Aiko' } }), [201]);
    const token = await api.tokenFor('customer', customer.id);
    await okBody(
      api.call('POST', `/v1/customers/${customer.id}/topups`, {
        token: await api.tokenFor('agent', carrierB.id),
        body: { amountMinor: 5_000, currency: 'JPY', reference: uniqueId('receipt') },
      }),
    );
    expect((await redeem(token, await linkCode(carrierA))).status).toBe(201);
    const throughA = await buy(token, offer.id);
    const carrierAccount = `carrier:${customer.id}:JPY`;
    const cashOfA = `agent-cash:${carrierA.id}:JPY`;

    // Act: leave (and repeat with the same key), buy, try B while A is owed, bill the month
    const leaveKey = uniqueId('leave');
    const leave = () =>
      api.call<Customer>('DELETE', '/v1/me/carrier-account', { token, headers: { 'idempotency-key': leaveKey } });
    const left = await leave();
    const leftAgain = await leave();
    const fromWallet = await buy(token, offer.id);
    const byB = await api.call<Problem>('DELETE', `/v1/customers/${customer.id}/carrier-account`, {
      token: await api.tokenFor('agent', carrierB.id),
    });
    const whileOwed = await redeem(token, await linkCode(carrierB));
    const owedBeforeRun = await postedOf(carrierAccount);
    const cashOfABefore = await postedOf(cashOfA);
    await localClock(api, secondsUntilNextMonth((await localClock(api)).now) + 3_600);
    const run = await runMonth(month);
    const bill = await statementOf(customer.id, month);
    const statementOfA = await statementOf(carrierA.id, month);
    const collectionLine = bill?.lines.find((line) => line.kind === 'collection');
    const collection = await okBody(
      api.call<{ debitAccountId: string; creditAccountId: string; amountMinor: number }>(
        'GET',
        `/v1/transfers/${collectionLine?.transferId ?? 'none'}`,
        { token: operator },
      ),
    );
    const [owedAfterRun, cashOfAAfter] = [await postedOf(carrierAccount), await postedOf(cashOfA)];
    const changed = await redeem(token, await linkCode(carrierB));
    const throughB = await buy(token, offer.id);

    // Assess
    expect(throughA).toMatchObject({ route: 'carrier', agentId: carrierA.id });
    expect(left.status).toBe(200);
    expect(left.body.carrier).toBeUndefined();
    expect(left.body.formerCarrier).toMatchObject({ agentId: carrierA.id, creditLimitMinor: 10_000, currency: 'JPY' });
    expect(left.body.accounts.map((account) => account.id)).toContain(carrierAccount);
    expect(leftAgain).toMatchObject({ status: 200, body: left.body });
    expect(fromWallet.route).toBe('wallet');
    expect([byB.status, byB.body.code]).toEqual([404, 'CUSTOMER_NOT_FOUND']);
    expect([whileOwed.status, whileOwed.body.code]).toEqual([409, 'CARRIER_BALANCE_OUTSTANDING']);
    expect(whileOwed.body.detail).toContain(carrierA.id);
    expect(owedBeforeRun).toBe(-1_000);
    expect(run).toMatchObject({ status: 'completed', reconciliation: { ok: true } });
    expect(bill?.totals).toMatchObject({ byRoute: { carrier: 1_000, wallet: 1_000 } });
    expect(collectionLine?.amountMinor).toBe(1_000);
    expect(collection).toMatchObject({ debitAccountId: cashOfA, creditAccountId: carrierAccount, amountMinor: 1_000 });
    expect(statementOfA?.lines.map((line) => line.kind)).toEqual(['carrier_fee', 'payout']);
    expect(owedAfterRun).toBe(0);
    expect(cashOfAAfter - cashOfABefore).toBe(-1_000);
    expect(changed.status).toBe(201);
    expect(changed.body).toMatchObject({ carrier: { agentId: carrierB.id }, formerCarrier: { agentId: carrierA.id } });
    expect(throughB).toMatchObject({ route: 'carrier', agentId: carrierB.id });
  });

  it('carrier B ends its own subscriber; another carrier gets 404; a customer that never subscribed gets 409', async () => {
    // Prepare: a customer subscribed to B with money in its wallet
    const agent = (name: string) =>
      okBody(api.call<Party>('POST', '/v1/agents', { token: operator, body: { name, feeBps: 500 } }), [201]);
    const [carrierA, carrierB] = [await agent('Carrier A'), await agent('Carrier B')];
    const customer = await okBody(api.call<Party>('POST', '/v1/customers', { token: operator, body: { name: 'Ren' } }), [201]);
    const token = await api.tokenFor('customer', customer.id);
    expect((await redeem(token, await linkCode(carrierB))).status).toBe(201);
    const end = (agentId: string): Promise<ApiAnswer<Customer & Problem>> =>
      api.tokenFor('agent', agentId).then((agentToken) =>
        api.call<Customer & Problem>('DELETE', `/v1/customers/${customer.id}/carrier-account`, {
          token: agentToken,
          headers: { 'idempotency-key': uniqueId('end') },
        }),
      );

    // Act
    const byA = await end(carrierA.id);
    const byB = await end(carrierB.id);
    const me = await api.call<Customer>('GET', '/v1/me', { token });
    const never = await api.call<Problem>('DELETE', '/v1/me/carrier-account', {
      token: await api.tokenFor(
        'customer',
        (await okBody(api.call<Party>('POST', '/v1/customers', { token: operator, body: { name: 'Kai' } }), [201])).id,
      ),
    });

    // Assess
    expect([byA.status, byA.body.code]).toEqual([404, 'CUSTOMER_NOT_FOUND']);
    expect(byB.status).toBe(200);
    expect(byB.body.formerCarrier?.agentId).toBe(carrierB.id);
    expect(me.body.carrier).toBeUndefined();
    expect(me.body.formerCarrier?.agentId).toBe(carrierB.id);
    expect([never.status, never.body.code]).toEqual([409, 'CARRIER_ACCOUNT_NOT_FOUND']);
  });
});
