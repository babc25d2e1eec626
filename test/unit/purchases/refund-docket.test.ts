import { verifyDocket, verifyRefundDocket } from '@kippu/verify';
import { decodeProtectedHeader } from 'jose';
import { describe, expect, it } from 'vitest';
import { LocalKeyJwsSigner } from '../../../shared/adapters/memory/tickets';
import { MemoryPurchaseStore } from '../../../shared/adapters/memory/purchases';
import { isDomainError } from '../../../shared/errors';
import { purchaseReversalTransferIdFor } from '../../../shared/domain/payments/charge-legs';
import { refundPurchase } from '../../../shared/domain/purchases/refund';
import { REFUND_DOCKET_TYPE, refundDocketIdFor, servedRefundDocket } from '../../../shared/domain/purchases/refund-docket';
import type { Principal } from '../../../shared/domain/principal';
import { makeWorld, WORLD_ISSUER, type World } from '../../fixtures/purchases-world';
import { docketGetHandler, readServedDocket } from '../../fixtures/served-docket';

/**
 * The refund docket (shared/domain/purchases/refund-docket.ts): a refund that reverses a
 * settlement signs the reversal of each leg for the docket's audience, once, in the refund's
 * own write; GET /v1/purchases/{id}/refund-docket serves it to the docket's readers.
 */
const carrierScene = async (world: World, carrierFeeBps = 300, priceMinor = 999) => {
  const provider = await world.provider({ trusted: true, platformFeeBps: 1_000 });
  const carrier = await world.agent(carrierFeeBps);
  const customer = await world.customer({ agentId: carrier.id, creditLimitMinor: 10_000 });
  const offer = await world.offer(provider.id, priceMinor);
  return { provider, carrier, customer, offer };
};

const jwksOf = async (world: World) => ({ keys: [await (world.signer as LocalKeyJwsSigner).publicJwk()] });

const settledPurchase = async (world: World, carrierFeeBps = 300, priceMinor = 999) => {
  const scene = await carrierScene(world, carrierFeeBps, priceMinor);
  const { purchase } = await world.buy(scene.customer.id, { offerId: scene.offer.id });
  await world.deliverAll();
  const settled = await world.purchases.get(purchase.id);
  if (settled?.status !== 'settled') throw new Error(`purchase ${purchase.id} did not settle`);
  return { ...scene, purchase: settled };
};

const reading = (world: World) => ({ ...world.docketDeps, purchases: world.purchases });

