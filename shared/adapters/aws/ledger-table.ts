import type { AttributeDefinition, CreateTableCommandInput, KeySchemaElement } from '@aws-sdk/client-dynamodb';
import { ledgerTable } from '../../resources/tables';

/**
 * CreateTable input for a ledger table built from the one `ledgerTable` definition, for the
 * emulator (integration tests, the bench). The deployed table comes from the CDK stack,
 * from the same definition. The sweeper reads only keys from the `due` index (the hold id
 * is inside `dueSk`), so KEYS_ONLY is enough there.
 */
export const ledgerCreateTableInput = (tableName: string): CreateTableCommandInput => {
  const attributes = new Map<string, AttributeDefinition>();
  const define = (name: string, type: 'S' | 'N'): void => {
    attributes.set(name, { AttributeName: name, AttributeType: type });
  };
  const keySchema = (partition: string, sort?: string): KeySchemaElement[] => [
    { AttributeName: partition, KeyType: 'HASH' },
    ...(sort === undefined ? [] : [{ AttributeName: sort, KeyType: 'RANGE' as const }]),
  ];
  define(ledgerTable.partitionKey.name, ledgerTable.partitionKey.type);
  define(ledgerTable.sortKey.name, ledgerTable.sortKey.type);
  for (const index of ledgerTable.globalIndexes) {
    define(index.partitionKey.name, index.partitionKey.type);
    define(index.sortKey.name, index.sortKey.type);
  }
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [...attributes.values()],
    KeySchema: keySchema(ledgerTable.partitionKey.name, ledgerTable.sortKey.name),
    GlobalSecondaryIndexes: ledgerTable.globalIndexes.map((index) => ({
      IndexName: index.indexName,
      KeySchema: keySchema(index.partitionKey.name, index.sortKey.name),
      Projection: { ProjectionType: 'KEYS_ONLY' },
    })),
  };
};
