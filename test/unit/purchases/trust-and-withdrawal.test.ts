import { describe, expect, it } from 'vitest';
import { includesWithdrawn, offerView, withdrawOffer } from '../../../shared/domain/offers/offers';
import { providerView } from '../../../shared/domain/parties/parties';
import { setProviderTrust } from '../../../shared/domain/parties/trust';
import { refundPurchase } from '../../../shared/domain/purchases/refund';
import { rejection } from '../../fixtures/errors';
import { makeWorld, type World } from '../../fixtures/purchases-world';

/**
 * SPEC S4's trusted-provider registry (an operator changes a provider's trust) and the one
 * change an offer knows (its withdrawal): what comes after takes the new state, what was
 * authorized before keeps its own.
 */
const providerOf = (id: string) => ({ role: 'provider', subject: id }) as const;

/** A provider, a carrier with a subscriber who also has 5,000 JPY in the wallet, an offer at 1,000 JPY. */
const scene = async (world: World, trusted: boolean) => {
  const provider = await world.provider({ trusted, platformFeeBps: 1_000 });
  const carrier = await world.agent(500);
  const customer = await world.customer({ agentId: carrier.id, creditLimitMinor: 10_000 });
  await world.topUp(customer.id, carrier.id, 5_000);
  const offer = await world.offer(provider.id, 1_000);
  return { provider, carrier, customer, offer };
};

describe("an operator changes a provider's trust for proxy settlement", () => {
  it('purchases after the change take the route it decides, and the provider shows when it changed', async () => {
    // Prepare
    const world = makeWorld();
    const { provider, customer, offer } = await scene(world, false);
    const before = await world.buy(customer.id, { offerId: offer.id });

    // Act
    world.clock.advanceSeconds(60);
    const trusted = await setProviderTrust(world.partyDeps, provider.id, true, world.operator);
    const after = await world.buy(customer.id, { offerId: offer.id });

    // Assess
    expect(before.purchase.route).toBe('wallet');
    expect(after.purchase.route).toBe('carrier');
    expect(providerView(trusted).proxySettlement).toEqual({
      trusted: true,
      changedAt: new Date(world.clock.now()).toISOString(),
    });
    expect((await world.parties.getProvider(provider.id))?.proxySettlement.trusted).toBe(true);
  });

  it('a purchase authorized on the carrier route before trust is withdrawn settles on it; the next one pays from the wallet', async () => {
    // Prepare
    const world = makeWorld();
    const { provider, carrier, customer, offer } = await scene(world, true);
    const authorized = await world.buy(customer.id, { offerId: offer.id });

    // Act
    await setProviderTrust(world.partyDeps, provider.id, false, world.operator);
    const failed = await world.deliverAll();
    const next = await world.buy(customer.id, { offerId: offer.id });

    // Assess
    expect(failed).toEqual([]);
    expect(await world.purchases.get(authorized.purchase.id)).toMatchObject({
      status: 'settled',
      route: 'carrier',
      carrierFeeBps: 500,
    });
    expect(await world.posted(world.accounts.carrier(customer.id))).toBe(-1_000);
    expect(await world.posted(world.accounts.agentFees(carrier.id))).toBe(50);
    expect(next.purchase).toMatchObject({ route: 'wallet', carrierFeeBps: 0 });
  });

  it('setting the trust in force changes nothing; only an operator may; no provider is 404', async () => {
    // Prepare
    const world = makeWorld();
    const { provider } = await scene(world, true);
    const first = await setProviderTrust(world.partyDeps, provider.id, false, world.operator);
    world.clock.advanceSeconds(60);

    // Act
    const again = await setProviderTrust(world.partyDeps, provider.id, false, world.operator);
    const byProvider = await rejection(setProviderTrust(world.partyDeps, provider.id, true, providerOf(provider.id)));
    const missing = await rejection(setProviderTrust(world.partyDeps, 'prv_missing', true, world.operator));

    // Assess
    expect(again.proxySettlement).toEqual(first.proxySettlement);
    expect(byProvider.code).toBe('FORBIDDEN');
    expect(missing.code).toBe('PROVIDER_NOT_FOUND');
    expect((await world.parties.getProvider(provider.id))?.proxySettlement.trusted).toBe(false);
  });
});

