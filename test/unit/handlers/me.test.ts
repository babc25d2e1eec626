import { describe, expect, it } from 'vitest';
import { makeHandler as makeMeAccountEntriesList } from '../../../functions/me-account-entries-list/handler';
import { makeHandler as makeMeAccountsList } from '../../../functions/me-accounts-list/handler';
import { makeHandler as makeMeGet } from '../../../functions/me-get/handler';
import { MemoryPartyStore } from '../../../shared/adapters/memory/parties';
import { customerWalletAccountId } from '../../../shared/domain/parties/accounts';
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
    entriesList: makeMeAccountEntriesList({ ...base, ledger: world.ledgerEntries }),
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
});
