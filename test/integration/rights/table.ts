import { randomBytes } from 'node:crypto';
import { CreateTableCommand, DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll } from 'vitest';
import { createTableInput } from '../../../shared/adapters/aws/table-schema';
import { coreTable } from '../../../shared/resources/tables';

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
