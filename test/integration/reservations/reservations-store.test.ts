import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll } from 'vitest';
import { DynamoReservationStore } from '../../../shared/adapters/aws/reservations-dynamodb';
import { reservationStoreContract } from '../../contract/reservations-store-contract';
import { newDynamoClient } from '../ledger/table';
import { createReservationsTable, dropReservationTables } from './reservations-fixture';

/** The DynamoDB reservations store against DynamoDB Local, a fresh table (from `reservationsTable`) per test. */
const client = newDynamoClient();
const documents = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });

afterAll(async () => {
  await dropReservationTables();
  client.destroy();
});

reservationStoreContract('DynamoDB', async () => new DynamoReservationStore(documents, await createReservationsTable(client)));
