import { describe, expect, it } from 'vitest';
import { RESERVATION_HOLD_CODE, requireHoldNotOwnedByFlow } from '../../../shared/domain/payments/owned-transfers';
import { refundPurchase } from '../../../shared/domain/purchases/refund';
import { settlePurchase } from '../../../shared/domain/purchases/settle';
import { makeWorld, type World } from '../../fixtures/purchases-world';
import { rejection } from '../../fixtures/errors';

/**
 * A purchase hold posted by something else than its settlement (before the ledger API
 * refused flow-owned holds, an operator's POST /v1/transfers/{id}/post): the worker and the
 * refund give the money back and end the purchase instead of retrying until the dead-letter
 * queue, and a refund is never TRANSFER_NOT_FOUND.
 */

/** A wallet customer with 5,000 JPY, an untrusted provider at 10 %, an offer at 1,000, bought and not settled yet. */
const bought = async (world: World) => {
  const provider = await world.provider({ trusted: false, platformFeeBps: 1_000 });
  const kiosk = await world.agent(300);
  const customer = await world.customer();
  await world.topUp(customer.id, kiosk.id, 5_000);
  const offer = await world.offer(provider.id, 1_000);
  const { purchase } = await world.buy(customer.id, { offerId: offer.id });
  return { provider, kiosk, customer, purchase };
};

/** Bought, then the hold posted from outside its settlement. */
const postedFromOutside = async (world: World) => {
  const scene = await bought(world);
  await world.ledger.postPending({ id: 'trf_operator_post', pendingId: scene.purchase.holdTransferId });
  return scene;
};

describe('a purchase hold posted outside its settlement', () => {
  it('the worker rejects the purchase once, reverses the foreign post and revokes the ticket: no retry, no money kept', async () => {
    // Prepare
    const world = makeWorld();
    const { provider, customer, purchase } = await postedFromOutside(world);

    // Act
    const outcome = await settlePurchase(world.settlementDeps, purchase.id);
    const again = await settlePurchase(world.settlementDeps, purchase.id);

    // Assess
    const stored = await world.purchases.get(purchase.id);
    expect(outcome).toBe('rejected');
    expect(again).toBe('unchanged');
    expect(stored?.status).toBe('rejected');
    expect(stored?.rejection?.reasonCode).toBe('PENDING_TRANSFER_ALREADY_POSTED');
    expect(stored?.rejection?.detail).toMatch(/^The payment hold was taken outside the purchase settlement[^]*revoked\.$/);
    expect(stored?.rejection?.detail).not.toMatch(/linked batch|trf_/);
    expect(await world.posted(world.accounts.wallet(customer.id))).toBe(5_000);
    expect(await world.posted(world.accounts.revenue(provider.id))).toBe(0);
    expect(await world.posted(world.accounts.platform())).toBe(0);
    expect((await world.ticketStore.get(purchase.ticketId))?.status).toBe('revoked');
  });

  it('a refund of the authorized purchase reverses the foreign post and ends refunded, never TRANSFER_NOT_FOUND', async () => {
    // Prepare
    const world = makeWorld();
    const { provider, customer, purchase } = await postedFromOutside(world);

    // Act
    const refunded = await refundPurchase(world.refundDeps, world.operator, purchase.id);
    const workerAfter = await settlePurchase(world.settlementDeps, purchase.id);

    // Assess
    expect(refunded.status).toBe('refunded');
    expect(refunded.refund?.transferIds).toHaveLength(1);
    expect(workerAfter).toBe('unchanged');
    expect(await world.posted(world.accounts.wallet(customer.id))).toBe(5_000);
    expect(await world.posted(world.accounts.revenue(provider.id))).toBe(0);
    expect((await world.ticketStore.get(purchase.ticketId))?.status).toBe('revoked');
  });

  it('a refund that reversed the foreign post and crashed before marking is finished by the worker as a refund', async () => {
    // Prepare
    const world = makeWorld();
    const { customer, purchase } = await postedFromOutside(world);
    const markRefunded = world.purchases.markRefunded.bind(world.purchases);
    world.purchases.markRefunded = async () => {
      throw new Error('injected crash before marking the purchase refunded');
    };
    await expect(refundPurchase(world.refundDeps, world.operator, purchase.id)).rejects.toThrow('injected crash');
    world.purchases.markRefunded = markRefunded;

    // Act
    const outcome = await settlePurchase(world.settlementDeps, purchase.id);

    // Assess
    expect(outcome).toBe('refunded');
    expect((await world.purchases.get(purchase.id))?.status).toBe('refunded');
    expect(await world.posted(world.accounts.wallet(customer.id))).toBe(5_000);
  });
});

