import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { PseudonymStore } from '../../shared/domain/tickets/ports';

/** One behaviour suite for every PseudonymStore (in memory and DynamoDB). */
export const pseudonymStoreContract = (name: string, makeStore: () => Promise<PseudonymStore>) =>
  describe(`pseudonym store contract: ${name}`, () => {
    it('gives a holder one stable pseudonym per provider that names neither', async () => {
      // Prepare
      const store = await makeStore();
      const holderId = `cus-${randomUUID()}`;
      const providerId = `prv-${randomUUID()}`;

      // Act
      const first = await store.subjectFor(providerId, holderId);
      const again = await store.subjectFor(providerId, holderId);

      // Assess
      expect(again).toBe(first);
      expect(first).not.toContain(holderId);
      expect(first).not.toContain(providerId);
    });

    it('keeps pseudonyms unlinkable: another provider or another holder gets another one', async () => {
      // Prepare
      const store = await makeStore();
      const holderId = `cus-${randomUUID()}`;
      const providerId = `prv-${randomUUID()}`;

      // Act
      const subjects = await Promise.all([
        store.subjectFor(providerId, holderId),
        store.subjectFor(`prv-${randomUUID()}`, holderId),
        store.subjectFor(providerId, `cus-${randomUUID()}`),
      ]);

      // Assess
      expect(new Set(subjects).size).toBe(3);
    });

    it('agrees on one pseudonym when the first uses race', async () => {
      // Prepare
      const store = await makeStore();
      const holderId = `cus-${randomUUID()}`;
      const providerId = `prv-${randomUUID()}`;

      // Act
      const subjects = await Promise.all(Array.from({ length: 8 }, () => store.subjectFor(providerId, holderId)));

      // Assess
      expect(new Set(subjects).size).toBe(1);
      expect(await store.subjectFor(providerId, holderId)).toBe(subjects[0]);
    });
  });
