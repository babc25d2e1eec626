import { randomBytes } from 'node:crypto';
import { CreateTableCommand, DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll } from 'vitest';
import { createTableInput } from '../../../shared/adapters/aws/table-schema';
import { backoffWithinBudget } from '../../../shared/contention';
import type { JwsSigner } from '../../../shared/domain/tickets/ports';
import type { Clock } from '../../../shared/ports';
import { coreTable } from '../../../shared/resources/tables';
import { redeemOnTable } from '../../fixtures/redeem-on-table';

/** A core table of its own in DynamoDB Local for one test file, created on first use and deleted after. */
export const ownCoreTable = (label: string) => {
  const client = new DynamoDBClient({});
  const documents = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  const tableName = `kippu-test-${label}-${randomBytes(6).toString('hex')}`;
  let created: Promise<unknown> | undefined;
  afterAll(async () => {
    if (created !== undefined) await client.send(new DeleteTableCommand({ TableName: tableName }));
    client.destroy();
  });
  return {
    documents,
    tableName,
    async ready(): Promise<string> {
      created ??= client.send(new CreateTableCommand(createTableInput(tableName, coreTable)));
      await created;
      return tableName;
    },
  };
};

/** Tickets and redeem on this table (test/fixtures/redeem-on-table.ts), redeems retried after 5–100 ms. */
export const redeemOn = (
  table: ReturnType<typeof ownCoreTable>,
  tableName: string,
  clock: Clock,
  signer: JwsSigner,
  reservationSeconds = 600,
) =>
  redeemOnTable(table.documents, tableName, {
    clock,
    signer,
    reservationSeconds,
    issuer: 'https://kippu.test',
    pause: (attempt) => backoffWithinBudget(attempt, { baseMilliseconds: 5, capMilliseconds: 100 }),
  });
