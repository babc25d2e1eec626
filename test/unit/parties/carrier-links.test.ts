import { describe, expect, it } from 'vitest';
import type { MemoryPartyStore } from '../../../shared/adapters/memory/parties';
import { customerCarrierAccountId, agentCashAccount, agentFeeAccount } from '../../../shared/domain/parties/accounts';
import {
  carrierLinkCodeHash,
  createCarrierLink,
  redeemCarrierLink,
  type CarrierLinkCreateDeps,
} from '../../../shared/domain/parties/carrier-links';
import { customerAccounts } from '../../../shared/domain/parties/parties';
import type { Principal } from '../../../shared/domain/principal';
import { createPurchase } from '../../../shared/domain/purchases/create';
import { randomIds } from '../../../shared/ids';
import { rejection } from '../../fixtures/errors';
import { makeWorld, type World } from '../../fixtures/purchases-world';

/** Carrier links on the in-memory world of the purchase tests: a carrier's code, a customer's redeem. */
const LINK_SECONDS = 7 * 86_400;

const linkDeps = (world: World): CarrierLinkCreateDeps => ({
  parties: world.parties,
  clock: world.clock,
  ids: randomIds,
  defaultCurrency: 'JPY',
  linkSeconds: LINK_SECONDS,
});
const asAgent = (agentId: string): Principal => ({ role: 'agent', subject: agentId });
const asCustomer = (customerId: string): Principal => ({ role: 'customer', subject: customerId });

/** A carrier at 5 % and a customer with a wallet only (as a registration makes one). */
const scene = async () => {
  const world = makeWorld();
  const carrier = await world.agent(500);
  const customer = await world.customer();
  return { world, carrier, customer };
};

