import { describe, expect, it } from 'vitest';
import { makeHandler as makeMeAccountEntriesList } from '../../../functions/me-account-entries-list/handler';
import { makeHandler as makeMeAccountsList } from '../../../functions/me-accounts-list/handler';
import { makeHandler as makeMeGet } from '../../../functions/me-get/handler';
import { MemoryPartyStore } from '../../../shared/adapters/memory/parties';
import { customerWalletAccountId } from '../../../shared/domain/parties/accounts';
import { myAccounts } from '../../../shared/domain/parties/reads';
import type { Principal } from '../../../shared/domain/principal';
import { apiEvent, call, handlerBase } from '../../fixtures/handlers';
import { fundedWalletScene, makeWorld } from '../../fixtures/purchases-world';

/** The caller's own reads (/v1/me, its accounts and their history) through makeHandler, on the in-memory purchase world. */
const makeMeApi = (parties = new MemoryPartyStore()) => {
  const world = makeWorld({ parties });
  const base = handlerBase();
  return {
    world,
    meGet: makeMeGet({ ...base, parties: world.parties }),
    accountsList: makeMeAccountsList({ ...base, parties: world.parties, ledger: world.ledger }),
    entriesList: makeMeAccountEntriesList({ ...base, ledger: world.ledgerEntries, parties: world.parties }),
  };
};

