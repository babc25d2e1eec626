import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { dynamoDocumentClient } from '../../../shared/adapters/aws/clients';
import { DynamoOfferStore } from '../../../shared/adapters/aws/offers-dynamodb';
import { DynamoRevocationStore } from '../../../shared/adapters/aws/revocations-dynamodb';
import { searchTextOf, type OfferRecord } from '../../../shared/domain/offers/offers';
import { resourceFromEnv } from '../../../shared/config';
import { coreTable } from '../../../shared/resources/tables';

const tableName = resourceFromEnv(process.env, coreTable);
const client = dynamoDocumentClient();
const CONCURRENT_REVOCATIONS = 25;

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

describe('the revocation list in DynamoDB', () => {
  it('concurrent revocations for one provider get gap-free versions 1..N, one per ticket', async () => {
    // Prepare
    const store = new DynamoRevocationStore(client, tableName);
    const providerId = `prv_${randomUUID()}`;
    const ticketIds = Array.from({ length: CONCURRENT_REVOCATIONS }, (_, index) => `tkt_${index}_${randomUUID()}`);

    // Act: every ticket revoked twice, all at once.
    await Promise.all(
      [...ticketIds, ...ticketIds].map((ticketId) =>
        store.append({ providerId, ticketId, revokedAt: new Date().toISOString(), reason: 'refunded' }),
      ),
    );

    // Assess
    const list = await store.list(providerId, 0, 100);
    expect(list.latestVersion).toBe(CONCURRENT_REVOCATIONS);
    expect(list.entries.map((entry) => entry.version)).toEqual(
      Array.from({ length: CONCURRENT_REVOCATIONS }, (_, index) => index + 1),
    );
    expect(new Set(list.entries.map((entry) => entry.ticketId))).toEqual(new Set(ticketIds));
    expect((await store.list(providerId, 20, 100)).entries.map((entry) => entry.version)).toEqual([21, 22, 23, 24, 25]);
  });
});

describe('offer listings in DynamoDB', () => {
  it('a keyword search pages newest first through a provider listing with a cursor, skipping non-matching offers', async () => {
    // Prepare
    const store = new DynamoOfferStore(client, tableName);
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

  it('a cursor from another listing is refused as INVALID_CURSOR', async () => {
    // Prepare
    const store = new DynamoOfferStore(client, tableName);
    const providerId = `prv_${randomUUID()}`;
    await store.create(offer(providerId, 0, 'a'));
    await store.create(offer(providerId, 1, 'b'));
    const page = await store.list({ providerId, keywords: [], limit: 1 });

    // Act
    const elsewhere = store.list({ providerId: `prv_${randomUUID()}`, keywords: [], limit: 1, cursor: page.nextCursor ?? '' });

    // Assess
    await expect(elsewhere).rejects.toMatchObject({ code: 'INVALID_CURSOR' });
  });

  it('crafted cursors (empty or foreign keys, another listing, mismatched ids) are refused as INVALID_CURSOR', async () => {
    // Prepare
    const store = new DynamoOfferStore(client, tableName);
    const providerId = `prv_${randomUUID()}`;
    const partition = `OFFERS#PROVIDER#${providerId}`;
    const record = offer(providerId, 0, 'a');
    await store.create(record);
    const listingSortKey = `${record.createdAt}#${record.id}`;
    const cursorOf = (key: Record<string, unknown>) => Buffer.from(JSON.stringify(key)).toString('base64url');
    const crafted = [
      { pk: `OFFER#${record.id}`, sk: '', gsi1pk: partition, gsi1sk: listingSortKey },
      { pk: `OFFER#${record.id}`, sk: 'OFFER', gsi1pk: partition, gsi1sk: '' },
      { pk: 'OFFER#', sk: 'OFFER', gsi1pk: partition, gsi1sk: listingSortKey },
      { pk: `OFFER#${record.id}`, sk: 'LISTING', gsi1pk: partition, gsi1sk: listingSortKey },
      { pk: `OFFER#${record.id}`, sk: 'OFFER', gsi1pk: partition, gsi1sk: `${record.createdAt}#ofr_other` },
      { pk: `CUSTOMER#${record.id}`, sk: 'OFFER', gsi1pk: partition, gsi1sk: listingSortKey },
    ];

    // Act
    const answers = await Promise.allSettled(
      crafted.map((key) => store.list({ providerId, keywords: [], limit: 1, cursor: cursorOf(key) })),
    );
    const valid = await store.list({
      providerId,
      keywords: [],
      limit: 1,
      cursor: cursorOf({ pk: `OFFER#${record.id}`, sk: 'OFFER', gsi1pk: partition, gsi1sk: listingSortKey }),
    });

    // Assess
    for (const answer of answers) {
      expect(answer).toMatchObject({ status: 'rejected', reason: { code: 'INVALID_CURSOR' } });
    }
    expect(valid.offers).toEqual([]);
  });
});
