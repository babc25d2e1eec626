import { createPublicKey, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { DelegatedKeyRecord, DelegatedKeyStore, SigningKeyPairs } from '../../shared/domain/signing/ports';

/**
 * One behaviour suite for every DelegatedKeyStore and every SigningKeyPairs (in memory, and
 * DynamoDB / KMS), so the fakes cannot drift from the real things. Windows are placed at
 * random far-apart times so that runs against a shared table do not meet.
 */
const HOUR_SECONDS = 3_600;

const randomWindowStart = (): number => HOUR_SECONDS * Math.floor(1e5 + Math.random() * 1e9);

const part = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A delegation's shape (the store reads only its header's kid, the certifying root key): not a valid signature. */
const delegationBy = (rootKeyId: string, keyId: string): string =>
  `${part({ alg: 'ES256', typ: 'kippu-delegation+jwt', kid: rootKeyId })}.${part({ sub: keyId })}.c2lnbmF0dXJl`;

const recordAt = (notBefore: number, keyId: string, rootKeyId = 'root-a', lifeHours = 5): DelegatedKeyRecord => ({
  notBefore,
  expiresAt: notBefore + HOUR_SECONDS,
  validUntil: notBefore + lifeHours * HOUR_SECONDS,
  keyId,
  publicJwk: { kty: 'EC', crv: 'P-256', x: `x-${keyId}`, y: `y-${keyId}` },
  delegation: delegationBy(rootKeyId, keyId),
  wrappedPrivateKey: `wrapped-${keyId}`,
  createdAt: new Date(notBefore * 1000).toISOString(),
});

export const delegatedKeyStoreContract = (name: string, makeStore: () => Promise<DelegatedKeyStore>) =>
  describe(`delegated key store contract: ${name}`, () => {
    it('answers what was stored for a window, and nothing for a window without a key', async () => {
      // Prepare
      const store = await makeStore();
      const start = randomWindowStart();

      // Act
      const created = await store.create(recordAt(start, 'kid-a'));

      // Assess
      expect(created).toEqual({ created: true, record: recordAt(start, 'kid-a') });
      expect(await store.window(start)).toEqual([recordAt(start, 'kid-a')]);
      expect(await store.window(start + HOUR_SECONDS)).toEqual([]);
    });

    it('keeps a key per window and certifying root: a second root’s key is stored beside the first, and listed with it', async () => {
      // Prepare
      const store = await makeStore();
      const start = randomWindowStart();
      await store.create(recordAt(start, 'kid-a', 'root-a'));

      // Act
      const second = await store.create(recordAt(start, 'kid-b', 'root-b'));
      const again = await store.create(recordAt(start, 'kid-c', 'root-b'));

      // Assess
      expect(second).toEqual({ created: true, record: recordAt(start, 'kid-b', 'root-b') });
      expect(again).toEqual({ created: false, record: recordAt(start, 'kid-b', 'root-b') });
      const inWindow = await store.window(start);
      expect(inWindow.map((record) => record.keyId).sort()).toEqual(['kid-a', 'kid-b']);
      expect((await store.list(start, start)).map((record) => record.keyId).sort()).toEqual(['kid-a', 'kid-b']);
      expect(await store.window(start - HOUR_SECONDS)).toEqual([]);
      expect(await store.window(start + HOUR_SECONDS)).toEqual([]);
    });

    it('records the longest life (validUntil − notBefore) of any key created, never lowering it', async () => {
      // Prepare: a life longer than the tests' own (the table may be shared with other suites, whose lives are at most 31 days).
      const store = await makeStore();
      const start = randomWindowStart();
      const longLife = 40 * 24 * HOUR_SECONDS;

      // Act
      await store.create(recordAt(start, 'kid-long', 'root-a', 40 * 24));
      const afterLong = await store.longestLife();
      await store.create(recordAt(start + HOUR_SECONDS, 'kid-short', 'root-a', 2));
      const afterShort = await store.longestLife();

      // Assess
      expect(afterLong).toBeGreaterThanOrEqual(longLife);
      expect(afterShort).toBeGreaterThanOrEqual(afterLong);
    });

    it('keeps the first key of a window: concurrent creators all get it back', async () => {
      // Prepare
      const store = await makeStore();
      const start = randomWindowStart();

      // Act
      const results = await Promise.all(
        ['kid-1', 'kid-2', 'kid-3', 'kid-4'].map((keyId) => store.create(recordAt(start, keyId))),
      );

      // Assess
      const winner = results.find((result) => result.created);
      expect(results.filter((result) => result.created)).toHaveLength(1);
      expect(new Set(results.map((result) => result.record.keyId))).toEqual(new Set([winner?.record.keyId]));
      expect(await store.window(start)).toEqual([winner?.record]);
    });

    it('answers a stored key by its kid, whatever its window, and nothing for a kid that lost its window’s race or was never stored', async () => {
      // Prepare: kids of this run only (the table may be shared, and other tests reuse their kids).
      const store = await makeStore();
      const start = randomWindowStart();
      const kid = (name: string) => `${name}-${start}`;
      await store.create(recordAt(start, kid('kid-a'), 'root-a'));
      await store.create(recordAt(start + HOUR_SECONDS, kid('kid-b'), 'root-a'));
      await store.create(recordAt(start, kid('kid-lost'), 'root-a'));

      // Act
      const [first, second, lost, never] = await Promise.all(
        ['kid-a', 'kid-b', 'kid-lost', 'kid-never'].map((name) => store.get(kid(name))),
      );

      // Assess
      expect(first).toEqual(recordAt(start, kid('kid-a'), 'root-a'));
      expect(second).toEqual(recordAt(start + HOUR_SECONDS, kid('kid-b'), 'root-a'));
      expect(lost).toBeUndefined();
      expect(never).toBeUndefined();
    });

    it('lists the keys of a range of windows, bounds included, oldest first', async () => {
      // Prepare
      const store = await makeStore();
      const start = randomWindowStart();
      for (const offset of [3, 0, 1, 4]) await store.create(recordAt(start + offset * HOUR_SECONDS, `kid-${offset}`));

      // Act
      const listed = await store.list(start + HOUR_SECONDS, start + 3 * HOUR_SECONDS);

      // Assess
      expect(listed.map((record) => record.keyId)).toEqual(['kid-1', 'kid-3']);
    });
  });

