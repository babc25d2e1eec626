import { randomBytes, randomUUID } from 'node:crypto';
import { CreateTableCommand, DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, describe, expect, it } from 'vitest';
import { DynamoOfferStore } from '../../../shared/adapters/aws/offers-dynamodb';
import { DynamoPartyStore } from '../../../shared/adapters/aws/parties-dynamodb';
import { DynamoPurchaseStore } from '../../../shared/adapters/aws/purchases-dynamodb';
import { DynamoRevocationStore } from '../../../shared/adapters/aws/revocations-dynamodb';
import { createTableInput } from '../../../shared/adapters/aws/table-schema';
import { DynamoPseudonymStore, DynamoTicketStore } from '../../../shared/adapters/aws/tickets-dynamodb';
import { searchTextOf } from '../../../shared/domain/offers/offers';
import { coreTable } from '../../../shared/resources/tables';
import { offerStoreContract } from '../../contract/offers-contract';
import { partyStoreContract } from '../../contract/parties-contract';
import { pseudonymStoreContract } from '../../contract/pseudonyms-contract';
import { purchaseStoreContract } from '../../contract/purchases-contract';
import { revocationStoreContract } from '../../contract/revocations-contract';
import { ticketStoreContract } from '../../contract/tickets-contract';

/**
 * The DynamoDB stores of the core table against DynamoDB Local, held to the same contracts
 * as the in-memory ones (test/unit/stores), in a table of their own created from the
 * declaration the stack deploys.
 */
const client = new DynamoDBClient({});
const documents = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
const tableName = `kippu-test-core-${randomBytes(6).toString('hex')}`;
let created: Promise<unknown> | undefined;

const table = async (): Promise<string> => {
  created ??= client.send(new CreateTableCommand(createTableInput(tableName, coreTable)));
  await created;
  return tableName;
};

afterAll(async () => {
  if (created !== undefined) await client.send(new DeleteTableCommand({ TableName: tableName }));
  client.destroy();
});

ticketStoreContract('DynamoDB', async () => new DynamoTicketStore(documents, await table()));
pseudonymStoreContract('DynamoDB', async () => new DynamoPseudonymStore(documents, await table()));
partyStoreContract('DynamoDB', async () => new DynamoPartyStore(documents, await table()));
offerStoreContract('DynamoDB', async () => new DynamoOfferStore(documents, await table()));
purchaseStoreContract('DynamoDB', async () => new DynamoPurchaseStore(documents, await table()));
revocationStoreContract('DynamoDB', async () => new DynamoRevocationStore(documents, await table()));

describe('offer listing cursors in DynamoDB', () => {
  it('crafted cursors (empty or foreign keys, another listing, mismatched ids) are refused as INVALID_CURSOR', async () => {
    // Prepare
    const store = new DynamoOfferStore(documents, await table());
    const providerId = `prv_${randomUUID()}`;
    const partition = `OFFERS#PROVIDER#${providerId}`;
    const record = {
      id: `ofr_${randomUUID()}`,
      providerId,
      title: 'a',
      resource: 'server-0/stream',
      priceMinor: 100,
      currency: 'JPY',
      validitySeconds: 60,
      capabilities: ['image'],
      searchText: searchTextOf({ title: 'a', resource: 'server-0/stream', capabilities: ['image'] }),
      createdAt: new Date(Date.UTC(2026, 0, 1)).toISOString(),
      createdBy: 'operator:op',
    };
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