describe('the /v1/me handlers', () => {
  it('me-get answers the caller itself, and an operator only its id', async () => {
    // Prepare
    const api = makeMeApi();
    const { customer, buyer } = await fundedWalletScene(api.world);
    const me = (principal: Principal) => call(api.meGet, apiEvent({ method: 'GET', path: '/v1/me', principal }));

    // Act
    const asCustomer = await me(buyer);
    const asOperator = await me({ role: 'operator', subject: 'op-1' });

    // Assess
    expect(asCustomer).toMatchObject({ status: 200, body: { kind: 'customer', id: customer.id } });
    expect(asOperator).toEqual(expect.objectContaining({ status: 200, body: { kind: 'operator', id: 'op-1' } }));
  });

  it("me-accounts-list and me-account-entries-list show the caller's own wallet and its history; another's account is a 404", async () => {
    // Prepare
    const api = makeMeApi();
    const { customer, buyer } = await fundedWalletScene(api.world);
    const wallet = customerWalletAccountId(customer.id, 'JPY');
    const entries = (principal: Principal, accountId: string) =>
      call(
        api.entriesList,
        apiEvent({ method: 'GET', path: `/v1/me/accounts/${accountId}/entries`, principal, pathParameters: { accountId } }),
      );

    // Act
    const accounts = await call(api.accountsList, apiEvent({ method: 'GET', path: '/v1/me/accounts', principal: buyer }));
    const own = await entries(buyer, wallet);
    const another = await entries({ role: 'customer', subject: 'cus-stranger' }, wallet);

    // Assess
    expect(accounts).toMatchObject({
      status: 200,
      body: { items: [{ kind: 'wallet', id: wallet, balances: { creditsPosted: 5_000 } }] },
    });
    expect(own).toMatchObject({ status: 200, body: { items: [expect.objectContaining({ amountMinor: 5_000 })] } });
    expect(another).toMatchObject({ status: 404, body: { code: 'ACCOUNT_NOT_FOUND' } });
  });

  it('me-accounts-list and me-get list the accounts opened later in another currency, recording each currency on the party once', async () => {
    // Prepare
    const parties = new MemoryPartyStore();
    const added: string[] = [];
    const addCurrency = parties.addCurrency.bind(parties);
    parties.addCurrency = async (kind, id, currency) => {
      added.push(`${kind}:${currency}`);
      return addCurrency(kind, id, currency);
    };
    const api = makeMeApi(parties);
    const provider = await api.world.provider({ trusted: true });
    const kiosk = await api.world.agent();
    const customer = await api.world.customer({ agentId: kiosk.id, creditLimitMinor: 1_000 });
    await api.world.topUp(customer.id, kiosk.id, 500, 'JPY');
    const before = [...added];
    await api.world.topUp(customer.id, kiosk.id, 700, 'USD');
    await api.world.topUp(customer.id, kiosk.id, 100, 'USD');
    await api.world.offer(provider.id, 200, { currency: 'USD' });
    await api.world.offer(provider.id, 300, { currency: 'USD' });
    const list = async (principal: Principal) =>
      (await call(api.accountsList, apiEvent({ method: 'GET', path: '/v1/me/accounts', principal }))).body.items as {
        id: string;
        balances: { creditsPosted: number };
      }[];

    // Act
    const customers = await list({ role: 'customer', subject: customer.id });
    const agents = await list({ role: 'agent', subject: kiosk.id });
    const providers = await list({ role: 'provider', subject: provider.id });
    const me = await call(
      api.meGet,
      apiEvent({ method: 'GET', path: '/v1/me', principal: { role: 'customer', subject: customer.id } }),
    );

    // Assess
    expect(customers.map((account) => account.id)).toEqual([
      `wallet:${customer.id}:JPY`,
      `wallet:${customer.id}:USD`,
      `carrier:${customer.id}:JPY`,
    ]);
    expect(customers[1]?.balances.creditsPosted).toBe(800);
    expect(agents.map((account) => account.id)).toEqual([
      `agent-fees:${kiosk.id}:JPY`,
      `agent-cash:${kiosk.id}:JPY`,
      `agent-fees:${kiosk.id}:USD`,
      `agent-cash:${kiosk.id}:USD`,
    ]);
    expect(providers.map((account) => account.id)).toEqual([`revenue:${provider.id}:JPY`, `revenue:${provider.id}:USD`]);
    expect(me.body).toMatchObject({
      currencies: ['JPY'],
      accounts: expect.arrayContaining([expect.objectContaining({ id: `wallet:${customer.id}:USD` })]),
    });
    expect(me.body).not.toHaveProperty('openedCurrencies');
    expect(before).toEqual([]);
    expect([...added].sort()).toEqual(['agent:USD', 'customer:USD', 'provider:USD']);
  });

  it("me-accounts-list pages a provider's accounts in many currencies with limit and a sealed cursor, each account once", async () => {
    // Prepare: a provider selling in JPY and seven more currencies has eight revenue accounts.
    const api = makeMeApi();
    const provider = await api.world.provider({ trusted: false });
    for (const currency of ['USD', 'EUR', 'GBP', 'CHF', 'AUD', 'CAD', 'SEK'])
      await api.world.offer(provider.id, 100, { currency });
    const principal: Principal = { role: 'provider', subject: provider.id };
    const page = async (query: Record<string, string> = {}, caller: Principal = principal) =>
      call(api.accountsList, apiEvent({ method: 'GET', path: '/v1/me/accounts', principal: caller, query }));
    const idsOf = (answer: { body: Record<string, unknown> }) => (answer.body.items as { id: string }[]).map((item) => item.id);

    // Act
    const everything = await page();
    const pages = [await page({ limit: '3' })];
    for (let cursor = pages[0]?.body.nextCursor; typeof cursor === 'string'; cursor = pages.at(-1)?.body.nextCursor) {
      pages.push(await page({ limit: '3', cursor }));
    }
    const firstCursor = String(pages[0]?.body.nextCursor);
    const withOtherLimit = await page({ limit: '5', cursor: firstCursor });
    const byAnother = await page({ limit: '3', cursor: firstCursor }, { role: 'provider', subject: 'prv-another' });
    const madeUp = await page({ cursor: Buffer.from(`revenue:${provider.id}:USD`).toString('base64url') });
    const outOfRange = await Promise.all(['0', '101', 'x'].map((limit) => page({ limit })));

    // Assess
    expect(everything.status).toBe(200);
    expect(idsOf(everything)).toHaveLength(8);
    expect(everything.body).not.toHaveProperty('nextCursor');
    expect(pages.map((answer) => idsOf(answer).length)).toEqual([3, 3, 2]);
    expect(pages.flatMap(idsOf)).toEqual(idsOf(everything));
    expect(pages.at(-1)?.body).not.toHaveProperty('nextCursor');
    expect(idsOf(withOtherLimit)).toEqual(idsOf(everything).slice(3, 8));
    expect(byAnother).toMatchObject({ status: 400, body: { code: 'INVALID_CURSOR' } });
    expect(madeUp).toMatchObject({ status: 400, body: { code: 'INVALID_CURSOR' } });
    expect(outOfRange.map((answer) => [answer.status, (answer.body.errors as { field: string }[])[0]?.field])).toEqual([
      [422, 'limit'],
      [422, 'limit'],
      [422, 'limit'],
    ]);
  });

  it('myAccounts continues after the account a page ended at: one opened meanwhile never repeats one, and an unknown position is INVALID_CURSOR', async () => {
    // Prepare
    const api = makeMeApi();
    const provider = await api.world.provider({ trusted: false });
    await api.world.offer(provider.id, 100, { currency: 'USD' });
    await api.world.offer(provider.id, 100, { currency: 'EUR' });
    const principal: Principal = { role: 'provider', subject: provider.id };
    const deps = { parties: api.world.parties, ledger: api.world.ledger };
    const first = await myAccounts(deps, principal, { limit: 2 });

    // Act: AUD sorts before EUR and USD among the currencies opened later, so it lands before the position.
    await api.world.offer(provider.id, 100, { currency: 'AUD' });
    const rest = await myAccounts(deps, principal, { limit: 2, after: first.nextCursor });
    const unknown = await myAccounts(deps, principal, {
      limit: 2,
      after: Buffer.from(JSON.stringify({ after: 'revenue:prv-other:JPY' })).toString('base64url'),
    }).catch((error: unknown) => error);
    const plain = await myAccounts(deps, principal, { limit: 2, after: `revenue:${provider.id}:JPY` }).catch(
      (error: unknown) => error,
    );

    // Assess
    expect(first.items.map((account) => account.id)).toEqual([`revenue:${provider.id}:JPY`, `revenue:${provider.id}:EUR`]);
    // The position is opaque base64url like every list's (README, API conventions; probe as3), not the account id as it is.
    expect(first.nextCursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(JSON.parse(Buffer.from(first.nextCursor ?? '', 'base64url').toString('utf8'))).toEqual({
      after: `revenue:${provider.id}:EUR`,
    });
    expect(rest).toEqual({ items: [expect.objectContaining({ id: `revenue:${provider.id}:USD` })] });
    expect(unknown).toMatchObject({ code: 'INVALID_CURSOR' });
    expect(plain).toMatchObject({ code: 'INVALID_CURSOR' });
  });
});
