import { describe, expect, it } from 'vitest';
import { dynamoDocumentClient } from '../../../shared/adapters/aws/clients';
import { DynamoOfferStore } from '../../../shared/adapters/aws/offers-dynamodb';
import { DynamoPartyStore } from '../../../shared/adapters/aws/parties-dynamodb';
import { resourceFromEnv } from '../../../shared/config';
import { withdrawOffer } from '../../../shared/domain/offers/offers';
import type { OfferStore } from '../../../shared/domain/offers/ports';
import { setProviderTrust } from '../../../shared/domain/parties/trust';
import type { PartyStore } from '../../../shared/domain/parties/ports';
import type { PurchaseRecord } from '../../../shared/domain/purchases/purchase';
import { DomainError } from '../../../shared/errors';
import { coreTable } from '../../../shared/resources/tables';
import { type World } from '../../fixtures/purchases-world';
import { dynamoPurchaseWorld } from '../../fixtures/dynamo-purchases-world';

/**
 * A purchase racing an operator's trust change or the offer's withdrawal, on DynamoDB Local
 * through the real adapters: each purchase is whole — the route, the fee rates and the hold of
 * one reading of the provider; completed (held, stored, ticket, settled) or refused with
 * nothing held — never half.
 */
const tableName = resourceFromEnv(process.env, coreTable);
const client = dynamoDocumentClient();

const realWorld = (stores: { parties?: PartyStore; offers?: OfferStore } = {}) => dynamoPurchaseWorld(stores);

const CARRIER_FEE_BPS = 500;
const PRICE_MINOR = 100;
const BUYERS = 6;

/** A provider, a carrier, `BUYERS` subscribers with room on both routes, an offer at PRICE_MINOR. */
const scene = async (world: World, trusted: boolean) => {
  const provider = await world.provider({ trusted, platformFeeBps: 1_000 });
  const carrier = await world.agent(CARRIER_FEE_BPS);
  const customers = await Promise.all(
    Array.from({ length: BUYERS }, () => world.customer({ agentId: carrier.id, creditLimitMinor: 10_000 })),
  );
  await Promise.all(customers.map((customer) => world.topUp(customer.id, carrier.id, 1_000)));
  const offer = await world.offer(provider.id, PRICE_MINOR);
  return { provider, carrier, customers, offer };
};

/** The purchase's terms all come from one route: its payer, its carrier fee and where its money went. */
const expectWhole = async (world: World, purchase: PurchaseRecord) => {
  const carrierRoute = purchase.route === 'carrier';
  expect(purchase.payerAccountId).toBe(
    carrierRoute ? world.accounts.carrier(purchase.customerId) : world.accounts.wallet(purchase.customerId),
  );
  expect(purchase.carrierFeeBps).toBe(carrierRoute ? CARRIER_FEE_BPS : 0);
  expect(await world.posted(world.accounts.carrier(purchase.customerId))).toBe(carrierRoute ? -PRICE_MINOR : 0);
  expect(await world.posted(world.accounts.wallet(purchase.customerId))).toBe(carrierRoute ? 1_000 : 1_000 - PRICE_MINOR);
};

describe('a purchase racing a change of its provider’s trust', () => {
  it('a trust withdrawal landing right after the purchase read the provider leaves it whole on the carrier route', async () => {
    // Prepare: the change runs between the purchase's reading of the provider and its hold.
    const parties = new DynamoPartyStore(client, tableName);
    const world = realWorld({ parties });
    const { provider, customers, offer } = await scene(world, true);
    const [buyer] = customers;
    if (buyer === undefined) throw new Error('a buyer');
    const read = parties.getProvider.bind(parties);
    let changed = false;
    parties.getProvider = async (id) => {
      const provider = await read(id);
      if (!changed) {
        changed = true;
        await setProviderTrust(world.partyDeps, id, false, world.operator);
      }
      return provider;
    };

    // Act
    const { purchase } = await world.buy(buyer.id, { offerId: offer.id });
    const failed = await world.deliverAll();
    const next = await world.buy(buyer.id, { offerId: offer.id });

    // Assess
    expect(changed).toBe(true);
    expect(failed).toEqual([]);
    expect(purchase.route).toBe('carrier');
    expect((await world.purchases.get(purchase.id))?.status).toBe('settled');
    await expectWhole(world, purchase);
    expect(next.purchase.route).toBe('wallet');
    expect((await world.parties.getProvider(provider.id))?.proxySettlement.trusted).toBe(false);
  });

  it('purchases racing trust changes each take one route whole, and all settle', async () => {
    // Prepare
    const world = realWorld();
    const { provider, customers, offer } = await scene(world, true);

    // Act
    const [bought] = await Promise.all([
      Promise.all(customers.map((customer) => world.buy(customer.id, { offerId: offer.id }))),
      setProviderTrust(world.partyDeps, provider.id, false, world.operator),
    ]);
    const failed = await world.deliverAll();

    // Assess
    expect(failed).toEqual([]);
    for (const { purchase } of bought) {
      expect((await world.purchases.get(purchase.id))?.status).toBe('settled');
      await expectWhole(world, purchase);
    }
  });
});