describe('what a rejected purchase tells its customer', () => {
  it('a hold voided outside the purchase: the rejection keeps the code and says why in a sentence, without ledger wording', async () => {
    // Prepare
    const world = makeWorld();
    const { purchase } = await bought(world);
    await world.ledger.voidPending({ id: 'trf_operator_void', pendingId: purchase.holdTransferId });

    // Act
    const outcome = await settlePurchase(world.settlementDeps, purchase.id);

    // Assess
    const rejection = (await world.purchases.get(purchase.id))?.rejection;
    expect(outcome).toBe('rejected');
    expect(rejection?.reasonCode).toBe('PENDING_TRANSFER_ALREADY_VOIDED');
    expect(rejection?.detail).toBe(
      'The payment hold had already been released before the purchase could be settled. Nothing was charged and the ticket was revoked.',
    );
  });
});

describe('holds a kippu flow owns', () => {
  it('a purchase hold cannot be posted or voided through the generic ledger API: 409 naming the purchase', async () => {
    // Prepare
    const world = makeWorld();
    const { purchase } = await bought(world);

    // Act
    const refused = await rejection(requireHoldNotOwnedByFlow(world.ledger, purchase.holdTransferId));
    const missing = await rejection(requireHoldNotOwnedByFlow(world.ledger, 'trf_nothing_here'));

    // Assess
    expect(refused.code).toBe('PENDING_TRANSFER_OWNED_BY_FLOW');
    expect(refused.status).toBe(409);
    expect(refused.extensions).toEqual({ flow: 'purchase', ownerId: purchase.id });
    expect(refused.detail).toMatch(/^Hold .* belongs to purchase .*\.$/);
    expect(missing.code).toBe('PENDING_TRANSFER_NOT_FOUND');
  });

  it("a reservation's price hold is refused too, naming the reservation", async () => {
    // Prepare
    const world = makeWorld();
    const { kiosk, customer } = await bought(world);
    await world.ledger.createTransfers([
      {
        action: 'create',
        id: 'trf_reservation_hold',
        debitAccountId: world.accounts.wallet(customer.id),
        creditAccountId: world.accounts.agentFees(kiosk.id),
        amountMinor: 100,
        currency: 'JPY',
        timeoutSeconds: 60,
        code: RESERVATION_HOLD_CODE,
        reference: 'rsv_1',
      },
    ]);

    // Act
    const refused = await rejection(requireHoldNotOwnedByFlow(world.ledger, 'trf_reservation_hold'));

    // Assess
    expect(refused.code).toBe('PENDING_TRANSFER_OWNED_BY_FLOW');
    expect(refused.extensions).toEqual({ flow: 'reservation', ownerId: 'rsv_1' });
  });

  it('a hold of the generic API stays the operator’s to post', async () => {
    // Prepare
    const world = makeWorld();
    const { kiosk, customer } = await bought(world);
    await world.ledger.createTransfers([
      {
        action: 'create',
        id: 'trf_operator_hold',
        debitAccountId: world.accounts.wallet(customer.id),
        creditAccountId: world.accounts.agentFees(kiosk.id),
        amountMinor: 100,
        currency: 'JPY',
        timeoutSeconds: 60,
        code: 'manual',
      },
    ]);

    // Act / Assess
    await expect(requireHoldNotOwnedByFlow(world.ledger, 'trf_operator_hold')).resolves.toBeUndefined();
  });
});
