import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ResourceInUseException,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { CreateAliasCommand, CreateKeyCommand, KMSClient, ListAliasesCommand } from '@aws-sdk/client-kms';
import { CreateQueueCommand, GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { ConflictException, CreateScheduleGroupCommand, SchedulerClient } from '@aws-sdk/client-scheduler';
import { CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { functionList } from '../../shared/resources/functions';
import { createTableInput } from '../../shared/adapters/aws/table-schema';
import { keys, type KeyDefinition } from '../../shared/resources/keys';
import { deadLetterQueueName, queueName, queues, type QueueDefinition } from '../../shared/resources/queues';
import { functionArnEnvVar, oneTimeScheduleGroup, physicalFunctionName } from '../../shared/resources/schedules';
import { tableName, tables, type TableDefinition } from '../../shared/resources/tables';
import { bootstrapIdentity } from './bootstrap-identity';
import { localProcessSettings } from './settings';

/**
 * Creates, in the emulators, the same tables and keys that the CDK stack declares (both read
 * shared/resources), and returns the environment variables that tell handlers their names.
 * Idempotent: with reused emulators, what exists is kept.
 */
export const LOCAL_STAGE = 'local';
const LOCAL_ISSUER_DEFAULT = 'http://127.0.0.1:3000';
const ALIAS_PAGE_LIMIT = 100;
const ALIAS_PAGES_MAX = 50;

const clientConfig = (env: Record<string, string>, endpointVar: string) => ({
  region: env.AWS_REGION ?? process.env.AWS_REGION ?? 'us-east-1',
  endpoint: env[endpointVar] ?? process.env[endpointVar],
  credentials: {
    accessKeyId: env.AWS_ACCESS_KEY_ID ?? process.env.AWS_ACCESS_KEY_ID ?? 'local',
    secretAccessKey: env.AWS_SECRET_ACCESS_KEY ?? process.env.AWS_SECRET_ACCESS_KEY ?? 'local',
  },
});

/** Create a table from its declaration; an existing one is left alone. */
export const createTable = async (client: DynamoDBClient, name: string, table: TableDefinition): Promise<void> => {
  try {
    await client.send(new CreateTableCommand(createTableInput(name, table)));
    if (table.timeToLiveAttribute !== undefined) {
      await client.send(
        new UpdateTimeToLiveCommand({
          TableName: name,
          TimeToLiveSpecification: { AttributeName: table.timeToLiveAttribute, Enabled: true },
        }),
      );
    }
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
  }
  await client.send(new DescribeTableCommand({ TableName: name }));
};

const findAlias = async (client: KMSClient, alias: string): Promise<string | undefined> => {
  let marker: string | undefined;
  for (let page = 0; page < ALIAS_PAGES_MAX; page += 1) {
    const answer = await client.send(new ListAliasesCommand({ Limit: ALIAS_PAGE_LIMIT, ...(marker ? { Marker: marker } : {}) }));
    const found = answer.Aliases?.find((entry) => entry.AliasName === alias);
    if (found?.TargetKeyId !== undefined) return found.TargetKeyId;
    if (answer.Truncated !== true || answer.NextMarker === undefined) return undefined;
    marker = answer.NextMarker;
  }
  return undefined;
};

/** The key behind the declaration's alias, created (with its alias) on first use. */
export const ensureKey = async (client: KMSClient, stage: string, key: KeyDefinition): Promise<string> => {
  const alias = key.alias(stage);
  const existing = await findAlias(client, alias);
  if (existing !== undefined) return existing;
  const created = await client.send(
    new CreateKeyCommand({ KeySpec: key.keySpec, KeyUsage: key.keyUsage, Description: key.description }),
  );
  const keyId = created.KeyMetadata?.KeyId;
  if (keyId === undefined) throw new Error(`the emulator created no key for ${alias}`);
  await client.send(new CreateAliasCommand({ AliasName: alias, TargetKeyId: keyId }));
  return keyId;
};

const SECONDS_PER_DAY = 86_400;

/** A queue and its dead-letter queue with the declared redrive policy; returns the queue URL. */
export const ensureQueue = async (client: SQSClient, stage: string, queue: QueueDefinition): Promise<string> => {
  const deadLetter = await client.send(
    new CreateQueueCommand({
      QueueName: deadLetterQueueName(stage, queue),
      Attributes: { MessageRetentionPeriod: String(queue.deadLetterRetentionDays * SECONDS_PER_DAY) },
    }),
  );
  const deadLetterArn = (
    await client.send(new GetQueueAttributesCommand({ QueueUrl: deadLetter.QueueUrl, AttributeNames: ['QueueArn'] }))
  ).Attributes?.QueueArn;
  if (deadLetterArn === undefined) throw new Error(`the emulator returned no ARN for ${deadLetterQueueName(stage, queue)}`);
  const visibilityTimeoutSeconds = String(
    localProcessSettings(process.env).visibilityTimeoutSeconds ?? queue.visibilityTimeoutSeconds,
  );
  const created = await client.send(
    new CreateQueueCommand({
      QueueName: queueName(stage, queue),
      Attributes: {
        VisibilityTimeout: visibilityTimeoutSeconds,
        RedrivePolicy: JSON.stringify({ deadLetterTargetArn: deadLetterArn, maxReceiveCount: queue.maxReceiveCount }),
      },
    }),
  );
  if (created.QueueUrl === undefined) throw new Error(`the emulator returned no URL for ${queue.id}`);
  return created.QueueUrl;
};

const LOCAL_ACCOUNT = '000000000000';

/** Creates the resources of a stage (`local` unless a test wants a world of its own) and returns their variables. */
export async function bootstrapLocalResources(env: Record<string, string>, stage = LOCAL_STAGE): Promise<Record<string, string>> {
  const dynamodb = new DynamoDBClient(clientConfig(env, 'AWS_ENDPOINT_URL_DYNAMODB'));
  const kmsClient = new KMSClient(clientConfig(env, 'AWS_ENDPOINT_URL_KMS'));
  const sqs = new SQSClient(clientConfig(env, 'AWS_ENDPOINT_URL_SQS'));
  const scheduler = new SchedulerClient(clientConfig(env, 'AWS_ENDPOINT_URL_SCHEDULER'));
  const cognito = new CognitoIdentityProviderClient(clientConfig(env, 'AWS_ENDPOINT_URL_COGNITO_IDP'));
  const ses = new SESv2Client(clientConfig(env, 'AWS_ENDPOINT_URL_SESV2'));
  const region = clientConfig(env, 'AWS_ENDPOINT_URL_SQS').region;
  try {
    const resourceEnv: Record<string, string> = {
      KIPPU_STAGE: stage,
      KIPPU_ISSUER: process.env.KIPPU_ISSUER ?? LOCAL_ISSUER_DEFAULT,
    };
    await Promise.all(
      tables.map(async (table) => {
        const name = tableName(stage, table);
        await createTable(dynamodb, name, table);
        resourceEnv[table.envVar] = name;
      }),
    );
    for (const key of keys) {
      resourceEnv[key.envVar] = await ensureKey(kmsClient, stage, key);
    }
    for (const queue of queues) {
      resourceEnv[queue.envVar] = await ensureQueue(sqs, stage, queue);
    }
    try {
      await scheduler.send(new CreateScheduleGroupCommand({ Name: oneTimeScheduleGroup.name(stage) }));
    } catch (error) {
      if (!(error instanceof ConflictException)) throw error;
    }
    resourceEnv[oneTimeScheduleGroup.envVar] = oneTimeScheduleGroup.name(stage);
    resourceEnv[oneTimeScheduleGroup.roleArnEnvVar] = `arn:aws:iam::${LOCAL_ACCOUNT}:role/kippu-${stage}-scheduler`;
    for (const definition of functionList) {
      resourceEnv[functionArnEnvVar(definition.name)] =
        `arn:aws:lambda:${region}:${LOCAL_ACCOUNT}:function:${physicalFunctionName(stage, definition.name)}`;
    }
    Object.assign(
      resourceEnv,
      await bootstrapIdentity({ cognito, ses }, LOCAL_STAGE, resourceEnv.KIPPU_ISSUER ?? LOCAL_ISSUER_DEFAULT),
    );
    return resourceEnv;
  } finally {
    dynamodb.destroy();
    kmsClient.destroy();
    sqs.destroy();
    scheduler.destroy();
    cognito.destroy();
    ses.destroy();
  }
}
