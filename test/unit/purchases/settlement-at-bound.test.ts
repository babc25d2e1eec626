import { describe, expect, it } from 'vitest';
import { makeWorld } from '../../fixtures/purchases-world';
import { expectRejectedAtBound, walletPurchase } from '../../fixtures/settlement-at-bound';
import { fillToStatedBound } from '../../fixtures/stated-bound';

/**
 * A settlement the ledger refuses because an account on statements is at its stated bound
 * (BALANCE_OVERFLOW, docs/ledger.md "Accounts on statements") is a definitive refusal of that
 * purchase, as an expired hold is (SPEC §5: the hold voided, the ticket revoked, the purchase
 * says why): the others of the batch settle, and no message is retried.
 */

describe('settlement at the stated bound', () => {
  it("rejects only the purchase whose provider's revenue account is full, with BALANCE_OVERFLOW and a sentence for the customer; a redelivery posts nothing", async () => {
    // Prepare
    const world = makeWorld();
    const full = await walletPurchase(world);
    const healthy = await walletPurchase(world);
    await fillToStatedBound(world.ledger, world.accounts.revenue(full.provider.id));
    const revenueBefore = (await world.ledger.getAccount(world.accounts.revenue(full.provider.id))).balances.posted;

    // Act
    const failed = await world.deliverAll();
    world.queue.sent.push({ purchaseId: full.purchase.id }, { purchaseId: healthy.purchase.id });
    const failedAgain = await world.deliverAll();

    // Assess
    expect(failed).toEqual([]);
    expect(failedAgain).toEqual([]);
    await expectRejectedAtBound(world, full, healthy, revenueBefore);
    expect(await world.posted(world.accounts.platform())).toBe(100);
  });
});
