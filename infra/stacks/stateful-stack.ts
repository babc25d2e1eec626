import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps } from 'aws-cdk-lib';
import type { Alarm } from 'aws-cdk-lib/aws-cloudwatch';
import { AttributeType, BillingMode, ProjectionType, Table, TableEncryption, type Attribute } from 'aws-cdk-lib/aws-dynamodb';
import { Key, KeySpec, KeyUsage } from 'aws-cdk-lib/aws-kms';
import type { Topic } from 'aws-cdk-lib/aws-sns';
import { CfnScheduleGroup } from 'aws-cdk-lib/aws-scheduler';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { NagSuppressions } from 'cdk-nag';
import type { Construct } from 'constructs';
import { functionList as declaredFunctionList, type FunctionDefinition } from '../../shared/resources/functions';
import { DATA_KEY_PURPOSE_CONTEXT_KEY, dataKey, keys, type KeyDefinition } from '../../shared/resources/keys';
import { deadLetterQueueName, queueName, queues, type QueueDefinition } from '../../shared/resources/queues';
import { oneTimeScheduleGroup } from '../../shared/resources/schedules';
import { tableName, tables, type IndexProjection, type KeyAttribute, type TableDefinition } from '../../shared/resources/tables';
import { AlarmTopic } from '../constructs/alarm-topic';
import { KippuQueue, deadLetterAlarm } from '../constructs/kippu-queue';
import {
  confinedKeyPolicy,
  purposeOpenerFunctionNames,
  signerFunctionNames,
  signingKeyPolicy,
} from '../constructs/signing-key-policy';

/**
 * The data that must outlive any deployment: every DynamoDB table, KMS key and SQS queue
 * declared in shared/resources, the dead-letter queue of EventBridge Scheduler, and the
 * schedule group that holds one-time schedules. Nothing here is replaced by a code change, everything is retained when the
 * stack is deleted, and the stateless stack receives these resources through typed props
 * (CloudFormation exports under the hood), never by name lookups.
 *
 * Tables are encrypted with kippu's customer managed data key rather than an AWS owned or
 * AWS managed key: the key policy is ours (access to the data can be withdrawn by revoking key
 * access, independently of IAM policies on the tables), every decrypt is a CloudTrail event
 * naming the caller, and the same key already protects content keys and queues. The price is
 * one key per stage and KMS request charges, which DynamoDB keeps low by caching data keys.
 *
 * The ticket signing key's policy names the roles that may sign with it, and the data key's
 * the roles that may open a delegated signing key it wraps (see signing-key-policy.ts);
 * rotating the signing key is a runbook in docs/operations.md. The key is retained
 * on stack deletion because deleting it would invalidate every ticket it signed.
 *
 * Queues live here rather than with their consumers because a message in a queue is money
 * work that has been accepted and not done yet: replacing or deleting the stateless stack
 * must not drop it. For the same reason the one-time schedule group is here: deleting a group
 * deletes every schedule in it, and those schedules are pending deadlines (a reservation's
 * reconfirmation). Queues use the customer managed data key for the reasons given for tables.
 *
 * The alarm topic lives here too: its e-mail subscription becomes active only once the
 * recipient confirms it, and a replaced topic would silently lose it.
 */
export interface StatefulStackProps extends StackProps {
  readonly stage: string;
  /** Defaults to the declarations in shared/resources/queues.ts (tests pass synthetic ones). */
  readonly queues?: readonly QueueDefinition[];
  /** The functions whose declarations decide who may sign; defaults to shared/resources/functions.ts. */
  readonly functionList?: readonly FunctionDefinition[];
  /** Subscribed to the alarm topic when given (the `alarmEmail` context value). */
  readonly alarmEmail?: string;
}

/** Failed schedule invocations are kept as long as SQS allows, for an operator to look at. */
const SCHEDULER_DEAD_LETTER_RETENTION = Duration.days(14);

/** KMS waits this long before a key scheduled for deletion is gone (the maximum). */
const KEY_DELETION_WINDOW = Duration.days(30);

const KEY_SPECS = {
  ECC_NIST_P256: KeySpec.ECC_NIST_P256,
  SYMMETRIC_DEFAULT: KeySpec.SYMMETRIC_DEFAULT,
  HMAC_256: KeySpec.HMAC_256,
} as const satisfies Record<KeyDefinition['keySpec'], KeySpec>;