describe('carrier links', () => {
  it('an agent makes a code for its own books: 128 random bits or more, only its hash kept, expiring after the configured time', async () => {
    // Prepare
    const { world, carrier } = await scene();

    // Act
    const link = await createCarrierLink(linkDeps(world), carrier.id, { creditLimitMinor: 20_000 }, asAgent(carrier.id));

    // Assess
    expect(link).toEqual({
      id: expect.stringMatching(/^cln_/),
      code: expect.stringMatching(/^clc_[A-Za-z0-9_-]{22,}$/),
      agentId: carrier.id,
      creditLimitMinor: 20_000,
      currency: 'JPY',
      expiresAt: new Date(world.clock.now() + LINK_SECONDS * 1000).toISOString(),
    });
    const stored = [...(world.parties as MemoryPartyStore).carrierLinks.values()];
    expect(stored).toEqual([expect.objectContaining({ id: link.id, codeHash: carrierLinkCodeHash(link.code) })]);
    expect(JSON.stringify(stored)).not.toContain(link.code.slice(4));
  });

  it("refuses another agent's books (403), an unregistered agent (its own 404, naming no field), and for an operator an agent that does not exist (404)", async () => {
    // Prepare
    const { world, carrier } = await scene();
    const other = await world.agent();
    const deps = linkDeps(world);

    // Act
    const foreign = await rejection(createCarrierLink(deps, carrier.id, { creditLimitMinor: 1 }, asAgent(other.id)));
    const unregistered = await rejection(createCarrierLink(deps, 'agt_ghost', { creditLimitMinor: 1 }, asAgent('agt_ghost')));
    const missing = await rejection(createCarrierLink(deps, 'agt_ghost', { creditLimitMinor: 1 }, world.operator));
    const byOperator = await createCarrierLink(deps, carrier.id, { creditLimitMinor: 1, currency: 'EUR' }, world.operator);

    // Assess
    expect([foreign.code, unregistered.code, missing.code]).toEqual(['FORBIDDEN', 'AGENT_NOT_FOUND', 'AGENT_NOT_FOUND']);
    expect(unregistered.detail).toBe('You act as agent "agt_ghost", which is not registered.');
    expect(missing.detail).toBe('No agent "agt_ghost".');
    expect(byOperator).toMatchObject({ agentId: carrier.id, currency: 'EUR' });
  });

  it("a customer who redeems a code gets the carrier account on the carrier's terms, and the carrier its accounts in that currency", async () => {
    // Prepare
    const { world, carrier, customer } = await scene();
    const link = await createCarrierLink(
      linkDeps(world),
      carrier.id,
      { creditLimitMinor: 30_000, currency: 'EUR' },
      asAgent(carrier.id),
    );

    // Act
    const subscriber = await redeemCarrierLink(world.partyDeps, link.code, asCustomer(customer.id));

    // Assess
    const terms = { agentId: carrier.id, creditLimitMinor: 30_000, currency: 'EUR' };
    expect(subscriber.carrier).toEqual(terms);
    expect((await world.parties.getCustomer(customer.id))?.carrier).toEqual(terms);
    expect(customerAccounts(subscriber).map((account) => account.kind)).toEqual(['wallet', 'carrier']);
    expect(await world.ledger.getAccount(customerCarrierAccountId(customer.id, 'EUR'))).toMatchObject({ limitMinor: 30_000 });
    await expect(world.ledger.getAccount(agentFeeAccount(carrier.id, 'EUR').id)).resolves.toBeDefined();
    await expect(world.ledger.getAccount(agentCashAccount(carrier.id, 'EUR').id)).resolves.toBeDefined();
    expect((await world.parties.getAgent(carrier.id))?.openedCurrencies).toEqual(['EUR']);
  });

  it('refuses an unknown code (404), a used code (409), a second carrier account (409) and an expired code (409)', async () => {
    // Prepare
    const { world, carrier, customer } = await scene();
    const other = await world.customer();
    const late = await world.customer();
    const deps = linkDeps(world);
    const first = await createCarrierLink(deps, carrier.id, { creditLimitMinor: 1_000 }, asAgent(carrier.id));
    const second = await createCarrierLink(deps, carrier.id, { creditLimitMinor: 1_000 }, asAgent(carrier.id));
    const expiring = await createCarrierLink(deps, carrier.id, { creditLimitMinor: 1_000 }, asAgent(carrier.id));
    await redeemCarrierLink(world.partyDeps, first.code, asCustomer(customer.id));

    // Act
    const unknown = await rejection(redeemCarrierLink(world.partyDeps, 'clc_nothing', asCustomer(other.id)));
    const used = await rejection(redeemCarrierLink(world.partyDeps, first.code, asCustomer(other.id)));
    const twice = await rejection(redeemCarrierLink(world.partyDeps, second.code, asCustomer(customer.id)));
    world.clock.advanceSeconds(LINK_SECONDS);
    const expired = await rejection(redeemCarrierLink(world.partyDeps, expiring.code, asCustomer(late.id)));

    // Assess
    expect([unknown, used, twice, expired].map((error) => [error.status, error.code])).toEqual([
      [404, 'CARRIER_LINK_NOT_FOUND'],
      [409, 'CARRIER_LINK_USED'],
      [409, 'CARRIER_ACCOUNT_EXISTS'],
      [409, 'CARRIER_LINK_EXPIRED'],
    ]);
    expect((await world.parties.getCustomer(other.id))?.carrier).toBeUndefined();
    expect((await world.parties.getCustomer(late.id))?.carrier).toBeUndefined();
  });

  it('a retry after a crash between the transaction and the accounts opens them; the customer who redeemed gets the same answer again', async () => {
    // Prepare: the ledger fails the first account it is asked to open
    const { world, carrier, customer } = await scene();
    const link = await createCarrierLink(linkDeps(world), carrier.id, { creditLimitMinor: 5_000 }, asAgent(carrier.id));
    let failures = 1;
    const flaky = {
      ...world.partyDeps,
      ledger: {
        getAccount: (accountId: string) => world.ledger.getAccount(accountId),
        getTransfer: (transferId: string) => world.ledger.getTransfer(transferId),
        createAccount: async (...args: Parameters<World['ledger']['createAccount']>) => {
          if (failures > 0) {
            failures -= 1;
            throw new Error('crash');
          }
          return world.ledger.createAccount(...args);
        },
      },
    };

    // Act
    const crashed = await redeemCarrierLink(flaky, link.code, asCustomer(customer.id)).catch((error: unknown) => error);
    const accountAfterCrash = await world.ledger
      .getAccount(customerCarrierAccountId(customer.id, 'JPY'))
      .catch((error: unknown) => error);
    const retried = await redeemCarrierLink(flaky, link.code, asCustomer(customer.id));

    // Assess
    expect(crashed).toEqual(new Error('crash'));
    expect(accountAfterCrash).toMatchObject({ code: 'ACCOUNT_NOT_FOUND' });
    expect(retried.carrier).toEqual({ agentId: carrier.id, creditLimitMinor: 5_000, currency: 'JPY' });
    expect(await world.ledger.getAccount(customerCarrierAccountId(customer.id, 'JPY'))).toMatchObject({ limitMinor: 5_000 });
  });

  it('concurrent redeems: of one code by two customers exactly one wins; of two codes by one customer one carrier account', async () => {
    // Prepare
    const { world, carrier, customer } = await scene();
    const rival = await world.customer();
    const deps = linkDeps(world);
    const shared = await createCarrierLink(deps, carrier.id, { creditLimitMinor: 1_000 }, asAgent(carrier.id));
    const solo = await world.customer();
    const [one, two] = await Promise.all([
      createCarrierLink(deps, carrier.id, { creditLimitMinor: 1_000 }, asAgent(carrier.id)),
      createCarrierLink(deps, carrier.id, { creditLimitMinor: 2_000 }, asAgent(carrier.id)),
    ]);

    // Act
    const byTwo = await Promise.allSettled([
      redeemCarrierLink(world.partyDeps, shared.code, asCustomer(customer.id)),
      redeemCarrierLink(world.partyDeps, shared.code, asCustomer(rival.id)),
    ]);
    const ofTwo = await Promise.allSettled([
      redeemCarrierLink(world.partyDeps, one?.code ?? '', asCustomer(solo.id)),
      redeemCarrierLink(world.partyDeps, two?.code ?? '', asCustomer(solo.id)),
    ]);

    // Assess
    const outcomes = (settled: PromiseSettledResult<unknown>[]) =>
      settled.map((result) => (result.status === 'fulfilled' ? 'ok' : (result.reason as { code: string }).code)).sort();
    expect(outcomes(byTwo)).toEqual(['CARRIER_LINK_USED', 'ok']);
    expect(outcomes(ofTwo)).toEqual(['CARRIER_ACCOUNT_EXISTS', 'ok']);
    const carriers = [await world.parties.getCustomer(customer.id), await world.parties.getCustomer(rival.id)].filter(
      (record) => record?.carrier !== undefined,
    );
    expect(carriers).toHaveLength(1);
  });

  it('a registered customer who redeemed a code buys from a trusted provider on the carrier route', async () => {
    // Prepare
    const { world, carrier, customer } = await scene();
    const provider = await world.provider({ trusted: true });
    const offer = await world.offer(provider.id, 1_000);
    const link = await createCarrierLink(linkDeps(world), carrier.id, { creditLimitMinor: 10_000 }, asAgent(carrier.id));
    const before = await rejection(
      createPurchase(world.purchaseDeps(), asCustomer(customer.id), { offerId: offer.id, route: 'carrier' }, 'k1'),
    );
    await redeemCarrierLink(world.partyDeps, link.code, asCustomer(customer.id));

    // Act
    const bought = await createPurchase(world.purchaseDeps(), asCustomer(customer.id), { offerId: offer.id }, 'k2');

    // Assess
    expect(before.code).toBe('CARRIER_ACCOUNT_NOT_FOUND');
    expect(bought.purchase).toMatchObject({ route: 'carrier', agentId: carrier.id });
  });
});
