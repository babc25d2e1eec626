import { ISO_4217_CURRENCIES } from '../../shared/currencies';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shardOf } from '../../shared/domain/ledger';
import { topUpTransferId } from '../../shared/domain/parties/topup';
import { LEDGER_BALANCE_SHARDS_DEFAULT, statedPostedCounterMax } from '../../shared/limits';
import { accountOf, startTestApi, uniqueId, type ApiAnswer, type Party, type TestApi } from '../fixtures/api';

/**
 * Counters past 2^53 over HTTP: a hot (sharded) account that received more than 2^53 minor
 * units stays readable and exact, and the operations that touch it keep working. Amounts
 * beyond 2^53 − 1 come back as decimal strings (SPEC section 2). The transfers are given ids
 * that land on ONE balance shard, so that a single stored counter passes 2^53 (the case that
 * used to make every read of the account a 500). Those accounts are on no statement (an agent's
 * cash, the platform's fees); an account a statement states (a wallet, a provider's revenue)
 * stops at what a statement can state (`statedPostedCounterMax`, docs/ledger.md).
 */
const MAX_MINOR = Number.MAX_SAFE_INTEGER;
const FOUR_MAX = (4n * BigInt(MAX_MINOR)).toString();
/** The most one top-up can credit a wallet (an exact stated account): 2^51 − 1. */
const WALLET_MAX = Number(statedPostedCounterMax(1));
const FIVE_WALLETS = 5n * BigInt(WALLET_MAX);

type Amount = number | string;
interface Account {
  id: string;
  balances: Record<'debitsPosted' | 'creditsPosted' | 'debitsPending' | 'creditsPending' | 'posted' | 'pending', Amount>;
}
interface Entries {
  items: { transferId: string; postedBalanceAfter: Amount }[];
  nextCursor?: string;
}

let api: TestApi;
let operator: string;

beforeAll(async () => {
  api = await startTestApi();
  operator = await api.tokenFor('operator', 'op-ledger-limits');
});
afterAll(async () => api.close());

const expectNo5xx = <Body>(answer: ApiAnswer<Body>, what: string): ApiAnswer<Body> => {
  expect(answer.status, `${what}: ${answer.text}`).toBeLessThan(500);
  return answer;
};

const ok = async <Body>(answer: Promise<ApiAnswer<Body>>, what: string): Promise<Body> => {
  const result = expectNo5xx(await answer, what);
  expect([200, 201], `${what}: ${result.text}`).toContain(result.status);
  return result.body;
};

/** ISO 4217 codes no other test uses, taken in turn from a random start: each test here has its own. */
const SPARE_CURRENCIES = ISO_4217_CURRENCIES.filter((code) => !['JPY', 'USD', 'EUR'].includes(code));
let nextSpare = Math.floor(Math.random() * SPARE_CURRENCIES.length);

/** A currency no other test uses, so the shared fee account of this file is its own. */
const privateCurrency = (): string => SPARE_CURRENCIES[(nextSpare += 1) % SPARE_CURRENCIES.length] ?? 'XOF';

/** Ids built from `make` whose transfers all land on shard `shard` of a default account. */
const idsOnOneShard = (count: number, make: (suffix: string) => string, shard = 0): string[] => {
  const suffixes: string[] = [];
  for (let attempt = 0; suffixes.length < count; attempt += 1) {
    const suffix = uniqueId(`s${attempt}`);
    if (shardOf(make(suffix), LEDGER_BALANCE_SHARDS_DEFAULT) === shard) suffixes.push(suffix);
  }
  return suffixes;
};

const readAccount = async (accountId: string): Promise<Account> =>
  ok(api.call<Account>('GET', `/v1/accounts/${encodeURIComponent(accountId)}`, { token: operator }), `read ${accountId}`);

