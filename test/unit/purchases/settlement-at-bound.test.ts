import { describe, expect, it } from 'vitest';
import { makeWorld, type World } from '../../fixtures/purchases-world';
import { fillToStatedBound } from '../../fixtures/stated-bound';

/**
 * A settlement the ledger refuses because an account on statements is at its stated bound
 * (BALANCE_OVERFLOW, docs/ledger.md "Accounts on statements") is a definitive refusal of that
 * purchase, as an expired hold is (SPEC §5: the hold voided, the ticket revoked, the purchase
 * says why): the others of the batch settle, and no message is retried.
 */
const bought = async (world: World) => {
  const provider = await world.provider({ trusted: false, platformFeeBps: 1_000 });
  const kiosk = await world.agent();
  const customer = await world.customer();
  await world.topUp(customer.id, kiosk.id, 3_000);
  const offer = await world.offer(provider.id, 1_000);
  const { purchase } = await world.buy(customer.id, { offerId: offer.id });
  return { provider, customer, purchase };
};

describe('settlement at the stated bound', () => {
  it("rejects only the purchase whose provider's revenue account is full, with BALANCE_OVERFLOW and a sentence for the customer; a redelivery posts nothing", async () => {
    // Prepare
    const world = makeWorld();
    const full = await bought(world);
    const healthy = await bought(world);
    await fillToStatedBound(world.ledger, world.accounts.revenue(full.provider.id));
    const revenueBefore = (await world.ledger.getAccount(world.accounts.revenue(full.provider.id))).balances.posted;

    // Act
    const failed = await world.deliverAll();
    world.queue.sent.push({ purchaseId: full.purchase.id }, { purchaseId: healthy.purchase.id });
    const failedAgain = await world.deliverAll();

    // Assess
    expect(failed).toEqual([]);
    expect(failedAgain).toEqual([]);
    const refused = await world.purchases.get(full.purchase.id);
    expect(refused?.status).toBe('rejected');
    expect(refused?.rejection).toMatchObject({
      reasonCode: 'BALANCE_OVERFLOW',
      detail:
        'An account this payment goes through has moved the most money a statement can state, so the payment could not be settled. Nothing was charged and the ticket was revoked.',
    });
    expect((await world.ledger.getAccount(world.accounts.revenue(full.provider.id))).balances).toMatchObject({
      posted: revenueBefore,
      pending: 0,
    });
    expect(await world.posted(world.accounts.wallet(full.customer.id))).toBe(3_000);
    expect(await world.pending(world.accounts.wallet(full.customer.id))).toBe(0);
    expect((await world.ticketStore.get(full.purchase.ticketId))?.status).toBe('revoked');
    expect((await world.purchases.get(healthy.purchase.id))?.status).toBe('settled');
    expect(await world.posted(world.accounts.revenue(healthy.provider.id))).toBe(900);
    expect(await world.posted(world.accounts.platform())).toBe(100);
  });
});