const KEY_USAGES = {
  SIGN_VERIFY: KeyUsage.SIGN_VERIFY,
  ENCRYPT_DECRYPT: KeyUsage.ENCRYPT_DECRYPT,
  GENERATE_VERIFY_MAC: KeyUsage.GENERATE_VERIFY_MAC,
} as const satisfies Record<KeyDefinition['keyUsage'], KeyUsage>;

const ATTRIBUTE_TYPES = {
  S: AttributeType.STRING,
  N: AttributeType.NUMBER,
} as const satisfies Record<KeyAttribute['type'], AttributeType>;

const attribute = (key: KeyAttribute): Attribute => ({ name: key.name, type: ATTRIBUTE_TYPES[key.type] });

/** The CDK form of a declared index projection. */
const projectionProps = (projection: IndexProjection) =>
  projection.type === 'INCLUDE'
    ? { projectionType: ProjectionType.INCLUDE, nonKeyAttributes: [...projection.attributes] }
    : { projectionType: projection.type === 'ALL' ? ProjectionType.ALL : ProjectionType.KEYS_ONLY };

/** `ticketSigning` -> `TicketSigning`, for construct ids. */
const pascal = (id: string): string => id.charAt(0).toUpperCase() + id.slice(1);

export class StatefulStack extends Stack {
  /** Every declared table, by its declaration id. */
  readonly tables: ReadonlyMap<TableDefinition['id'], Table>;
  /** Every declared key, by its declaration id. */
  readonly keys: ReadonlyMap<KeyDefinition['id'], Key>;
  /** Every declared queue (with its dead-letter queue and alarms), by its declaration id. */
  readonly queues: ReadonlyMap<QueueDefinition['id'], KippuQueue>;
  /** Where EventBridge Scheduler puts invocations that failed after their retries. */
  readonly schedulerDeadLetterQueue: Queue;
  readonly schedulerDeadLetterAlarm: Alarm;
  /** Holds the one-time schedules that functions create at run time. */
  readonly oneTimeScheduleGroup: CfnScheduleGroup;
  /** What every alarm of the stage notifies (see alarm-topic.ts). */
  readonly alarmTopic: Topic;
  /** The physical names of every dead-letter queue: the declared queues' and the scheduler's. */
  readonly deadLetterQueueNames: readonly string[];

  constructor(scope: Construct, id: string, props: StatefulStackProps) {
    super(scope, id, props);

    this.keys = this.addKeys(props);
    const dataEncryptionKey = this.keys.get(dataKey.id);
    if (dataEncryptionKey === undefined)
      throw new Error(`the data key ${dataKey.id} is not declared in shared/resources/keys.ts`);
    this.tables = this.addTables(props.stage, dataEncryptionKey);
    this.queues = this.addQueues(props, dataEncryptionKey);

    const schedulerDeadLetterQueueName = `kippu-${props.stage}-scheduler-dlq`;
    this.deadLetterQueueNames = [
      ...(props.queues ?? queues).map((definition) => deadLetterQueueName(props.stage, definition)),
      schedulerDeadLetterQueueName,
    ];
    this.schedulerDeadLetterQueue = this.addSchedulerDeadLetterQueue(schedulerDeadLetterQueueName, dataEncryptionKey);
    this.schedulerDeadLetterAlarm = deadLetterAlarm(
      this,
      'SchedulerDeadLetterAlarm',
      schedulerDeadLetterQueueName,
      this.schedulerDeadLetterQueue,
    );

    this.alarmTopic = new AlarmTopic(this, 'Alarms', {
      stage: props.stage,
      key: dataEncryptionKey,
      ...(props.alarmEmail === undefined ? {} : { email: props.alarmEmail }),
    }).topic;
    new CfnOutput(this, 'AlarmTopicArn', {
      value: this.alarmTopic.topicArn,
      description: 'Every alarm of the stage notifies this topic',
    });

    this.oneTimeScheduleGroup = new CfnScheduleGroup(this, 'OneTimeScheduleGroup', {
      name: oneTimeScheduleGroup.name(props.stage),
    });
    this.oneTimeScheduleGroup.applyRemovalPolicy(RemovalPolicy.RETAIN);
  }

