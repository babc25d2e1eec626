import { Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import { AttributeType, BillingMode, ProjectionType, Table, TableEncryption, type Attribute } from 'aws-cdk-lib/aws-dynamodb';
import { Key, KeySpec, KeyUsage } from 'aws-cdk-lib/aws-kms';
import type { Construct } from 'constructs';
import { dataKey, keys, type KeyDefinition } from '../../shared/resources/keys';
import { tableName, tables, type KeyAttribute, type TableDefinition } from '../../shared/resources/tables';

/**
 * The data that must outlive any deployment: every DynamoDB table and KMS key declared in
 * shared/resources. Nothing here is replaced by a code change, everything is retained when the
 * stack is deleted, and the stateless stack receives these resources through typed props
 * (CloudFormation exports under the hood), never by name lookups.
 *
 * Tables are encrypted with kippu's customer managed data key rather than an AWS owned or
 * AWS managed key: the key policy is ours (access to the data can be withdrawn by revoking key
 * access, independently of IAM policies on the tables), every decrypt is a CloudTrail event
 * naming the caller, and the same key already protects content keys and queues. The price is
 * one key per stage and KMS request charges, which DynamoDB keeps low by caching data keys.
 *
 * Rotating the ticket signing key: asymmetric KMS keys cannot rotate automatically. To
 * rotate, declare a new key (or replace the key resource so CDK creates a new one), deploy,
 * and pass the old key's ARN with `-c ticketVerifyKeyArns=<arn>` so it is listed in
 * KIPPU_TICKET_VERIFY_KEY_IDS: the JWKS then serves both public keys and tickets signed
 * before the rotation still verify. Once the longest ticket window has passed, remove the old
 * ARN and schedule the old key for deletion. The key is retained on stack deletion because
 * deleting it would invalidate every ticket it signed.
 */
export interface StatefulStackProps extends StackProps {
  readonly stage: string;
}

/** KMS waits this long before a key scheduled for deletion is gone (the maximum). */
const KEY_DELETION_WINDOW = Duration.days(30);

const KEY_SPECS = {
  ECC_NIST_P256: KeySpec.ECC_NIST_P256,
  SYMMETRIC_DEFAULT: KeySpec.SYMMETRIC_DEFAULT,
} as const satisfies Record<KeyDefinition['keySpec'], KeySpec>;

const KEY_USAGES = {
  SIGN_VERIFY: KeyUsage.SIGN_VERIFY,
  ENCRYPT_DECRYPT: KeyUsage.ENCRYPT_DECRYPT,
} as const satisfies Record<KeyDefinition['keyUsage'], KeyUsage>;

const ATTRIBUTE_TYPES = {
  S: AttributeType.STRING,
  N: AttributeType.NUMBER,
} as const satisfies Record<KeyAttribute['type'], AttributeType>;

const attribute = (key: KeyAttribute): Attribute => ({ name: key.name, type: ATTRIBUTE_TYPES[key.type] });

/** `ticketSigning` -> `TicketSigning`, for construct ids. */
const pascal = (id: string): string => id.charAt(0).toUpperCase() + id.slice(1);

export class StatefulStack extends Stack {
  /** Every declared table, by its declaration id. */
  readonly tables: ReadonlyMap<TableDefinition['id'], Table>;
  /** Every declared key, by its declaration id. */
  readonly keys: ReadonlyMap<KeyDefinition['id'], Key>;

  constructor(scope: Construct, id: string, props: StatefulStackProps) {
    super(scope, id, props);

    const createdKeys = new Map<string, Key>();
    const keyDefinitions: readonly KeyDefinition[] = keys;
    for (const definition of keyDefinitions) {
      const symmetric = definition.keySpec === 'SYMMETRIC_DEFAULT';
      const key = new Key(this, `${pascal(definition.id)}Key`, {
        description: definition.description,
        alias: definition.alias(props.stage),
        keySpec: KEY_SPECS[definition.keySpec],
        keyUsage: KEY_USAGES[definition.keyUsage],
        // Only symmetric keys can rotate automatically (cdk-nag KMS5 checks only those); the
        // signing key is rotated by hand, see the class comment.
        enableKeyRotation: symmetric,
        pendingWindow: KEY_DELETION_WINDOW,
        removalPolicy: RemovalPolicy.RETAIN,
      });
      createdKeys.set(definition.id, key);
    }
    this.keys = createdKeys;

    const tableKey = createdKeys.get(dataKey.id);
    if (tableKey === undefined) throw new Error(`the data key ${dataKey.id} is not declared in shared/resources/keys.ts`);

    const createdTables = new Map<string, Table>();
    const tableDefinitions: readonly TableDefinition[] = tables;
    for (const definition of tableDefinitions) {
      const table = new Table(this, `${pascal(definition.id)}Table`, {
        tableName: tableName(props.stage, definition),
        partitionKey: attribute(definition.partitionKey),
        ...(definition.sortKey === undefined ? {} : { sortKey: attribute(definition.sortKey) }),
        billingMode: BillingMode.PAY_PER_REQUEST,
        pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
        encryption: TableEncryption.CUSTOMER_MANAGED,
        encryptionKey: tableKey,
        deletionProtection: true,
        removalPolicy: RemovalPolicy.RETAIN,
        ...(definition.timeToLiveAttribute === undefined ? {} : { timeToLiveAttribute: definition.timeToLiveAttribute }),
      });
      for (const index of definition.globalIndexes) {
        table.addGlobalSecondaryIndex({
          indexName: index.indexName,
          partitionKey: attribute(index.partitionKey),
          ...(index.sortKey === undefined ? {} : { sortKey: attribute(index.sortKey) }),
          // Whole items, so a query on an index never needs a second read of the base table.
          projectionType: ProjectionType.ALL,
        });
      }
      createdTables.set(definition.id, table);
    }
    this.tables = createdTables;
  }
}
