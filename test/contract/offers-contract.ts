import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { searchTextOf, type OfferRecord } from '../../shared/domain/offers/offers';
import type { OfferQuery, OfferStore } from '../../shared/domain/offers/ports';

/**
 * One behaviour suite for every OfferStore (in memory and DynamoDB). `makeStore` may share
 * one store across tests: every test uses providers, and for the listing of all offers
 * search words, of its own.
 */
export const offerStoreContract = (name: string, makeStore: () => Promise<OfferStore>) =>
  describe(`offer store contract: ${name}`, () => {
    const offer = (providerId: string, index: number, title: string): OfferRecord => ({
      id: `ofr_${randomUUID()}`,
      providerId,
      title,
      resource: `server-${index}/stream`,
      priceMinor: 100 + index,
      currency: 'JPY',
      validitySeconds: 60,
      capabilities: ['image'],
      searchText: searchTextOf({ title, resource: `server-${index}/stream`, capabilities: ['image'] }),
      createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, index)).toISOString(),
      createdBy: 'operator:op',
    });

    /** Every page of a listing, following nextCursor until it is absent. */
    const readAll = async (store: OfferStore, query: Omit<OfferQuery, 'cursor'>): Promise<OfferRecord[]> => {
      const offers: OfferRecord[] = [];
      let cursor: string | undefined;
      for (let page = 0; page < 100; page += 1) {
        const answer = await store.list({ ...query, ...(cursor === undefined ? {} : { cursor }) });
        offers.push(...answer.offers);
        cursor = answer.nextCursor;
        if (cursor === undefined) return offers;
      }
      throw new Error('the listing never ended');
    };

    it('stores an offer and reads it back; a repeated create answers the first one written', async () => {
      // Prepare
      const store = await makeStore();
      const first = { ...offer(`prv_${randomUUID()}`, 0, 'Harbour camera'), maxUses: 2, otp: true };

      // Act
      const created = await store.create(first);
      const repeat = await store.create({ ...first, priceMinor: 999 });
      const unknown = await store.get(`ofr_${randomUUID()}`);

      // Assess
      expect(created).toEqual(first);
      expect(repeat).toEqual(first);
      expect(await store.get(first.id)).toEqual(first);
      expect(unknown).toBeUndefined();
    });

    it('a keyword search pages newest first through a provider listing with a cursor, skipping non-matching offers', async () => {
      // Prepare
      const store = await makeStore();
      const providerId = `prv_${randomUUID()}`;
      for (let index = 0; index < 7; index += 1) {
        await store.create(offer(providerId, index, index % 2 === 0 ? 'Harbour camera' : 'Mountain camera'));
      }

      // Act
      const first = await store.list({ providerId, keywords: ['harbour'], limit: 3 });
      const second = await store.list({
        providerId,
        keywords: ['harbour'],
        limit: 3,
        ...(first.nextCursor === undefined ? {} : { cursor: first.nextCursor }),
      });
      const everything = await store.list({ providerId, keywords: [], limit: 100 });

      // Assess
      expect(first.offers.map((entry) => entry.priceMinor)).toEqual([106, 104, 102]);
      expect(second.offers.map((entry) => entry.priceMinor)).toEqual([100]);
      expect(second.nextCursor).toBeUndefined();
      expect(everything.offers).toHaveLength(7);
    });

    it('pages through a listing exactly once, newest first, whatever the page size', async () => {
      // Prepare
      const store = await makeStore();
      const providerId = `prv_${randomUUID()}`;
      const created: OfferRecord[] = [];
      for (let index = 0; index < 7; index += 1) created.push(await store.create(offer(providerId, index, 'Camera')));
      const newestFirst = created.map((entry) => entry.id).reverse();

      // Act
      const pages = await Promise.all([1, 2, 3, 7, 8].map((limit) => readAll(store, { providerId, keywords: [], limit })));
      const firstPage = await store.list({ providerId, keywords: [], limit: 3 });

      // Assess
      for (const offers of pages) expect(offers.map((entry) => entry.id)).toEqual(newestFirst);
      expect(firstPage.offers.map((entry) => entry.id)).toEqual(newestFirst.slice(0, 3));
    });

    it('matches keywords as word prefixes, every keyword at once', async () => {
      // Prepare
      const store = await makeStore();
      const providerId = `prv_${randomUUID()}`;
      const harbour = await store.create(offer(providerId, 0, 'Harbour camera'));
      await store.create(offer(providerId, 1, 'Mountain camera'));
      await store.create(offer(providerId, 2, 'Harbour lights'));

      // Act
      const both = await readAll(store, { providerId, keywords: ['harb', 'cam'], limit: 10 });
      const inside = await readAll(store, { providerId, keywords: ['arbour'], limit: 10 });

      // Assess
      expect(both.map((entry) => entry.id)).toEqual([harbour.id]);
      expect(inside).toEqual([]);
    });

    it('lists every provider in the listing of all offers', async () => {
      // Prepare
      const store = await makeStore();
      const word = `w${randomUUID().replaceAll('-', '')}`;
      const first = await store.create(offer(`prv_${randomUUID()}`, 0, `Harbour ${word}`));
      const second = await store.create(offer(`prv_${randomUUID()}`, 1, `Mountain ${word}`));

      // Act
      const all = await readAll(store, { keywords: [word], limit: 1 });

      // Assess
      expect(all.map((entry) => entry.id)).toEqual([second.id, first.id]);
    });

    it('a cursor from another listing is refused as INVALID_CURSOR', async () => {
      // Prepare
      const store = await makeStore();
      const providerId = `prv_${randomUUID()}`;
      await store.create(offer(providerId, 0, 'a'));
      await store.create(offer(providerId, 1, 'b'));
      const page = await store.list({ providerId, keywords: [], limit: 1 });

      // Act
      const elsewhere = store.list({ providerId: `prv_${randomUUID()}`, keywords: [], limit: 1, cursor: page.nextCursor ?? '' });

      // Assess
      await expect(elsewhere).rejects.toMatchObject({ code: 'INVALID_CURSOR' });
    });

    it('refuses, as INVALID_CURSOR, a provider cursor in the listing of all offers and cursors it never handed out', async () => {
      // Prepare
      const store = await makeStore();
      const providerId = `prv_${randomUUID()}`;
      await store.create(offer(providerId, 0, 'a'));
      await store.create(offer(providerId, 1, 'b'));
      const page = await store.list({ providerId, keywords: [], limit: 1 });
      const json = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
      const strangers = [page.nextCursor ?? '', 'not a cursor', json(null), json({}), json([1, 2]), json('mem:x')];

      // Act
      const answers = await Promise.allSettled(strangers.map((cursor) => store.list({ keywords: [], limit: 1, cursor })));

      // Assess
      expect(page.nextCursor).toBeDefined();
      for (const answer of answers) {
        expect(answer).toMatchObject({ status: 'rejected', reason: { code: 'INVALID_CURSOR' } });
      }
    });
  });