describe('the refund docket of a settled purchase', () => {
  it('names the docket, every leg with its reversal and amount, the amounts and the time, for the docket’s audience', async () => {
    // Prepare
    const world = makeWorld();
    const { provider, carrier, purchase } = await settledPurchase(world);

    // Act
    const refunded = await refundPurchase(world.refundDeps, world.operator, purchase.id);
    const token = refunded.refund?.refundDocket ?? '';
    const options = { jwks: await jwksOf(world), issuer: WORLD_ISSUER, audience: carrier.id };
    const result = await verifyRefundDocket(token, options);
    const docket = await verifyDocket(purchase.settlement?.docket ?? '', options);

    // Assess
    expect(decodeProtectedHeader(token).typ).toBe(REFUND_DOCKET_TYPE);
    if (!result.ok || !docket.ok) throw new Error('the docket and the refund docket verify for the carrier');
    expect(refunded.refund?.refundDocketId).toBe(refundDocketIdFor(purchase.id));
    expect(result.claims).toEqual({
      iss: WORLD_ISSUER,
      sub: docket.claims.sub,
      aud: [provider.id, carrier.id],
      jti: refundDocketIdFor(purchase.id),
      iat: Math.floor(Date.parse(refunded.refund?.refundedAt ?? '') / 1000),
      pur: purchase.id,
      dkt: docket.claims.jti,
      tkt: purchase.ticketId,
      route: 'carrier',
      prv: provider.id,
      agt: carrier.id,
      cur: 'JPY',
      amounts: docket.claims.amounts,
      legs: [
        { kind: 'post', trf: purchaseReversalTransferIdFor(purchase.id, 'post'), rev: docket.claims.legs[0], amountMinor: 999 },
        {
          kind: 'platformFee',
          trf: purchaseReversalTransferIdFor(purchase.id, 'platformFee'),
          rev: docket.claims.legs[1],
          amountMinor: 99,
        },
        {
          kind: 'carrierFee',
          trf: purchaseReversalTransferIdFor(purchase.id, 'carrierFee'),
          rev: docket.claims.legs[2],
          amountMinor: 29,
        },
      ],
      refundedAt: Math.floor(Date.parse(refunded.refund?.refundedAt ?? '') / 1000),
    });
    expect(docket.claims.amounts).toEqual({ grossMinor: 999, providerNetMinor: 871, platformFeeMinor: 99, carrierFeeMinor: 29 });
    expect(result.claims.legs.map((leg) => leg.trf)).toEqual(refunded.refund?.transferIds);
  });

  it('of a carrier whose fee floors to 0 has no carrier leg; a wallet purchase’s is addressed to the provider alone', async () => {
    // Prepare
    const world = makeWorld();
    const floored = await settledPurchase(world, 300, 30);
    const walletProvider = await world.provider({ trusted: false });
    const kiosk = await world.agent();
    const walletCustomer = await world.customer();
    await world.topUp(walletCustomer.id, kiosk.id, 1_000);
    const offer = await world.offer(walletProvider.id, 500);
    const { purchase: walletPurchase } = await world.buy(walletCustomer.id, { offerId: offer.id });
    await world.deliverAll();

    // Act
    const flooredRefund = await refundPurchase(world.refundDeps, world.operator, floored.purchase.id);
    const walletRefund = await refundPurchase(world.refundDeps, world.operator, walletPurchase.id);
    const jwks = await jwksOf(world);
    const flooredClaims = await verifyRefundDocket(flooredRefund.refund?.refundDocket ?? '', {
      jwks,
      issuer: WORLD_ISSUER,
      audience: floored.carrier.id,
    });
    const walletClaims = await verifyRefundDocket(walletRefund.refund?.refundDocket ?? '', {
      jwks,
      issuer: WORLD_ISSUER,
      audience: walletProvider.id,
    });

    // Assess
    expect(flooredClaims).toMatchObject({
      ok: true,
      claims: { amounts: { grossMinor: 30, platformFeeMinor: 3, carrierFeeMinor: 0, providerNetMinor: 27 } },
    });
    expect(flooredClaims.ok && flooredClaims.claims.legs.map((leg) => [leg.kind, leg.amountMinor])).toEqual([
      ['post', 30],
      ['platformFee', 3],
    ]);
    expect(walletClaims).toMatchObject({ ok: true, claims: { aud: walletProvider.id, route: 'wallet' } });
    expect(walletClaims.ok && 'agt' in walletClaims.claims).toBe(false);
  });

  it('is signed once: a retried refund answers the refund docket the first stored, and the reads serve it as stored', async () => {
    // Prepare
    const world = makeWorld();
    const { purchase } = await settledPurchase(world);

    // Act
    const first = await refundPurchase(world.refundDeps, world.operator, purchase.id);
    world.clock.advanceSeconds(60);
    const retried = await refundPurchase(world.refundDeps, world.operator, purchase.id);
    const stored = await world.purchases.get(purchase.id);
    const served = await servedRefundDocket(reading(world), stored ?? purchase);

    // Assess
    expect(retried.refund).toEqual(first.refund);
    expect(served).toEqual({
      purchaseId: purchase.id,
      refundDocketId: refundDocketIdFor(purchase.id),
      docketId: purchase.settlement?.docketId,
      token: first.refund?.refundDocket,
    });
  });

  it('a crash before the refund’s write stores nothing; the retry stores one refund docket with the retry’s time', async () => {
    // Prepare: markRefunded fails once (fault injection), after the legs were reversed and the docket signed.
    const store = new MemoryPurchaseStore();
    let crashed = false;
    const purchases = Object.assign(Object.create(store) as MemoryPurchaseStore, {
      markRefunded: async (...args: Parameters<MemoryPurchaseStore['markRefunded']>) => {
        if (!crashed) {
          crashed = true;
          throw new Error('injected crash before the refund is recorded');
        }
        return store.markRefunded(...args);
      },
    });
    const world = makeWorld({ purchases });
    const { purchase } = await settledPurchase(world);

    // Act
    await expect(refundPurchase(world.refundDeps, world.operator, purchase.id)).rejects.toThrow('injected crash');
    const afterCrash = await store.get(purchase.id);
    world.clock.advanceSeconds(5);
    const retried = await refundPurchase(world.refundDeps, world.operator, purchase.id);

    // Assess
    expect(afterCrash?.status).toBe('settled');
    expect(afterCrash?.refund).toBeUndefined();
    const result = await verifyRefundDocket(retried.refund?.refundDocket ?? '', {
      jwks: await jwksOf(world),
      issuer: WORLD_ISSUER,
      audience: purchase.providerId,
    });
    expect(result).toMatchObject({ ok: true, claims: { refundedAt: Math.floor(world.clock.now() / 1000) } });
    expect((await store.get(purchase.id))?.refund).toEqual(retried.refund);
  });

  it('a refund that overtook the settlement’s record signs the reversal of the legs the worker posted; the docket recorded after it matches', async () => {
    // Prepare: the refund runs whole inside the worker's markSettled (it finds the hold posted).
    const store = new MemoryPurchaseStore();
    let overtaken = false;
    const purchases = Object.assign(Object.create(store) as MemoryPurchaseStore, {
      markSettled: async (...args: Parameters<MemoryPurchaseStore['markSettled']>) => {
        if (!overtaken) {
          overtaken = true;
          await refundPurchase(world.refundDeps, world.operator, args[0].id);
        }
        return store.markSettled(...args);
      },
    });
    const world = makeWorld({ purchases });
    const { carrier, customer, offer } = await carrierScene(world);
    const { purchase } = await world.buy(customer.id, { offerId: offer.id });

    // Act
    await world.deliverAll();
    const recorded = await store.get(purchase.id);
    const options = { jwks: await jwksOf(world), issuer: WORLD_ISSUER, audience: carrier.id };
    const refundDocket = await verifyRefundDocket(recorded?.refund?.refundDocket ?? '', options);
    const docket = await verifyDocket(recorded?.settlement?.docket ?? '', options);

    // Assess
    expect(overtaken).toBe(true);
    expect(recorded?.status).toBe('refunded');
    if (!refundDocket.ok || !docket.ok) throw new Error('the docket and the refund docket verify');
    expect(refundDocket.claims.dkt).toBe(docket.claims.jti);
    expect(refundDocket.claims.legs.map((leg) => leg.rev)).toEqual(docket.claims.legs);
    expect(refundDocket.claims.amounts).toEqual(docket.claims.amounts);
    expect(refundDocket.claims.legs.map((leg) => leg.trf)).toEqual(recorded?.refund?.transferIds);
  });
});

