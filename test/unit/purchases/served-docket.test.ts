import { decodeProtectedHeader } from 'jose';
import { describe, expect, it } from 'vitest';
import { LocalKeyJwsSigner } from '../../../shared/adapters/memory/tickets';
import { windowAt } from '../../../shared/domain/signing/policy';
import { DelegatingJwsSigner } from '../../../shared/domain/signing/signer';
import { fundedWalletScene, makeWorld } from '../../fixtures/purchases-world';
import { docketGetHandler, docketVerdicts, readServedDocket, verdictsNow } from '../../fixtures/served-docket';
import { recordingSigner, SIGNING_ISSUER, SIGNING_START_MS, signingPolicy, signingWorld } from '../../fixtures/signing';

/**
 * A docket signed by a delegated key is served for as long as the purchase exists, and must
 * verify whenever it is read (a carrier bills after the month closes): once its key is about
 * to leave the JWK Set, GET /v1/purchases/{id}/docket serves the same claims signed by the
 * root key, signed once and stored. Delegated signing in memory (test/fixtures/signing.ts:
 * one-hour windows, V = 4 hours), on the in-memory purchase world.
 */
const setUp = async () => {
  const signing = signingWorld(SIGNING_START_MS + 600_000);
  const rootSigns: string[] = [];
  const rootSigner = recordingSigner(signing.root, rootSigns);
  const world = makeWorld({ clock: signing.clock, signer: new DelegatingJwsSigner(signing.deps, true) });
  const { customer, offer, provider, buyer } = await fundedWalletScene(world);
  const { purchase } = await world.buy(customer.id, { offerId: offer.id });
  await world.deliverAll();
  const docketGet = docketGetHandler({
    purchases: world.purchases,
    dockets: { ...world.docketDeps, rootSigner, keys: signing.keys, clock: signing.clock, policy: signingPolicy },
  });
  const read = async () => (await readServedDocket(docketGet, buyer, purchase.id)).body as { token: string; docketId: string };
  const verify = verdictsNow(signing, provider.id);
  return { signing, rootSigns, read, verify, settledAtMs: signing.clock.now() };
};

describe('serving a docket signed by a delegated key', () => {
  it('serves it as signed while its key is listed for more than a rotation period, with no KMS call', async () => {
    // Prepare
    const { signing, rootSigns, read, verify } = await setUp();
    const rootKeyId = await signing.root.keyId();

    // Act
    const fresh = await read();
    const again = await read();

    // Assess
    expect(decodeProtectedHeader(fresh.token).kid).not.toBe(rootKeyId);
    expect(again).toEqual(fresh);
    expect(await verify(fresh.token)).toEqual({ plain: 'ok', kippu: 'ok' });
    expect(rootSigns).toEqual([]);
  });

  it('serves the same claims signed by the root key once its key is about to leave the JWK Set: signed once, stored, verifying after the key left', async () => {
    // Prepare
    const { signing, rootSigns, read, verify, settledAtMs } = await setUp();
    const first = await read();
    const { validUntil } = windowAt(signingPolicy, Math.floor(settledAtMs / 1000));
    signing.clock.set((validUntil - signingPolicy.rotationSeconds) * 1000);

    // Act
    const [late, concurrent] = await Promise.all([read(), read()]);
    const signsAfterFirstReads = rootSigns.length;
    signing.clock.set((validUntil + 10 * signingPolicy.rotationSeconds) * 1000);
    const muchLater = await read();

    // Assess
    expect(decodeProtectedHeader(late.token).kid).toBe(await signing.root.keyId());
    expect(late.token).not.toBe(first.token);
    expect(late.token.split('.')[1]).toBe(first.token.split('.')[1]);
    expect(late.docketId).toBe(first.docketId);
    expect(concurrent).toEqual(late);
    expect(muchLater).toEqual(late);
    expect(signsAfterFirstReads).toBeGreaterThanOrEqual(1);
    expect(rootSigns).toHaveLength(signsAfterFirstReads);
    expect(await verify(first.token)).toEqual({ plain: 'ERR_JWKS_NO_MATCHING_KEY', kippu: 'UNKNOWN_KID' });
    expect(await verify(muchLater.token)).toEqual({ plain: 'ok', kippu: 'ok' });
  });
});

describe('serving a docket after a root key rotation', () => {
  /** A docket settled under the old root (signed by it directly, or by a delegated key it certified), read after the alias moved. */
  const settledUnderOldRoot = async (mode: 'kms' | 'delegated') => {
    const signing = signingWorld(SIGNING_START_MS + 600_000);
    const oldRoot = signing.root;
    const world = makeWorld({
      clock: signing.clock,
      signer: mode === 'kms' ? oldRoot : new DelegatingJwsSigner(signing.deps, true),
    });
    const { customer, offer, provider, buyer } = await fundedWalletScene(world);
    const { purchase } = await world.buy(customer.id, { offerId: offer.id });
    await world.deliverAll();
    const newRoot = new LocalKeyJwsSigner();
    const docketGet = docketGetHandler({
      purchases: world.purchases,
      dockets: { ...world.docketDeps, rootSigner: newRoot, keys: signing.keys, clock: signing.clock, policy: signingPolicy },
    });
    const read = async () => (await readServedDocket(docketGet, buyer, purchase.id)).body as { token: string };
    const verify = async (token: string, roots: readonly LocalKeyJwsSigner[]) =>
      docketVerdicts(token, {
        jwks: await signing.keySetWith(roots),
        issuer: SIGNING_ISSUER,
        audience: provider.id,
        now: new Date(signing.clock.now()),
      });
    const stored = async () => (await world.purchases.get(purchase.id))?.settlement?.docket ?? '';
    return { oldRoot, newRoot, read, verify, stored };
  };

  for (const mode of ['kms', 'delegated'] as const) {
    it(`a docket signed ${mode === 'kms' ? 'by the previous root key' : 'by a delegated key the previous root certified'} is signed again by the current root on its first read, long before any validUntil, and verifies once the old root is dropped`, async () => {
      // Prepare
      const { oldRoot, newRoot, read, verify, stored } = await settledUnderOldRoot(mode);
      const first = await stored();

      // Act
      const served = await read();
      const again = await read();

      // Assess
      expect(await verify(first, [newRoot, oldRoot])).toEqual({ plain: 'ok', kippu: 'ok' });
      expect(decodeProtectedHeader(served.token).kid).toBe(await newRoot.keyId());
      expect(served.token.split('.')[1]).toBe(first.split('.')[1]);
      expect(again.token).toBe(served.token);
      expect(await stored()).toBe(served.token);
      expect(await verify(served.token, [newRoot])).toEqual({ plain: 'ok', kippu: 'ok' });
      expect(await verify(first, [newRoot])).toEqual({ plain: 'ERR_JWKS_NO_MATCHING_KEY', kippu: 'UNKNOWN_KID' });
    });
  }
});
