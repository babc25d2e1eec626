import { randomBytes } from 'node:crypto';
import { CreateTableCommand, DeleteTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createTableInput } from '../../../shared/adapters/aws/table-schema';
import type { TableDefinition } from '../../../shared/resources/tables';
import { newDynamoClient } from '../ledger/table';

/** Fresh tables per test in DynamoDB Local, from the declarations the stack deploys; dropped by dropTables. */
const created: { client: DynamoDBClient; tableName: string }[] = [];
let shared: DynamoDBClient | undefined;

export const dynamo = (): { client: DynamoDBClient; documentClient: DynamoDBDocumentClient } => {
  shared ??= newDynamoClient();
  return {
    client: shared,
    documentClient: DynamoDBDocumentClient.from(shared, { marshallOptions: { removeUndefinedValues: true } }),
  };
};

export const freshTable = async (table: TableDefinition): Promise<string> => {
  const { client } = dynamo();
  const tableName = `kippu-test-${table.id}-${randomBytes(6).toString('hex')}`;
  await client.send(new CreateTableCommand(createTableInput(tableName, table)));
  created.push({ client, tableName });
  return tableName;
};

export const dropTables = async (): Promise<void> => {
  const tables = created.splice(0, created.length);
  await Promise.all(tables.map(({ client, tableName }) => client.send(new DeleteTableCommand({ TableName: tableName }))));
};
