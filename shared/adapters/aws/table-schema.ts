import type { AttributeDefinition, CreateTableCommandInput, KeySchemaElement, Projection } from '@aws-sdk/client-dynamodb';
import type { IndexProjection, KeyAttribute, TableDefinition } from '../../resources/tables';

/** The CreateTable form of a declared index projection. */
const projectionOf = (projection: IndexProjection): Projection =>
  projection.type === 'INCLUDE'
    ? { ProjectionType: 'INCLUDE', NonKeyAttributes: [...projection.attributes] }
    : { ProjectionType: projection.type };

/**
 * CreateTable input for a declared table, for the emulator (local bootstrap, tests, bench).
 * The deployed table comes from the CDK stack, built from the same declaration.
 */
export const createTableInput = (tableName: string, table: TableDefinition): CreateTableCommandInput => {
  const attributes = new Map<string, AttributeDefinition>();
  const define = (attribute: KeyAttribute): void => {
    attributes.set(attribute.name, { AttributeName: attribute.name, AttributeType: attribute.type });
  };
  const keySchema = (partition: KeyAttribute, sort: KeyAttribute | undefined): KeySchemaElement[] => {
    define(partition);
    if (sort !== undefined) define(sort);
    return [
      { AttributeName: partition.name, KeyType: 'HASH' },
      ...(sort === undefined ? [] : [{ AttributeName: sort.name, KeyType: 'RANGE' as const }]),
    ];
  };
  const primaryKey = keySchema(table.partitionKey, table.sortKey);
  const indexes = table.globalIndexes.map((index) => ({
    IndexName: index.indexName,
    KeySchema: keySchema(index.partitionKey, index.sortKey),
    Projection: projectionOf(index.projection),
  }));
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [...attributes.values()],
    KeySchema: primaryKey,
    ...(indexes.length > 0 ? { GlobalSecondaryIndexes: indexes } : {}),
  };
};
