import { decodeProtectedHeader } from 'jose';
import { describe, expect, it } from 'vitest';
import { makeHandler as makePurchaseGet } from '../../../functions/purchase-get/handler';
import type { DelegatedKeyStore } from '../../../shared/domain/signing/ports';
import { DelegatingJwsSigner } from '../../../shared/domain/signing/signer';
import { apiEvent, call, handlerBase } from '../../fixtures/handlers';
import { fundedWalletScene, makeWorld } from '../../fixtures/purchases-world';
import { docketGetHandler, pastListedKeysMs, readServedDocket, verdictsNow } from '../../fixtures/served-docket';
import { recordingSigner, SIGNING_START_MS, signingPolicy, signingWorld } from '../../fixtures/signing';

/**
 * GET /v1/purchases/{id} and GET /v1/purchases carry a settled purchase's docket as
 * GET /v1/purchases/{id}/docket serves it (servedPurchases): once its delegated key is about to
 * leave the JWK Set, the same claims signed by the root key, signed once and stored, whichever
 * route read it first. Delegated signing in memory (test/fixtures/signing.ts: one-hour windows,
 * V = 4 hours), on the in-memory purchase world.
 */
interface PurchaseAnswer {
  id: string;
  settlement?: { docket: string };
}

const PURCHASES = 3;

const setUp = async () => {
  const signing = signingWorld(SIGNING_START_MS + 600_000);
  const rootSigns: string[] = [];
  const keyReads: string[] = [];
  const rootSigner = recordingSigner(signing.root, rootSigns);
  const keys: Pick<DelegatedKeyStore, 'get' | 'list' | 'longestLife'> = {
    get: async (keyId) => {
      keyReads.push(keyId);
      return signing.keys.get(keyId);
    },
    list: (from, to) => signing.keys.list(from, to),
    longestLife: () => signing.keys.longestLife(),
  };
  const world = makeWorld({ clock: signing.clock, signer: new DelegatingJwsSigner(signing.deps, true) });
  const { customer, offer, provider, buyer } = await fundedWalletScene(world);
  // One purchase per window: each docket signed by another delegated key.
  const ids: string[] = [];
  for (let bought = 0; bought < PURCHASES; bought += 1) {
    ids.push((await world.buy(customer.id, { offerId: offer.id })).purchase.id);
    await world.deliverAll();
    signing.clock.advanceSeconds(signingPolicy.rotationSeconds);
  }
  const dockets = { ...world.docketDeps, rootSigner, keys, clock: signing.clock, policy: signingPolicy };
  const purchaseGet = makePurchaseGet({
    ...handlerBase(),
    purchases: world.purchases,
    parties: world.partyDeps.parties,
    dockets,
  });
  const docketGet = docketGetHandler({ purchases: world.purchases, dockets });
  const get = async (id: string) =>
    (await call(purchaseGet, apiEvent({ method: 'GET', path: `/v1/purchases/${id}`, principal: buyer, pathParameters: { id } })))
      .body as unknown as PurchaseAnswer;
  const list = async () =>
    (
      (await call(purchaseGet, apiEvent({ method: 'GET', path: '/v1/purchases', principal: buyer }))).body as unknown as {
        items: PurchaseAnswer[];
      }
    ).items.filter((item) => ids.includes(item.id));
  const docketRoute = async (id: string) => ((await readServedDocket(docketGet, buyer, id)).body as { token: string }).token;
  const verify = verdictsNow(signing, provider.id);
  /** Past every docket's key: the last window's validUntil, and more. */
  const lateMs = () => pastListedKeysMs(signing);
  const stored = async (id: string) => (await world.purchases.get(id))?.settlement?.docket ?? '';
  return { signing, rootSigns, keyReads, ids, get, list, docketRoute, verify, lateMs, stored };
};

const kidOf = (token: string | undefined) => decodeProtectedHeader(token ?? '').kid;
const payloadOf = (token: string | undefined) => (token ?? '').split('.')[1];

