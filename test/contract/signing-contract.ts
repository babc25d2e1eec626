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

const recordAt = (notBefore: number, keyId: string): DelegatedKeyRecord => ({
  notBefore,
  expiresAt: notBefore + HOUR_SECONDS,
  validUntil: notBefore + 5 * HOUR_SECONDS,
  keyId,
  publicJwk: { kty: 'EC', crv: 'P-256', x: `x-${keyId}`, y: `y-${keyId}` },
  delegation: `delegation-of-${keyId}`,
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
      expect(await store.get(start)).toEqual(recordAt(start, 'kid-a'));
      expect(await store.get(start + HOUR_SECONDS)).toBeUndefined();
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
      expect(await store.get(start)).toEqual(winner?.record);
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
