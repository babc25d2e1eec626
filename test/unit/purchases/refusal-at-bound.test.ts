import { describe, expect, it } from 'vitest';
import { isDomainError, type DomainError } from '../../../shared/errors';
import { refundPurchase } from '../../../shared/domain/purchases/refund';
import { statedPostedCounterMax } from '../../../shared/limits';
import { makeBillingWorld, type BillingWorld } from '../../fixtures/billing-world';

/** A wallet's posted credits may not pass this (an exact account on statements). */
const WALLET_MAX = Number(statedPostedCounterMax(1));

const refusalOf = async (promise: Promise<unknown>): Promise<DomainError> => {
  try {
    await promise;
  } catch (error) {
    if (isDomainError(error)) return error;
    throw error;
  }
  throw new Error('expected a refusal');
};

/** Credits the wallet from an operator's account until its posted credits are at their bound. */
const fillWallet = async (world: BillingWorld, customerId: string, creditedMinor: number): Promise<string> => {
  const wallet = world.accounts.wallet(customerId);
  await world.baseLedger.createAccount({ id: 'ops-fill:JPY', currency: 'JPY' });
  await world.ledger.createTransfers([
    {
      action: 'create',
      id: `fill-${customerId}`,
      debitAccountId: 'ops-fill:JPY',
      creditAccountId: wallet,
      amountMinor: WALLET_MAX - creditedMinor,
      currency: 'JPY',
    },
  ]);
  return wallet;
};

describe("a flow's own transfers refused at the bound speak of the flow, not of the ledger's batch (probe AM D7)", () => {
  it("a refund that would pass the wallet's bound: BALANCE_OVERFLOW about the purchase, no index, no errors; nothing moved", async () => {
    // Prepare: a wallet purchase of 100, settled; the wallet then credited to its bound.
    const world = makeBillingWorld();
    const provider = await world.provider({ trusted: true });
    const agent = await world.agent();
    const customer = await world.customer();
    await world.topUp(customer.id, agent.id, 1_000);
    const offer = await world.offer(provider.id, 100);
    const { purchase } = await world.buy(customer.id, { offerId: offer.id, route: 'wallet' });
    await world.deliverAll();
    const wallet = await fillWallet(world, customer.id, 1_000);
    const before = await world.posted(wallet);

    // Act
    const refused = await refusalOf(refundPurchase(world.refundDeps, world.operator, purchase.id));

    // Assess
    expect(refused.code).toBe('BALANCE_OVERFLOW');
    expect(refused.detail).toBe(
      `Purchase "${purchase.id}" cannot be refunded: account "${wallet}" is on statements: its posted credits may not pass ${WALLET_MAX} minor units.`,
    );
    expect(refused.fields).toEqual([]);
    expect(refused.extensions).toEqual({});
    expect(await world.posted(wallet)).toBe(before);
    expect((await world.purchases.get(purchase.id))?.status).toBe('settled');
  });

  it("a kiosk's top-up (two linked legs) that would pass the wallet's bound: about the top-up, naming its amountMinor, no index", async () => {
    // Prepare: a kiosk with a top-up fee (its top-up is the top-up leg linked to the fee leg); the wallet at its bound.
    const world = makeBillingWorld();
    const kiosk = await world.agent(0, 1_000);
    const customer = await world.customer();
    const wallet = await fillWallet(world, customer.id, 0);

    // Act
    const refused = await refusalOf(world.topUp(customer.id, kiosk.id, 100));

    // Assess
    expect(refused.code).toBe('BALANCE_OVERFLOW');
    expect(refused.detail).toBe(
      `The top-up cannot be made: account "${wallet}" is on statements: its posted credits may not pass ${WALLET_MAX} minor units.`,
    );
    expect(refused.fields.map((issue) => issue.field)).toEqual(['amountMinor']);
    expect(refused.extensions).toEqual({});
    expect(await world.posted(wallet)).toBe(WALLET_MAX);
  });
});