describe('withdrawing an offer', () => {
  it('a new purchase is refused 409 OFFER_WITHDRAWN and holds nothing; the offer shows withdrawnAt', async () => {
    // Prepare
    const world = makeWorld();
    const { provider, customer, offer } = await scene(world, false);

    // Act
    const withdrawn = await withdrawOffer(world.offerDeps, offer.id, providerOf(provider.id));
    const refused = await rejection(world.buy(customer.id, { offerId: offer.id }));

    // Assess
    expect(offerView(withdrawn)).toMatchObject({ id: offer.id, withdrawnAt: new Date(world.clock.now()).toISOString() });
    expect(offerView(withdrawn)).not.toHaveProperty('withdrawnBy');
    expect(refused.code).toBe('OFFER_WITHDRAWN');
    expect(refused.fields).toEqual([{ field: 'offerId', message: 'was withdrawn' }]);
    expect(await world.pending(world.accounts.wallet(customer.id))).toBe(0);
    expect(await world.pending(world.accounts.carrier(customer.id))).toBe(0);
  });

  it('purchases made before settle and refund as before, and a retry of one with its key still answers it', async () => {
    // Prepare
    const world = makeWorld();
    const { provider, customer, offer } = await scene(world, false);
    const settled = await world.buy(customer.id, { offerId: offer.id });
    const pending = await world.buy(customer.id, { offerId: offer.id }, 'key-pending');
    await world.deliverAll();
    const authorized = await world.buy(customer.id, { offerId: offer.id }, 'key-authorized');

    // Act
    await withdrawOffer(world.offerDeps, offer.id, world.operator);
    const retried = await world.buy(customer.id, { offerId: offer.id }, 'key-authorized');
    const failed = await world.deliverAll();
    const refunded = await refundPurchase(world.refundDeps, providerOf(provider.id), settled.purchase.id);

    // Assess
    expect(failed).toEqual([]);
    expect(retried.purchase.id).toBe(authorized.purchase.id);
    expect((await world.purchases.get(pending.purchase.id))?.status).toBe('settled');
    expect((await world.purchases.get(authorized.purchase.id))?.status).toBe('settled');
    expect(refunded.status).toBe('refunded');
  });

  it('is idempotent: a repeat keeps the first withdrawnAt', async () => {
    // Prepare
    const world = makeWorld();
    const { provider, offer } = await scene(world, false);
    const first = await withdrawOffer(world.offerDeps, offer.id, providerOf(provider.id));
    world.clock.advanceSeconds(60);

    // Act
    const again = await withdrawOffer(world.offerDeps, offer.id, providerOf(provider.id));

    // Assess
    expect(again.withdrawnAt).toBe(first.withdrawnAt);
  });

  it("only the offer's provider or an operator withdraws it; no offer is 404 OFFER_NOT_FOUND", async () => {
    // Prepare
    const world = makeWorld();
    const { customer, offer } = await scene(world, false);
    const other = await world.provider();

    // Act
    const byOther = await rejection(withdrawOffer(world.offerDeps, offer.id, providerOf(other.id)));
    const byCustomer = await rejection(withdrawOffer(world.offerDeps, offer.id, { role: 'customer', subject: customer.id }));
    const missing = await rejection(withdrawOffer(world.offerDeps, 'ofr_missing', world.operator));

    // Assess
    expect([byOther.code, byCustomer.code, missing.code]).toEqual(['FORBIDDEN', 'FORBIDDEN', 'OFFER_NOT_FOUND']);
    expect((await world.offers.get(offer.id))?.withdrawnAt).toBeUndefined();
  });

  it('listings leave withdrawn offers out unless their provider or an operator asks for them', async () => {
    // Prepare
    const world = makeWorld();
    const { provider, offer } = await scene(world, false);
    world.clock.advanceSeconds(1);
    const onSale = await world.offer(provider.id, 2_000);
    await withdrawOffer(world.offerDeps, offer.id, providerOf(provider.id));
    const ids = async (query: { providerId?: string; includeWithdrawn?: boolean }) =>
      (await world.offers.list({ keywords: [], limit: 10, ...query })).offers.map((listed) => listed.id);

    // Act
    const all = await ids({});
    const own = await ids({ providerId: provider.id });
    const ownWithWithdrawn = await ids({ providerId: provider.id, includeWithdrawn: true });
    const other = await world.provider();
    const foreignAsk = () => includesWithdrawn(providerOf(other.id), { include: 'withdrawn', providerId: provider.id });

    // Assess
    expect(all).toEqual([onSale.id]);
    expect(own).toEqual([onSale.id]);
    expect(ownWithWithdrawn).toEqual([onSale.id, offer.id]);
    expect(includesWithdrawn(providerOf(provider.id), { include: 'withdrawn', providerId: provider.id })).toBe(true);
    expect(includesWithdrawn(world.operator, { include: 'withdrawn' })).toBe(true);
    expect(includesWithdrawn(providerOf(provider.id), {})).toBe(false);
    expect(foreignAsk).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
    expect(() => includesWithdrawn(providerOf(provider.id), { include: 'withdrawn' })).toThrow(
      expect.objectContaining({ code: 'FORBIDDEN' }),
    );
  });
});
