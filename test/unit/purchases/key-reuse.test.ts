import { describe, expect, it } from 'vitest';
import { createOffer, type CreateOfferInput } from '../../../shared/domain/offers/offers';
import { createAgent, createCustomer, createProvider } from '../../../shared/domain/parties/parties';
import type { DomainError } from '../../../shared/errors';
import { makeWorld } from '../../fixtures/purchases-world';
import { rejection } from '../../fixtures/errors';

/**
 * Providers, agents, customers and offers created with an Idempotency-Key get an id derived
 * from it. When the HTTP idempotency record is gone (expired or released after a failure),
 * the same key with another body reaches the domain: it must be refused, not answered with
 * the record the key first created.
 */
const fieldsOf = (error: DomainError): string[] => error.fields.map((issue) => issue.field);

describe('a derived id created again with another request', () => {
  it('a provider created again with another fee rate is IDEMPOTENCY_KEY_REUSED naming platformFeeBps', async () => {
    // Prepare
    const world = makeWorld();
    const input = { name: 'Camera Co', proxySettlement: { trusted: false }, platformFeeBps: 1_000 };
    await createProvider(world.partyDeps, 'prv_derived', input, world.operator);

    // Act
    const error = await rejection(
      createProvider(world.partyDeps, 'prv_derived', { ...input, platformFeeBps: 10 }, world.operator),
    );

    // Assess
    expect(error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(fieldsOf(error)).toEqual(['platformFeeBps']);
    expect((await world.parties.getProvider('prv_derived'))?.platformFeeBps).toBe(1_000);
  });

  it('a provider created again with the same request answers the stored provider', async () => {
    // Prepare
    const world = makeWorld();
    const input = { name: 'Camera Co', proxySettlement: { trusted: true }, platformFeeBps: 1_000, currencies: ['USD', 'JPY'] };
    const first = await createProvider(world.partyDeps, 'prv_same', input, world.operator);
    world.clock.advanceSeconds(60);

    // Act
    const again = await createProvider(world.partyDeps, 'prv_same', input, world.operator);

    // Assess
    expect(again).toEqual(first);
  });

  it('an agent created again with another name and fee is refused naming both fields', async () => {
    // Prepare
    const world = makeWorld();
    await createAgent(world.partyDeps, 'agt_derived', { name: 'Carrier', feeBps: 500 }, world.operator);

    // Act
    const error = await rejection(createAgent(world.partyDeps, 'agt_derived', { name: 'Kiosk', feeBps: 900 }, world.operator));

    // Assess
    expect(error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(fieldsOf(error)).toEqual(['name', 'feeBps']);
  });

  it('a customer created again with another credit limit is refused naming carrier.creditLimitMinor', async () => {
    // Prepare
    const world = makeWorld();
    const carrier = await world.agent();
    const input = { name: 'Aiko', carrier: { agentId: carrier.id, creditLimitMinor: 10_000 } };
    await createCustomer(world.partyDeps, 'cus_derived', input, world.operator);

    // Act
    const error = await rejection(
      createCustomer(
        world.partyDeps,
        'cus_derived',
        { ...input, carrier: { agentId: carrier.id, creditLimitMinor: 9_000_000 } },
        world.operator,
      ),
    );

    // Assess
    expect(error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(fieldsOf(error)).toEqual(['carrier.creditLimitMinor']);
  });

  it('an offer created again with another price is refused naming priceMinor', async () => {
    // Prepare
    const world = makeWorld();
    const provider = await world.provider();
    const input: CreateOfferInput = {
      providerId: provider.id,
      resource: 'server-1/stream-7',
      priceMinor: 1_000,
      currency: 'JPY',
      validitySeconds: 3_600,
      capabilities: ['image'],
    };
    await createOffer(world.offerDeps, 'ofr_derived', input, world.operator);

    // Act
    const error = await rejection(createOffer(world.offerDeps, 'ofr_derived', { ...input, priceMinor: 1 }, world.operator));

    // Assess
    expect(error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(fieldsOf(error)).toEqual(['priceMinor']);
    expect((await world.offers.get('ofr_derived'))?.priceMinor).toBe(1_000);
  });
});
