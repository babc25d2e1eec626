import { verifyRefundDocket, type DocketClaims } from '@kippu/verify';
import { createLocalJWKSet, decodeJwt, decodeProtectedHeader, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { dynamoDocumentClient } from '../../../shared/adapters/aws/clients';
import { readItem } from '../../../shared/adapters/aws/items';
import { purchaseKey } from '../../../shared/adapters/aws/purchase-claims-dynamodb';
import { DynamoPurchaseStore } from '../../../shared/adapters/aws/purchases-dynamodb';
import { delegatedKeyStore, documentSigner, keySetDeps, ticketSigner } from '../../../shared/adapters/aws/signing-wiring';
import { loadConfig, resourceFromEnv } from '../../../shared/config';
import { purchaseReversalTransferIdFor } from '../../../shared/domain/payments/charge-legs';
import type { PurchaseStore } from '../../../shared/domain/purchases/ports';
import { refundPurchase } from '../../../shared/domain/purchases/refund';
import { servedRefundDocket } from '../../../shared/domain/purchases/refund-docket';
import { publishedKeys } from '../../../shared/domain/signing/key-set';
import { coreTable } from '../../../shared/resources/tables';
import { WORLD_ISSUER } from '../../fixtures/purchases-world';
import { dynamoPurchaseWorld } from '../../fixtures/dynamo-purchases-world';

/**
 * The refund docket on DynamoDB Local, signed by the KMS key in moto: written exactly once in
 * the refund's conditional write, whether the refund is retried, crashes between its steps, or
 * overtakes the settlement's record; a refund recorded without one gets it on its first read,
 * once, whatever the number of concurrent reads.
 */
const config = loadConfig(process.env);
const tableName = resourceFromEnv(process.env, coreTable);
const client = dynamoDocumentClient();

const realWorld = (purchases?: PurchaseStore) => {
  const world = dynamoPurchaseWorld(purchases === undefined ? {} : { purchases });
  // The KMS key itself: as KIPPU_SIGNING=kms signs the refund docket, and as every read signs again.
  const root = ticketSigner(process.env);
  return {
    ...world,
    refundDeps: { ...world.refundDeps, refundDockets: { ...world.refundDeps.refundDockets, signer: root } },
    docketDeps: { ...world.docketDeps, rootSigner: root },
  };
};
type RealWorld = ReturnType<typeof realWorld>;

/** The served JWK Set as verifiers fetch it: the root keys and the delegated keys whose documents may be valid. */
const servedJwks = async () => ({ keys: await publishedKeys(keySetDeps(process.env, config)) });

/** A carrier-route purchase of 999 JPY (platform 10 %, carrier 3 %), authorized. */
const authorizedPurchase = async (world: RealWorld) => {
  const provider = await world.provider({ trusted: true, platformFeeBps: 1_000 });
  const carrier = await world.agent(300);
  const customer = await world.customer({ agentId: carrier.id, creditLimitMinor: 10_000 });
  const offer = await world.offer(provider.id, 999);
  const { purchase } = await world.buy(customer.id, { offerId: offer.id });
  return { provider, carrier, customer, purchase };
};

const reading = (world: RealWorld) => ({ ...world.docketDeps, purchases: world.purchases });

describe('the refund docket on DynamoDB', () => {
  it('a retried refund keeps the refund docket the first stored; it verifies with the served keys for the carrier', async () => {
    // Prepare
    const world = realWorld();
    const { carrier, purchase } = await authorizedPurchase(world);
    await world.deliverAll();

    // Act
    const first = await refundPurchase(world.refundDeps, world.operator, purchase.id);
    world.clock.advanceSeconds(30);
    const retried = await refundPurchase(world.refundDeps, world.operator, purchase.id);
    const served = await servedRefundDocket(reading(world), (await world.purchases.get(purchase.id)) ?? purchase);

    // Assess
    expect(first.refund?.refundDocket).toEqual(expect.any(String));
    expect(retried.refund).toEqual(first.refund);
    expect(served.token).toBe(first.refund?.refundDocket);
    const options = { jwks: await servedJwks(), issuer: WORLD_ISSUER, audience: carrier.id };
    // The world signs dockets under its own issuer with delegated keys certified for the API's: read, not verified.
    const docket = { claims: decodeJwt(first.settlement?.docket ?? '') as unknown as DocketClaims };
    const result = await verifyRefundDocket(served.token, options);
    if (!result.ok) throw new Error(`the refund docket verifies: ${result.detail}`);
    expect(result.claims.dkt).toBe(docket.claims.jti);
    expect(result.claims.amounts).toEqual({ grossMinor: 999, providerNetMinor: 871, platformFeeMinor: 99, carrierFeeMinor: 29 });
    expect(result.claims.legs.map((leg) => [leg.trf, leg.rev, leg.amountMinor])).toEqual(
      docket.claims.legs.map((rev, index) => [first.refund?.transferIds[index], rev, [999, 99, 29][index]]),
    );
  });

  it('a crash after the refund’s write (the answer lost): the retry answers the stored refund docket, not a new one', async () => {
    // Prepare: markRefunded writes, then the request crashes (fault injection).
    const store = new DynamoPurchaseStore(client, tableName);
    let crashed = false;
    const world = realWorld(
      Object.assign(Object.create(store) as DynamoPurchaseStore, {
        markRefunded: async (...args: Parameters<DynamoPurchaseStore['markRefunded']>) => {
          const written = await store.markRefunded(...args);
          if (!crashed) {
            crashed = true;
            throw new Error('injected crash after the refund was recorded');
          }
          return written;
        },
      }),
    );
    const { purchase } = await authorizedPurchase(world);
    await world.deliverAll();

    // Act
    await expect(refundPurchase(world.refundDeps, world.operator, purchase.id)).rejects.toThrow('injected crash');
    const afterCrash = await store.get(purchase.id);
    world.clock.advanceSeconds(30);
    const retried = await refundPurchase(world.refundDeps, world.operator, purchase.id);

    // Assess
    expect(afterCrash?.refund?.refundDocket).toEqual(expect.any(String));
    expect(retried.refund).toEqual(afterCrash?.refund);
  });

  it('a refund that overtakes the settlement’s record: the redelivered settlement records the docket beside it, the refund docket unchanged', async () => {
    // Prepare: the refund runs whole inside the worker's markSettled, which then crashes (fault injection).
    const store = new DynamoPurchaseStore(client, tableName);
    let interleaved = false;
    const world: RealWorld = realWorld(
      Object.assign(Object.create(store) as DynamoPurchaseStore, {
        markSettled: async (...args: Parameters<DynamoPurchaseStore['markSettled']>) => {
          if (!interleaved) {
            interleaved = true;
            await refundPurchase(world.refundDeps, world.operator, args[0].id);
            throw new Error('injected crash after the refund overtook the settlement');
          }
          return store.markSettled(...args);
        },
      }),
    );
    const { carrier, purchase } = await authorizedPurchase(world);

    // Act
    await world.deliverAll();
    const afterRefund = await store.get(purchase.id);
    // SQS redelivers the message whose record failed.
    world.queue.sent.push({ purchaseId: purchase.id });
    await world.deliverAll();
    const recorded = await store.get(purchase.id);

    // Assess
    expect(afterRefund?.settlement).toBeUndefined();
    expect(afterRefund?.refund?.refundDocket).toEqual(expect.any(String));
    expect(recorded?.settlement?.docket).toEqual(expect.any(String));
    expect(recorded?.refund).toEqual(afterRefund?.refund);
    const options = { jwks: await servedJwks(), issuer: WORLD_ISSUER, audience: carrier.id };
    const docket = { claims: decodeJwt(recorded?.settlement?.docket ?? '') as unknown as DocketClaims };
    const result = await verifyRefundDocket(recorded?.refund?.refundDocket ?? '', options);
    if (!result.ok) throw new Error(`the refund docket verifies: ${result.detail}`);
    expect(result.claims.dkt).toBe(docket.claims.jti);
    expect(result.claims.legs.map((leg) => leg.rev)).toEqual(docket.claims.legs);
  });

  it('a refund recorded before refund dockets: concurrent first reads store one refund docket, and later reads serve it', async () => {
    // Prepare: a settled purchase whose refund is recorded without a refund docket (as before).
    const world = realWorld();
    const { purchase } = await authorizedPurchase(world);
    await world.deliverAll();
    const transferIds = (['post', 'platformFee', 'carrierFee'] as const).map((kind) =>
      purchaseReversalTransferIdFor(purchase.id, kind),
    );
    const refundedAt = new Date(world.clock.now()).toISOString();
    await world.purchases.markRefunded(purchase, ['settled'], { refundedAt, refundedBy: 'operator:op-1', transferIds });
    const legacy = (await world.purchases.get(purchase.id)) ?? purchase;

    // Act
    const reads = await Promise.all([1, 2, 3].map(() => servedRefundDocket(reading(world), legacy)));
    const later = await servedRefundDocket(reading(world), (await world.purchases.get(purchase.id)) ?? purchase);

    // Assess
    const stored = (await world.purchases.get(purchase.id))?.refund;
    expect(reads.map((read) => read.token)).toEqual([stored?.refundDocket, stored?.refundDocket, stored?.refundDocket]);
    expect(later.token).toBe(stored?.refundDocket);
    expect(stored).toMatchObject({ refundedAt, transferIds, refundDocketId: later.refundDocketId });
  });

  it('with KIPPU_SIGNING=delegated the window’s delegated key signs it; the item keeps its signature, and a read rebuilds the token byte for byte', async () => {
    // Prepare: the wiring's document signer in delegated mode, under the API's issuer (the delegations' issuer).
    const world = realWorld();
    const signer = documentSigner(process.env, { ...config, signing: { ...config.signing, mode: 'delegated' } });
    const refundDeps = {
      ...world.refundDeps,
      refundDockets: { ...world.refundDeps.refundDockets, signer, issuer: config.issuer },
    };
    const { provider, purchase } = await authorizedPurchase(world);
    await world.deliverAll();

    // Act
    const refunded = await refundPurchase(refundDeps, world.operator, purchase.id);
    const item = await readItem(client, tableName, purchaseKey(purchase.id));
    const reread = await new DynamoPurchaseStore(client, tableName).get(purchase.id);
    // Read as the docket route reads it: the delegated keys in the table.
    const served = await servedRefundDocket({ ...reading(world), keys: delegatedKeyStore(process.env) }, reread ?? purchase);

    // Assess
    const token = refunded.refund?.refundDocket ?? '';
    const jwks = await servedJwks();
    const delegated = jwks.keys.find((key) => key.kid === decodeProtectedHeader(token).kid);
    expect(delegated).toHaveProperty('kippu_delegation');
    const storedRefund = item?.refund as Record<string, unknown>;
    expect(storedRefund).not.toHaveProperty('refundDocket');
    expect(storedRefund).not.toHaveProperty('refundDocketId');
    expect(storedRefund.refundDocketJws).toMatchObject({ form: 1, kid: delegated?.kid, sig: token.split('.')[2] });
    expect(reread?.refund).toEqual(refunded.refund);
    expect(served.token).toBe(token);
    const result = await verifyRefundDocket(token, { jwks, issuer: config.issuer, audience: provider.id });
    if (!result.ok) throw new Error(`the refund docket verifies: ${result.detail}`);
    await expect(jwtVerify(token, createLocalJWKSet(jwks), { typ: 'kippu-refund-docket+jwt' })).resolves.toBeDefined();
  });
});
