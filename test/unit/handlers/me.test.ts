import { describe, expect, it } from 'vitest';
import { makeHandler as makeMeAccountEntriesList } from '../../../functions/me-account-entries-list/handler';
import { makeHandler as makeMeAccountsList } from '../../../functions/me-accounts-list/handler';
import { makeHandler as makeMeGet } from '../../../functions/me-get/handler';
import { customerWalletAccountId } from '../../../shared/domain/parties/accounts';
import type { Principal } from '../../../shared/domain/principal';
import { apiEvent, call, handlerBase } from '../../fixtures/handlers';
import { fundedWalletScene, makeWorld } from '../../fixtures/purchases-world';

/** The caller's own reads (/v1/me, its accounts and their history) through makeHandler, on the in-memory purchase world. */
const makeMeApi = () => {
  const world = makeWorld();
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
});