const readHistory = async (accountId: string): Promise<Entries['items']> => {
  const entries: Entries['items'] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 20; page += 1) {
    const query = `limit=1${cursor === undefined ? '' : `&cursor=${encodeURIComponent(cursor)}`}`;
    const answer = await ok(
      api.call<Entries>('GET', `/v1/accounts/${encodeURIComponent(accountId)}/entries?${query}`, { token: operator }),
      `history of ${accountId}`,
    );
    entries.push(...answer.items);
    cursor = answer.nextCursor;
    if (cursor === undefined) break;
  }
  return entries;
};

const newCustomer = async (currency: string): Promise<Party> =>
  ok(api.call<Party>('POST', '/v1/customers', { token: operator, body: { name: 'Aiko', currencies: [currency] } }), 'customer');

describe('ledger counters past 2^53 over HTTP', () => {
  it("five top-ups of a wallet's most by one agent: no 5xx, the agent's cash account reads exactly past 2^53, and the agent keeps topping up", async () => {
    // Prepare: an agent, and five receipt numbers whose top-ups debit the same cash shard.
    const currency = privateCurrency();
    const agent = await ok(
      api.call<Party>('POST', '/v1/agents', { token: operator, body: { name: 'Kiosk', feeBps: 100, currencies: [currency] } }),
      'agent',
    );
    const agentToken = await api.tokenFor('agent', agent.id);
    const references = idsOnOneShard(5, (reference) => topUpTransferId(agent.id, reference));
    const customers = await Promise.all(references.map(() => newCustomer(currency)));
    const topUp = (customer: Party, amountMinor: number, reference: string) =>
      api.call('POST', `/v1/customers/${customer.id}/topups`, {
        token: agentToken,
        body: { amountMinor, currency, reference },
      });

    // Act
    const answers: ApiAnswer[] = [];
    for (const [index, reference] of references.entries()) {
      const customer = customers[index];
      if (customer === undefined) throw new Error('one customer per reference');
      answers.push(await topUp(customer, WALLET_MAX, reference));
    }
    const cashId = accountOf(agent, 'agentCash');
    const cash = await readAccount(cashId);
    const history = await readHistory(cashId);
    const afterwards = await topUp(await newCustomer(currency), 5, uniqueId('receipt'));
    const cashAfterwards = await readAccount(cashId);

    // Assess
    expect(FIVE_WALLETS > BigInt(MAX_MINOR)).toBe(true);
    expect(answers.map((answer) => answer.status)).toEqual([201, 201, 201, 201, 201]);
    expect(cash.balances).toMatchObject({ debitsPosted: String(FIVE_WALLETS), creditsPosted: 0, posted: `-${FIVE_WALLETS}` });
    expect(history.map((entry) => String(entry.postedBalanceAfter))).toEqual(
      [1n, 2n, 3n, 4n, 5n].map((count) => String(-count * BigInt(WALLET_MAX))),
    );
    expect(expectNo5xx(afterwards, 'a sixth top-up').status).toBe(201);
    expect(cashAfterwards.balances.debitsPosted).toBe((FIVE_WALLETS + 5n).toString());
  });

  it('a wallet is topped up to what a statement states and no further: 422 BALANCE_OVERFLOW naming amountMinor, nothing moved (probe AJ D1)', async () => {
    // Prepare
    const currency = privateCurrency();
    const agent = await ok(
      api.call<Party>('POST', '/v1/agents', { token: operator, body: { name: 'Kiosk', feeBps: 100, currencies: [currency] } }),
      'agent',
    );
    const customer = await newCustomer(currency);
    const agentToken = await api.tokenFor('agent', agent.id);
    const topUp = (amountMinor: number) =>
      api.call<Record<string, unknown>>('POST', `/v1/customers/${customer.id}/topups`, {
        token: agentToken,
        body: { amountMinor, currency, reference: uniqueId('receipt') },
      });

    // Act
    const filled = await topUp(WALLET_MAX);
    const over = await topUp(1);
    const wallet = await readAccount(accountOf(customer, 'wallet'));
    const cash = await readAccount(accountOf(agent, 'agentCash'));

    // Assess
    expect(filled.status).toBe(201);
    expect(over.status).toBe(422);
    expect(over.headers.get('content-type')).toContain('application/problem+json');
    expect(over.body).toMatchObject({ code: 'BALANCE_OVERFLOW', errors: [{ field: 'amountMinor' }] });
    expect(String(over.body['detail'])).toContain(`its posted credits may not pass ${WALLET_MAX} minor units`);
    expect(wallet.balances).toMatchObject({ creditsPosted: WALLET_MAX, posted: WALLET_MAX, debitsPosted: 0 });
    expect(cash.balances).toMatchObject({ debitsPosted: WALLET_MAX, posted: -WALLET_MAX });
  });

  it("refuses an operator's transfer of 2^53 − 1 into a provider's revenue account: 422 BALANCE_OVERFLOW, nothing moved (probe AJ D1)", async () => {
    // Prepare
    const currency = privateCurrency();
    const provider = await ok(
      api.call<Party>('POST', '/v1/providers', {
        token: operator,
        body: { name: 'P9', proxySettlement: { trusted: false }, platformFeeBps: 1_000, currencies: [currency] },
      }),
      'provider',
    );
    const revenueId = accountOf(provider, 'revenue');

    // Act
    const typo = await api.call<Record<string, unknown>>('POST', '/v1/transfers', {
      token: operator,
      body: {
        id: uniqueId('typo'),
        debitAccountId: `platform-fees:${currency}`,
        creditAccountId: revenueId,
        amountMinor: MAX_MINOR,
        currency,
        code: 'correction',
      },
    });
    const revenue = await readAccount(revenueId);

    // Assess
    expect(typo.status).toBe(422);
    expect(typo.body).toMatchObject({ code: 'BALANCE_OVERFLOW', errors: [{ field: 'amountMinor' }] });
    expect(revenue.balances).toMatchObject({ creditsPosted: 0, posted: 0 });
  });

  it('the platform fee account past 2^53 stays readable, and others still create providers and offers in its currency', async () => {
    // Prepare: a provider opens the currency's platform fee account; the operator pours 4 × (2^53 − 1) into one shard.
    const currency = privateCurrency();
    const providerBody = {
      name: 'Harbour Cams',
      proxySettlement: { trusted: false },
      platformFeeBps: 1_000,
      currencies: [currency],
    };
    await ok(api.call<Party>('POST', '/v1/providers', { token: operator, body: providerBody }), 'first provider');
    const feesId = `platform-fees:${currency}`;
    const source = await ok(api.call<Account>('POST', '/v1/accounts', { token: operator, body: { currency } }), 'source');
    const transferIds = idsOnOneShard(4, (suffix) => `fee-${suffix}`).map((suffix) => `fee-${suffix}`);

    // Act
    const transfers: ApiAnswer[] = [];
    for (const id of transferIds) {
      transfers.push(
        await api.call('POST', '/v1/transfers', {
          token: operator,
          body: { id, debitAccountId: source.id, creditAccountId: feesId, amountMinor: MAX_MINOR, currency },
        }),
      );
    }
    const fees = await readAccount(feesId);
    const provider = await api.call<Party>('POST', '/v1/providers', { token: operator, body: providerBody });
    const offer = await api.call('POST', '/v1/offers', {
      token: await api.tokenFor('provider', provider.body.id),
      body: {
        providerId: provider.body.id,
        title: 'Harbour live camera',
        resource: 'server-1/stream-7',
        priceMinor: 500,
        currency,
        validitySeconds: 3_600,
        capabilities: ['image'],
      },
    });

    // Assess
    expect(transfers.map((answer) => answer.status)).toEqual([201, 201, 201, 201]);
    expect(fees.balances).toMatchObject({ creditsPosted: FOUR_MAX, posted: FOUR_MAX });
    expect(expectNo5xx(provider, 'another provider').status).toBe(201);
    expect(expectNo5xx(offer, 'an offer').status).toBe(201);
  });
});
