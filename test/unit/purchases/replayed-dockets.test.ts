import { decodeProtectedHeader } from 'jose';
import { describe, expect, it } from 'vitest';
import { makeHandler as makePurchaseRefund } from '../../../functions/purchase-refund/handler';
import type { Principal } from '../../../shared/domain/principal';
import { DelegatingJwsSigner } from '../../../shared/domain/signing/signer';
import { apiEvent, call, handlerBase, memoryIdempotency } from '../../fixtures/handlers';
import { fundedWalletScene, makeWorld } from '../../fixtures/purchases-world';
import { docketGetHandler, pastListedKeysMs, readServedDocket, verdictsNow } from '../../fixtures/served-docket';
import { recordingSigner, SIGNING_START_MS, signingPolicy, signingWorld } from '../../fixtures/signing';

/**
 * A replay of a stored answer that carries a purchase (here `POST /v1/purchases/{id}/refund` with
 * the same Idempotency-Key, within the answer's retention: the default, 7 days) serves the
 * purchase's docket as GET /v1/purchases/{id} does (replayServingDocket): once the delegated key
 * that signed it is leaving the JWK Set, the same claims signed by the root key, never the stored
 * token no library verifies anymore. Delegated signing in memory (test/fixtures/signing.ts:
 * one-hour windows, V = 4 hours), on the in-memory purchase world.
 */
interface PurchaseAnswer {
  id: string;
  status: string;
  settlement?: { docket: string };
}

const RETENTION_SECONDS = 7 * 86_400;

const setUp = async () => {
  const signing = signingWorld(SIGNING_START_MS + 600_000);
  const rootSigns: string[] = [];
  const world = makeWorld({ clock: signing.clock, signer: new DelegatingJwsSigner(signing.deps, true) });
  const { customer, offer, provider, buyer } = await fundedWalletScene(world);
  const { purchase } = await world.buy(customer.id, { offerId: offer.id });
  await world.deliverAll();
  const dockets = {
    ...world.docketDeps,
    rootSigner: recordingSigner(signing.root, rootSigns),
    keys: signing.keys,
    clock: signing.clock,
    policy: signingPolicy,
  };
  const refundHandler = makePurchaseRefund({
    ...handlerBase(),
    ...memoryIdempotency(signing.clock),
    idempotencyRetentionSeconds: RETENTION_SECONDS,
    refunds: world.refundDeps,
    dockets,
  });
  const refund = async (principal: Principal, key: string) =>
    call(
      refundHandler,
      apiEvent({
        method: 'POST',
        path: `/v1/purchases/${purchase.id}/refund`,
        principal,
        pathParameters: { id: purchase.id },
        headers: { 'idempotency-key': key },
        body: {},
      }),
    );
  const docketGet = docketGetHandler({ purchases: world.purchases, dockets });
  const verify = verdictsNow(signing, provider.id);
  /** Past the docket's key: the current window's validUntil, and more. */
  const retireKeys = () => signing.clock.set(pastListedKeysMs(signing));
  const stored = async () => (await world.purchases.get(purchase.id))?.settlement?.docket ?? '';
  const docketRoute = async () => ((await readServedDocket(docketGet, buyer, purchase.id)).body as { token: string }).token;
  return { signing, rootSigns, provider, refund, verify, retireKeys, stored, docketRoute };
};

const kidOf = (token: string | undefined) => decodeProtectedHeader(token ?? '').kid;
const payloadOf = (token: string | undefined) => (token ?? '').split('.')[1];

describe('a replayed refund answer carries the docket as served', () => {
  it('once the key that signed it left the JWK Set: the replay serves the root-signed copy, stored once, which verifies', async () => {
    // Prepare
    const { signing, rootSigns, provider, refund, verify, retireKeys, stored, docketRoute } = await setUp();
    const operator: Principal = { role: 'operator', subject: 'op-1' };
    const first = await refund(operator, 'refund-once');
    const firstDocket = (first.body as unknown as PurchaseAnswer).settlement?.docket;
    retireKeys();

    // Act
    const replay = await refund(operator, 'refund-once');
    const signsOfTheReplay = rootSigns.length;
    const again = await refund(operator, 'refund-once');
    const byProvider = await refund({ role: 'provider', subject: provider.id }, 'refund-by-provider');

    // Assess
    expect(first.status).toBe(200);
    expect(kidOf(firstDocket)).not.toBe(await signing.root.keyId());
    expect(await verify(firstDocket ?? '')).toEqual({ plain: 'ERR_JWKS_NO_MATCHING_KEY', kippu: 'UNKNOWN_KID' });
    expect(replay.status).toBe(200);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    const replayed = replay.body as unknown as PurchaseAnswer;
    expect(replayed.status).toBe('refunded');
    expect(kidOf(replayed.settlement?.docket)).toBe(await signing.root.keyId());
    expect(payloadOf(replayed.settlement?.docket)).toBe(payloadOf(firstDocket));
    expect(await verify(replayed.settlement?.docket ?? '')).toEqual({ plain: 'ok', kippu: 'ok' });
    expect(replayed.settlement?.docket).toBe(await stored());
    expect(await docketRoute()).toBe(replayed.settlement?.docket);
    expect({ ...replayed, settlement: { ...replayed.settlement, docket: firstDocket } }).toEqual(first.body);
    expect(signsOfTheReplay).toBe(1);
    expect(again.body).toEqual(replay.body);
    expect(rootSigns).toHaveLength(1);
    expect(byProvider.headers['idempotent-replayed']).toBe('false');
    expect((byProvider.body as unknown as PurchaseAnswer).settlement?.docket).toBe(replayed.settlement?.docket);
  });
});