describe('a purchase answer carries its docket as served', () => {
  it('while its key is listed for more than a rotation period: as signed, with no KMS call, one key read per key in a list', async () => {
    // Prepare
    const { signing, rootSigns, keyReads, ids, get, list, verify, stored } = await setUp();

    // Act
    const listed = await list();
    const readsOfTheList = keyReads.length;
    const read = await get(ids[0] ?? '');

    // Assess
    expect(listed.map((item) => item.settlement?.docket)).toEqual(await Promise.all(ids.toReversed().map(stored)));
    expect(read.settlement?.docket).toBe(await stored(ids[0] ?? ''));
    expect(new Set(listed.map((item) => kidOf(item.settlement?.docket))).size).toBe(PURCHASES);
    expect(kidOf(read.settlement?.docket)).not.toBe(await signing.root.keyId());
    expect(readsOfTheList).toBe(PURCHASES);
    expect(rootSigns).toEqual([]);
    for (const item of listed) expect(await verify(item.settlement?.docket ?? '')).toEqual({ plain: 'ok', kippu: 'ok' });
  });

  it('once its key left the JWK Set: the list signs each stale docket again once, and every route then answers the stored root-signed copy', async () => {
    // Prepare
    const { signing, rootSigns, keyReads, ids, get, list, docketRoute, verify, lateMs, stored } = await setUp();
    const before = await Promise.all(ids.map(stored));
    signing.clock.set(lateMs());
    keyReads.length = 0;

    // Act
    const [late, concurrent] = await Promise.all([list(), list()]);
    const signsOfTheFirstLists = rootSigns.length;
    const again = await list();
    const read = await get(ids[0] ?? '');
    const fromDocketRoute = await docketRoute(ids[0] ?? '');

    // Assess
    const rootKeyId = await signing.root.keyId();
    for (const [index, token] of before.entries()) {
      expect(await verify(token)).toEqual({ plain: 'ERR_JWKS_NO_MATCHING_KEY', kippu: 'UNKNOWN_KID' });
      const item = late.find((candidate) => candidate.id === ids[index]);
      expect(kidOf(item?.settlement?.docket)).toBe(rootKeyId);
      expect(payloadOf(item?.settlement?.docket)).toBe(payloadOf(token));
      expect(await verify(item?.settlement?.docket ?? '')).toEqual({ plain: 'ok', kippu: 'ok' });
      expect(item?.settlement?.docket).toBe(await stored(ids[index] ?? ''));
    }
    expect(concurrent).toEqual(late);
    expect(again).toEqual(late);
    expect(signsOfTheFirstLists).toBeGreaterThanOrEqual(PURCHASES);
    expect(signsOfTheFirstLists).toBeLessThanOrEqual(2 * PURCHASES);
    expect(rootSigns).toHaveLength(signsOfTheFirstLists);
    expect(read.settlement?.docket).toBe(late.find((item) => item.id === ids[0])?.settlement?.docket);
    expect(fromDocketRoute).toBe(read.settlement?.docket);
  });

  it('read first by GET /v1/purchases/{id}: signed again there, and the docket route and the list answer that copy', async () => {
    // Prepare
    const { signing, rootSigns, ids, get, list, docketRoute, verify, lateMs } = await setUp();
    signing.clock.set(lateMs());

    // Act
    const read = await get(ids[1] ?? '');
    const signsOfTheRead = rootSigns.length;
    const fromDocketRoute = await docketRoute(ids[1] ?? '');
    const listed = await list();

    // Assess
    expect(signsOfTheRead).toBe(1);
    expect(kidOf(read.settlement?.docket)).toBe(await signing.root.keyId());
    expect(await verify(read.settlement?.docket ?? '')).toEqual({ plain: 'ok', kippu: 'ok' });
    expect(fromDocketRoute).toBe(read.settlement?.docket);
    expect(listed.find((item) => item.id === ids[1])?.settlement?.docket).toBe(read.settlement?.docket);
    expect(rootSigns).toHaveLength(PURCHASES);
  });
});