  /**
   * A key's own policy, when it needs one: a signing key's names the roles that may sign; a
   * key with confined purposes (the data key) names, per purpose, the roles that may decrypt
   * under it. Other keys keep CDK's default policy, which delegates to IAM.
   */
  private keyPolicy(definition: KeyDefinition, props: StatefulStackProps) {
    const functionList = props.functionList ?? declaredFunctionList;
    if (definition.keyUsage === 'SIGN_VERIFY')
      return { policy: signingKeyPolicy(this, props.stage, signerFunctionNames(definition, functionList)) };
    const confinedPurposes = definition.confinedPurposes ?? [];
    if (confinedPurposes.length === 0) return {};
    const confined = confinedPurposes.map((purpose) => ({
      purpose,
      openerNames: purposeOpenerFunctionNames(definition, purpose, functionList),
    }));
    return { policy: confinedKeyPolicy(this, props.stage, confined, DATA_KEY_PURPOSE_CONTEXT_KEY) };
  }

  /** Every declared KMS key, with its policy (keyPolicy). */
  private addKeys(props: StatefulStackProps): Map<string, Key> {
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
        // signing key is rotated by hand (docs/operations.md).
        enableKeyRotation: symmetric,
        pendingWindow: KEY_DELETION_WINDOW,
        removalPolicy: RemovalPolicy.RETAIN,
        ...this.keyPolicy(definition, props),
      });
      createdKeys.set(definition.id, key);
    }
    return createdKeys;
  }

  /** Every declared table, encrypted with the data key, with its global indexes. */
  private addTables(stage: string, dataEncryptionKey: Key): Map<string, Table> {
    const createdTables = new Map<string, Table>();
    const tableDefinitions: readonly TableDefinition[] = tables;
    for (const definition of tableDefinitions) {
      const table = new Table(this, `${pascal(definition.id)}Table`, {
        tableName: tableName(stage, definition),
        partitionKey: attribute(definition.partitionKey),
        ...(definition.sortKey === undefined ? {} : { sortKey: attribute(definition.sortKey) }),
        billingMode: BillingMode.PAY_PER_REQUEST,
        pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
        encryption: TableEncryption.CUSTOMER_MANAGED,
        encryptionKey: dataEncryptionKey,
        deletionProtection: true,
        removalPolicy: RemovalPolicy.RETAIN,
        ...(definition.timeToLiveAttribute === undefined ? {} : { timeToLiveAttribute: definition.timeToLiveAttribute }),
      });
      for (const index of definition.globalIndexes) {
        table.addGlobalSecondaryIndex({
          indexName: index.indexName,
          partitionKey: attribute(index.partitionKey),
          ...(index.sortKey === undefined ? {} : { sortKey: attribute(index.sortKey) }),
          // As declared: whole items where a query must not need a second read of the table,
          // keys (and a few attributes) where updates should not pay for the index.
          ...projectionProps(index.projection),
        });
      }
      createdTables.set(definition.id, table);
    }
    return createdTables;
  }

  /** Every declared queue, with its dead-letter queue and alarms. */
  private addQueues(props: StatefulStackProps, dataEncryptionKey: Key): Map<string, KippuQueue> {
    const createdQueues = new Map<string, KippuQueue>();
    for (const definition of props.queues ?? queues) {
      const queue = new KippuQueue(this, `${pascal(definition.id)}Queue`, {
        queueName: queueName(props.stage, definition),
        deadLetterQueueName: deadLetterQueueName(props.stage, definition),
        encryptionKey: dataEncryptionKey,
        visibilityTimeoutSeconds: definition.visibilityTimeoutSeconds,
        maxReceiveCount: definition.maxReceiveCount,
        deadLetterRetentionDays: definition.deadLetterRetentionDays,
      });
      createdQueues.set(definition.id, queue);
    }
    return createdQueues;
  }

  /** Where EventBridge Scheduler puts the invocations that failed after their retries. */
  private addSchedulerDeadLetterQueue(queueName: string, dataEncryptionKey: Key): Queue {
    const queue = new Queue(this, 'SchedulerDeadLetterQueue', {
      queueName,
      encryption: QueueEncryption.KMS,
      encryptionMasterKey: dataEncryptionKey,
      enforceSSL: true,
      retentionPeriod: SCHEDULER_DEAD_LETTER_RETENTION,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    NagSuppressions.addResourceSuppressions(queue, [
      {
        id: 'AwsSolutions-SQS3',
        reason:
          'This queue is itself a dead-letter queue: EventBridge Scheduler schedules name it in their DeadLetterConfig (not an SQS redrive policy, which cdk-nag looks for), and a dead-letter queue needs no dead-letter queue of its own.',
      },
    ]);
    return queue;
  }
}
