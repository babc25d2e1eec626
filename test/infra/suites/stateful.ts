import { describe, expect, it } from 'vitest';
import { Match } from 'aws-cdk-lib/assertions';
import { keys } from '../../../shared/resources/keys';
import { coreTable, tableName, tables, type TableDefinition } from '../../../shared/resources/tables';
import { dataKey } from '../../../shared/resources/keys';
import { logicalIdOf, resourcesOf, synthesizeKippu } from '../fixture';

const fixture = synthesizeKippu();
const stage = fixture.settings.stage;
const tableDefinitions: readonly TableDefinition[] = tables;

const keyLogicalId = (id: string): string => {
  const key = fixture.stateful.keys.get(id);
  if (key === undefined) throw new Error(`no key ${id}`);
  return logicalIdOf(key);
};

describe('stateful stack', () => {
  it.each(tableDefinitions.map((table) => [table.id, table] as const))(
    'creates the %s table on demand, with point-in-time recovery, encrypted with the data key',
    (_id, table) => {
      // Prepare
      const keySchema = [
        { AttributeName: table.partitionKey.name, KeyType: 'HASH' },
        ...(table.sortKey === undefined ? [] : [{ AttributeName: table.sortKey.name, KeyType: 'RANGE' }]),
      ];

      // Act & Assess
      fixture.statefulTemplate.hasResource('AWS::DynamoDB::Table', {
        DeletionPolicy: 'Retain',
        UpdateReplacePolicy: 'Retain',
        Properties: Match.objectLike({
          TableName: tableName(stage, table),
          KeySchema: keySchema,
          BillingMode: 'PAY_PER_REQUEST',
          PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
          DeletionProtectionEnabled: true,
          SSESpecification: {
            SSEEnabled: true,
            SSEType: 'KMS',
            KMSMasterKeyId: { 'Fn::GetAtt': [keyLogicalId(dataKey.id), 'Arn'] },
          },
        }),
      });
    },
  );

  it("projects only the keys into the customer's purchases index, and keeps no index of authorized purchases", () => {
    const [resource] = Object.values(resourcesOf(fixture.statefulTemplate, 'AWS::DynamoDB::Table')).filter(
      (candidate) => candidate.Properties?.['TableName'] === tableName(stage, coreTable),
    );
    const indexes = (resource?.Properties?.['GlobalSecondaryIndexes'] ?? []) as { IndexName: string; Projection: unknown }[];
    expect(Object.fromEntries(indexes.map((index) => [index.IndexName, index.Projection]))).toEqual({
      gsi1: { ProjectionType: 'ALL' },
      gsi2: { ProjectionType: 'KEYS_ONLY' },
    });
  });

  it.each(tableDefinitions.map((table) => [table.id, table] as const))(
    'gives the %s table its declared global indexes with their declared projections, and its TTL',
    (_id, table) => {
      const [resource] = Object.values(resourcesOf(fixture.statefulTemplate, 'AWS::DynamoDB::Table')).filter(
        (candidate) => candidate.Properties?.['TableName'] === tableName(stage, table),
      );
      expect(resource).toBeDefined();
      const indexes = (resource?.Properties?.['GlobalSecondaryIndexes'] ?? []) as {
        IndexName: string;
        KeySchema: { AttributeName: string; KeyType: string }[];
        Projection: { ProjectionType: string; NonKeyAttributes?: string[] };
      }[];
      expect(indexes.map((index) => index.IndexName).sort()).toEqual(table.globalIndexes.map((index) => index.indexName).sort());
      for (const declared of table.globalIndexes) {
        const index = indexes.find((candidate) => candidate.IndexName === declared.indexName);
        expect(index?.Projection).toEqual(
          declared.projection.type === 'INCLUDE'
            ? { ProjectionType: 'INCLUDE', NonKeyAttributes: [...declared.projection.attributes] }
            : { ProjectionType: declared.projection.type },
        );
        expect(index?.KeySchema).toEqual([
          { AttributeName: declared.partitionKey.name, KeyType: 'HASH' },
          ...(declared.sortKey === undefined ? [] : [{ AttributeName: declared.sortKey.name, KeyType: 'RANGE' }]),
        ]);
      }
      expect(resource?.Properties?.['TimeToLiveSpecification']).toEqual(
        table.timeToLiveAttribute === undefined ? undefined : { AttributeName: table.timeToLiveAttribute, Enabled: true },
      );
    },
  );

  it.each(keys.map((key) => [key.id, key] as const))('creates the %s key with its spec, usage and alias', (_id, key) => {
    const logicalId = keyLogicalId(key.id);
    const resource = resourcesOf(fixture.statefulTemplate, 'AWS::KMS::Key')[logicalId];
    expect(resource?.DeletionPolicy).toBe('Retain');
    expect(resource?.Properties).toMatchObject({
      KeySpec: key.keySpec,
      KeyUsage: key.keyUsage,
      // Only symmetric keys can rotate automatically; the signing key rotates by hand.
      EnableKeyRotation: key.keySpec === 'SYMMETRIC_DEFAULT',
    });
    fixture.statefulTemplate.hasResourceProperties('AWS::KMS::Alias', {
      AliasName: key.alias(stage),
      TargetKeyId: { 'Fn::GetAtt': [logicalId, 'Arn'] },
    });
  });

  it('creates exactly the declared tables and keys', () => {
    expect(Object.keys(resourcesOf(fixture.statefulTemplate, 'AWS::DynamoDB::Table'))).toHaveLength(tables.length);
    expect(Object.keys(resourcesOf(fixture.statefulTemplate, 'AWS::KMS::Key'))).toHaveLength(keys.length);
  });
});