describe('serving a refund docket', () => {
  it('is 404 REFUND_DOCKET_NOT_FOUND for a purchase not refunded, and for one refunded before it was settled, the id quoted', async () => {
    // Prepare
    const world = makeWorld();
    const { purchase: settled } = await settledPurchase(world);
    const scene = await carrierScene(world);
    const { purchase: voided } = await world.buy(scene.customer.id, { offerId: scene.offer.id });
    const refunded = await refundPurchase(world.refundDeps, world.operator, voided.id);

    // Act
    const refusals = await Promise.all(
      [settled, refunded].map((purchase) =>
        servedRefundDocket(reading(world), purchase).then(
          () => 'served',
          (error: unknown) => (isDomainError(error) ? { code: error.code, detail: error.detail } : 'thrown'),
        ),
      ),
    );

    // Assess: the purchase id quoted as every 404 quotes an id (README, API conventions).
    expect(refunded.refund?.refundDocketId).toBeUndefined();
    expect(refusals).toEqual([
      {
        code: 'REFUND_DOCKET_NOT_FOUND',
        detail: `Purchase ${JSON.stringify(settled.id)} has no refund docket: it was not refunded (it is settled).`,
      },
      {
        code: 'REFUND_DOCKET_NOT_FOUND',
        detail: `Purchase ${JSON.stringify(refunded.id)} has no refund docket: it was refunded before it was settled, so nothing was charged (its hold was released).`,
      },
    ]);
  });

  it('signs the refund docket of a refund recorded before refund dockets on its first read, once, with the refund’s time', async () => {
    // Prepare: a refund recorded as refunds were before (the reversals, no refund docket).
    const world = makeWorld();
    const { purchase, carrier } = await settledPurchase(world);
    const transferIds = (['post', 'platformFee', 'carrierFee'] as const).map((kind) =>
      purchaseReversalTransferIdFor(purchase.id, kind),
    );
    const refundedAt = new Date(world.clock.now()).toISOString();
    await world.purchases.markRefunded(purchase, ['settled'], { refundedAt, refundedBy: 'operator:op-1', transferIds });
    const legacy = await world.purchases.get(purchase.id);
    world.clock.advanceSeconds(86_400);

    // Act: two reads of the purchase as read before either stored.
    const [first, second] = await Promise.all([
      servedRefundDocket(reading(world), legacy ?? purchase),
      servedRefundDocket(reading(world), legacy ?? purchase),
    ]);
    const later = await servedRefundDocket(reading(world), (await world.purchases.get(purchase.id)) ?? purchase);

    // Assess
    expect(second.token).toBe(first.token);
    expect(later.token).toBe(first.token);
    expect((await world.purchases.get(purchase.id))?.refund).toEqual({
      refundedAt,
      refundedBy: 'operator:op-1',
      transferIds,
      refundDocketId: refundDocketIdFor(purchase.id),
      refundDocket: first.token,
    });
    const result = await verifyRefundDocket(first.token, {
      jwks: await jwksOf(world),
      issuer: WORLD_ISSUER,
      audience: carrier.id,
    });
    expect(result).toMatchObject({ ok: true, claims: { refundedAt: Math.floor(Date.parse(refundedAt) / 1000) } });
  });

  it('after a root key rotation serves the same claims signed by the new root, stored once', async () => {
    // Prepare
    const world = makeWorld();
    const { purchase } = await settledPurchase(world);
    const refunded = await refundPurchase(world.refundDeps, world.operator, purchase.id);
    const newRoot = new LocalKeyJwsSigner();

    // Act
    const served = await servedRefundDocket({ ...reading(world), rootSigner: newRoot }, refunded);
    const again = await servedRefundDocket(
      { ...reading(world), rootSigner: newRoot },
      (await world.purchases.get(purchase.id)) ?? refunded,
    );

    // Assess
    const [, oldPayload] = (refunded.refund?.refundDocket ?? '').split('.');
    expect(served.token.split('.')[1]).toBe(oldPayload);
    expect(decodeProtectedHeader(served.token).kid).toBe(await newRoot.keyId());
    expect(again.token).toBe(served.token);
    const result = await verifyRefundDocket(served.token, {
      jwks: { keys: [await newRoot.publicJwk()] },
      issuer: WORLD_ISSUER,
      audience: purchase.providerId,
    });
    expect(result.ok).toBe(true);
  });

  it('over HTTP: the customer, the provider, the carrier agent and operators read it; other agents, customers and providers get 404', async () => {
    // Prepare
    const world = makeWorld();
    const { provider, carrier, customer, purchase } = await settledPurchase(world);
    await refundPurchase(world.refundDeps, world.operator, purchase.id);
    const handler = docketGetHandler({ purchases: world.purchases, dockets: world.docketDeps });
    const read = async (principal: Principal) => readServedDocket(handler, principal, purchase.id, 'refund-docket');
    const readers: Principal[] = [
      { role: 'customer', subject: customer.id },
      { role: 'provider', subject: provider.id },
      { role: 'agent', subject: carrier.id },
      world.operator,
    ];
    const strangers: Principal[] = [
      { role: 'agent', subject: 'agt_other' },
      { role: 'customer', subject: 'cus_other' },
      { role: 'provider', subject: 'prv_other' },
    ];

    // Act
    const byReaders = await Promise.all(readers.map(read));
    const byStrangers = await Promise.all(strangers.map(read));

    // Assess
    const stored = (await world.purchases.get(purchase.id))?.refund?.refundDocket;
    expect(byReaders.map((answer) => [answer.status, (answer.body as { token?: string }).token])).toEqual(
      readers.map(() => [200, stored]),
    );
    expect(byStrangers.map((answer) => [answer.status, (answer.body as { code?: string }).code])).toEqual(
      strangers.map(() => [404, 'PURCHASE_NOT_FOUND']),
    );
  });
});
