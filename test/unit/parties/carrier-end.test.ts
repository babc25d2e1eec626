import { describe, expect, it } from 'vitest';
import { agentCashAccountId, customerCarrierAccountId } from '../../../shared/domain/parties/accounts';
import { endCarrierAccount } from '../../../shared/domain/parties/carrier-end';
import { createCarrierLink, redeemCarrierLink, type CarrierLinkCreateDeps } from '../../../shared/domain/parties/carrier-links';
import { carrierCollectorOf } from '../../../shared/domain/parties/carrier-terms';
import { customerAccounts, customerView } from '../../../shared/domain/parties/parties';
import type { Principal } from '../../../shared/domain/principal';
import { randomIds } from '../../../shared/ids';
import { rejection } from '../../fixtures/errors';
import { makeWorld, type World } from '../../fixtures/purchases-world';

/** Leaving or changing carrier on the in-memory world of the purchase tests (docs/identity.md). */
const linkDeps = (world: World): CarrierLinkCreateDeps => ({
  parties: world.parties,
  clock: world.clock,
  ids: randomIds,
  defaultCurrency: 'JPY',
  linkSeconds: 86_400,
});
const asAgent = (agentId: string): Principal => ({ role: 'agent', subject: agentId });
const asCustomer = (customerId: string): Principal => ({ role: 'customer', subject: customerId });

/** A trusted provider's offer at 1,000, a carrier at 5 %, a customer subscribed to it by a link, with 5,000 in its wallet. */
const scene = async () => {
  const world = makeWorld();
  const carrier = await world.agent(500);
  const kiosk = await world.agent(0);
  const provider = await world.provider({ trusted: true });
  const offer = await world.offer(provider.id, 1_000);
  const customer = await world.customer();
  await world.topUp(customer.id, kiosk.id, 5_000);
  const link = async (agentId: string, creditLimitMinor = 10_000) =>
    (await createCarrierLink(linkDeps(world), agentId, { creditLimitMinor }, asAgent(agentId))).code;
  await redeemCarrierLink(world.partyDeps, await link(carrier.id), asCustomer(customer.id));
  return { world, carrier, offer, customer, link };
};

describe('leaving a carrier', () => {
  it('the customer leaves: new purchases take the wallet, one authorized before settles on the carrier, and what is owed stays', async () => {
    // Prepare
    const { world, carrier, offer, customer } = await scene();
    const before = await world.buy(customer.id, { offerId: offer.id });

    // Act
    const left = await endCarrierAccount(world.partyDeps, customer.id, asCustomer(customer.id));
    const after = await world.buy(customer.id, { offerId: offer.id });
    const askedCarrier = await rejection(world.buy(customer.id, { offerId: offer.id, route: 'carrier' }));
    await world.deliverAll();

    // Assess
    expect(before.purchase).toMatchObject({ route: 'carrier', agentId: carrier.id });
    expect(after.purchase.route).toBe('wallet');
    expect(askedCarrier.code).toBe('CARRIER_ACCOUNT_NOT_FOUND');
    expect(left.carrier).toBeUndefined();
    expect(left.formerCarrier).toEqual({
      agentId: carrier.id,
      creditLimitMinor: 10_000,
      currency: 'JPY',
      endedAt: new Date(world.clock.now()).toISOString(),
      endedBy: `customer:${customer.id}`,
    });
    expect(await world.parties.getCustomer(customer.id)).toEqual(left);
    expect(await world.posted(customerCarrierAccountId(customer.id, 'JPY'))).toBe(-1_000);
    expect(await world.posted(world.accounts.wallet(customer.id))).toBe(4_000);
    expect(customerAccounts(left).map((account) => account.id)).toContain(customerCarrierAccountId(customer.id, 'JPY'));
    expect(customerView(left).formerCarrier).not.toHaveProperty('endedBy');
    expect(carrierCollectorOf(left, 'JPY')).toBe(carrier.id);
  });

  it('the carrier ends its own subscriber; another carrier is told there is no such customer and changes nothing', async () => {
    // Prepare
    const { world, carrier, customer } = await scene();
    const rival = await world.agent(300);

    // Act
    const byRival = await rejection(endCarrierAccount(world.partyDeps, customer.id, asAgent(rival.id)));
    const untouched = await world.parties.getCustomer(customer.id);
    const ended = await endCarrierAccount(world.partyDeps, customer.id, asAgent(carrier.id));
    const repeated = await endCarrierAccount(world.partyDeps, customer.id, asAgent(carrier.id));
    const rivalAfter = await rejection(endCarrierAccount(world.partyDeps, customer.id, asAgent(rival.id)));

    // Assess
    expect([byRival.status, byRival.code]).toEqual([404, 'CUSTOMER_NOT_FOUND']);
    expect(untouched?.carrier?.agentId).toBe(carrier.id);
    expect(ended.carrier).toBeUndefined();
    expect(ended.formerCarrier).toMatchObject({ agentId: carrier.id, endedBy: `agent:${carrier.id}` });
    expect(repeated).toEqual(ended);
    expect(rivalAfter.code).toBe('CUSTOMER_NOT_FOUND');
  });

  it('an operator ends any subscription; a customer that never had a carrier is 409, one that does not exist 404', async () => {
    // Prepare
    const { world, customer } = await scene();
    const walletOnly = await world.customer();

    // Act
    const ended = await endCarrierAccount(world.partyDeps, customer.id, world.operator);
    const never = await rejection(endCarrierAccount(world.partyDeps, walletOnly.id, world.operator));
    const neverSelf = await rejection(endCarrierAccount(world.partyDeps, walletOnly.id, asCustomer(walletOnly.id)));
    const missing = await rejection(endCarrierAccount(world.partyDeps, 'cus_ghost', world.operator));

    // Assess
    expect(ended.formerCarrier?.endedBy).toBe(`operator:${world.operator.subject}`);
    expect([never.status, never.code]).toEqual([409, 'CARRIER_ACCOUNT_NOT_FOUND']);
    expect(neverSelf.code).toBe('CARRIER_ACCOUNT_NOT_FOUND');
    expect([missing.status, missing.code]).toEqual([404, 'CUSTOMER_NOT_FOUND']);
  });
});