export const signingKeyPairsContract = (name: string, makeKeyPairs: () => Promise<SigningKeyPairs>) =>
  describe(`signing key pairs contract: ${name}`, () => {
    const verifies = (publicJwk: object, input: Uint8Array, signature: Uint8Array): boolean =>
      verify(
        'sha256',
        input,
        { key: createPublicKey({ key: { ...publicJwk }, format: 'jwk' }), dsaEncoding: 'ieee-p1363' },
        signature,
      );

    it('a generated key signs ES256 (raw r||s) under its public key, and opens again from its wrapped private half', async () => {
      // Prepare
      const keyPairs = await makeKeyPairs();
      const input = new TextEncoder().encode('header.payload');

      // Act
      const pair = await keyPairs.generate();
      const reopened = await keyPairs.open(pair.keyId, pair.wrappedPrivateKey);

      // Assess
      expect(pair.keyId).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(pair.wrappedPrivateKey).not.toContain(pair.publicJwk.x);
      const signature = await reopened(input);
      expect(signature).toHaveLength(64);
      expect(verifies(pair.publicJwk, input, signature)).toBe(true);
      expect(verifies(pair.publicJwk, input, await pair.sign(input))).toBe(true);
    });

    it('a wrapped private half does not open under another key id', async () => {
      // Prepare
      const keyPairs = await makeKeyPairs();
      const [first, second] = [await keyPairs.generate(), await keyPairs.generate()];

      // Act
      const swapped = keyPairs.open(second.keyId, first.wrappedPrivateKey);

      // Assess
      await expect(swapped).rejects.toThrow();
    });
  });