describe('a purchase racing the withdrawal of its offer', () => {
  it('read before the withdrawal it completes; after, it is refused with nothing held', async () => {
    // Prepare: the withdrawal runs right after the first purchase read the offer.
    const offers = new DynamoOfferStore(client, tableName);
    const world = realWorld({ offers });
    const { provider, customers, offer } = await scene(world, false);
    const [first, second] = customers;
    if (first === undefined || second === undefined) throw new Error('two buyers');
    const read = offers.get.bind(offers);
    let withdrawn = false;
    offers.get = async (id) => {
      const stored = await read(id);
      if (!withdrawn) {
        withdrawn = true;
        await withdrawOffer(world.offerDeps, id, { role: 'provider', subject: provider.id });
      }
      return stored;
    };

    // Act
    const completed = await world.buy(first.id, { offerId: offer.id });
    const refused = await world.buy(second.id, { offerId: offer.id }).catch((error: unknown) => error);
    const failed = await world.deliverAll();

    // Assess
    expect(withdrawn).toBe(true);
    expect(failed).toEqual([]);
    expect((await world.purchases.get(completed.purchase.id))?.status).toBe('settled');
    expect(completed.ticket).toBeDefined();
    expect(refused).toBeInstanceOf(DomainError);
    expect((refused as DomainError).code).toBe('OFFER_WITHDRAWN');
    expect(await world.pending(world.accounts.wallet(second.id))).toBe(0);
    expect(await world.posted(world.accounts.wallet(second.id))).toBe(1_000);
  });

  it('purchases racing the withdrawal either complete or are refused whole; the listing drops the offer', async () => {
    // Prepare
    const world = realWorld();
    const { provider, customers, offer } = await scene(world, false);

    // Act
    const [outcomes] = await Promise.all([
      Promise.allSettled(customers.map((customer) => world.buy(customer.id, { offerId: offer.id }))),
      withdrawOffer(world.offerDeps, offer.id, world.operator),
    ]);
    const failed = await world.deliverAll();
    const listed = await world.offers.list({ providerId: provider.id, keywords: [], limit: 10 });
    const listedWithWithdrawn = await world.offers.list({
      providerId: provider.id,
      keywords: [],
      limit: 10,
      includeWithdrawn: true,
    });

    // Assess
    expect(failed).toEqual([]);
    for (const [index, outcome] of outcomes.entries()) {
      const customerId = customers[index]?.id ?? '';
      if (outcome.status === 'fulfilled') {
        expect((await world.purchases.get(outcome.value.purchase.id))?.status).toBe('settled');
        expect(outcome.value.ticket).toBeDefined();
        expect(await world.posted(world.accounts.wallet(customerId))).toBe(1_000 - PRICE_MINOR);
      } else {
        expect(outcome.reason).toMatchObject({ code: 'OFFER_WITHDRAWN' });
        expect(await world.posted(world.accounts.wallet(customerId))).toBe(1_000);
      }
      expect(await world.pending(world.accounts.wallet(customerId))).toBe(0);
    }
    expect(listed.offers.map((listedOffer) => listedOffer.id)).toEqual([]);
    expect(listedWithWithdrawn.offers.map((listedOffer) => listedOffer.id)).toEqual([offer.id]);
    expect((await world.offers.get(offer.id))?.withdrawnAt).toBeDefined();
  });

  it('concurrent withdrawals keep the first withdrawnAt', async () => {
    // Prepare
    const world = realWorld();
    const { provider, offer } = await scene(world, false);

    // Act
    const answers = await Promise.all([
      withdrawOffer(world.offerDeps, offer.id, world.operator),
      withdrawOffer(world.offerDeps, offer.id, { role: 'provider', subject: provider.id }),
    ]);

    // Assess
    const stored = await world.offers.get(offer.id);
    expect(answers.map((answer) => answer.withdrawnAt)).toEqual([stored?.withdrawnAt, stored?.withdrawnAt]);
  });
});