describe('changing carrier', () => {
  it("another carrier's code while subscribed is 409 naming the current carrier; the subscription stays", async () => {
    // Prepare
    const { world, carrier, customer, link } = await scene();
    const rival = await world.agent(300);
    const code = await link(rival.id);

    // Act
    const refused = await rejection(redeemCarrierLink(world.partyDeps, code, asCustomer(customer.id)));

    // Assess
    expect([refused.status, refused.code]).toEqual([409, 'CARRIER_ACCOUNT_EXISTS']);
    expect(refused.message).toContain(carrier.id);
    expect((await world.parties.getCustomer(customer.id))?.carrier?.agentId).toBe(carrier.id);
  });

  it('after leaving, the same carrier links again while owed; another carrier waits until the former one collected', async () => {
    // Prepare
    const { world, carrier, offer, customer, link } = await scene();
    const rival = await world.agent(300);
    await world.buy(customer.id, { offerId: offer.id });
    await world.deliverAll();
    await endCarrierAccount(world.partyDeps, customer.id, asCustomer(customer.id));
    const rivalCode = await link(rival.id);

    // Act: another carrier while 1,000 is owed, the same one, then the other once the former carrier collected
    const owed = await rejection(redeemCarrierLink(world.partyDeps, rivalCode, asCustomer(customer.id)));
    const again = await redeemCarrierLink(world.partyDeps, await link(carrier.id), asCustomer(customer.id));
    const boughtAgain = await world.buy(customer.id, { offerId: offer.id });
    await world.deliverAll();
    await endCarrierAccount(world.partyDeps, customer.id, asCustomer(customer.id));
    await world.ledger.createTransfers([
      {
        action: 'create',
        id: randomIds.next('trf'),
        debitAccountId: agentCashAccountId(carrier.id, 'JPY'),
        creditAccountId: customerCarrierAccountId(customer.id, 'JPY'),
        amountMinor: 2_000,
        currency: 'JPY',
      },
    ]);
    const changed = await redeemCarrierLink(world.partyDeps, rivalCode, asCustomer(customer.id));
    const throughRival = await world.buy(customer.id, { offerId: offer.id });

    // Assess
    expect([owed.status, owed.code]).toEqual([409, 'CARRIER_BALANCE_OUTSTANDING']);
    expect(owed.message).toContain(carrier.id);
    expect(again.carrier?.agentId).toBe(carrier.id);
    expect(boughtAgain.purchase).toMatchObject({ route: 'carrier', agentId: carrier.id });
    expect(changed.carrier?.agentId).toBe(rival.id);
    expect(changed.formerCarrier?.agentId).toBe(carrier.id);
    expect(throughRival.purchase).toMatchObject({ route: 'carrier', agentId: rival.id });
    expect(carrierCollectorOf(changed, 'JPY')).toBe(rival.id);
  });

  it('a code whose credit limit differs from the carrier account in its currency is 409: the ledger keeps the limit', async () => {
    // Prepare
    const { world, carrier, customer, link } = await scene();
    await endCarrierAccount(world.partyDeps, customer.id, asCustomer(customer.id));

    // Act
    const refused = await rejection(redeemCarrierLink(world.partyDeps, await link(carrier.id, 20_000), asCustomer(customer.id)));

    // Assess
    expect([refused.status, refused.code]).toEqual([409, 'CARRIER_CREDIT_LIMIT_FIXED']);
    expect((await world.parties.getCustomer(customer.id))?.carrier).toBeUndefined();
  });
});
