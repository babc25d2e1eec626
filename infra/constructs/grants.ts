import { Aws } from 'aws-cdk-lib';
import { PolicyStatement, type IGrantable } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { IdentityAccess, KeyAccess, KeyUse, TableAccess } from '../../shared/resources/functions';
import { DATA_KEY_PURPOSE_CONTEXT_KEY } from '../../shared/resources/keys';

/**
 * Permissions are derived from the declarations in shared/resources/functions.ts and nothing
 * else: a function gets exactly the access its declaration lists.
 */

/** The one KMS action each declared key access allows. */
export const KMS_ACTIONS = {
  sign: 'kms:Sign',
  getPublicKey: 'kms:GetPublicKey',
  encrypt: 'kms:Encrypt',
  decrypt: 'kms:Decrypt',
  generateDataKey: 'kms:GenerateDataKey',
  generateMac: 'kms:GenerateMac',
} as const satisfies Record<KeyAccess, `kms:${string}`>;

/**
 * The DynamoDB actions each declared table access allows, written out rather than taken from
 * CDK's table grants, which add dynamodb:Scan, DescribeTable and the stream reads to every
 * grant: no kippu function scans a table or reads a stream, so none may. `read` is point
 * reads, batch reads and queries (transactional reads are authorized as GetItem);
 * `write` adds the item writes and ConditionCheckItem, which a transaction's condition
 * checks need.
 */
export const TABLE_ACTIONS = {
  read: ['dynamodb:BatchGetItem', 'dynamodb:GetItem', 'dynamodb:Query'],
  write: [
    'dynamodb:BatchWriteItem',
    'dynamodb:PutItem',
    'dynamodb:UpdateItem',
    'dynamodb:DeleteItem',
    'dynamodb:ConditionCheckItem',
  ],
  readWrite: [
    'dynamodb:BatchGetItem',
    'dynamodb:GetItem',
    'dynamodb:Query',
    'dynamodb:BatchWriteItem',
    'dynamodb:PutItem',
    'dynamodb:UpdateItem',
    'dynamodb:DeleteItem',
    'dynamodb:ConditionCheckItem',
  ],
} as const satisfies Record<TableAccess, readonly `dynamodb:${string}`[]>;

/**
 * The data key actions that DynamoDB performs with the caller's permissions on a table
 * encrypted with a customer managed key: decrypting to read, and the encrypting actions to
 * write (the same lists CDK's grants use).
 */
const TABLE_KEY_ACTIONS = {
  read: ['kms:Decrypt', 'kms:DescribeKey'],
  write: ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*'],
  readWrite: ['kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:ReEncrypt*', 'kms:GenerateDataKey*'],
} as const satisfies Record<TableAccess, readonly `kms:${string}`[]>;

/**
 * The condition that limits a key grant to the requests an AWS service makes on the caller's
 * behalf (`kms:ViaService`): the table and queue grants let a function use the data key only
 * through DynamoDB or SQS, never with a direct KMS call (which could open what the data key
 * wraps for other purposes).
 */
export const viaService = (service: 'dynamodb' | 'sqs') => ({
  StringEquals: { 'kms:ViaService': `${service}.${Aws.REGION}.amazonaws.com` },
});

/**
 * Table access: the declared actions on the table and its indexes (`<table arn>/index/*`, so
 * queries on any of its global indexes work) and, when the table is encrypted with a customer
 * managed key, the key actions that this kind of access needs, on that key only and only
 * through DynamoDB.
 */
export const grantTableAccess = (table: ITable, grantee: IGrantable, access: TableAccess): void => {
  grantee.grantPrincipal.addToPrincipalPolicy(
    new PolicyStatement({
      actions: [...TABLE_ACTIONS[access]],
      resources: [table.tableArn, `${table.tableArn}/index/*`],
    }),
  );
  if (table.encryptionKey !== undefined) {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({
        actions: [...TABLE_KEY_ACTIONS[access]],
        resources: [table.encryptionKey.keyArn],
        conditions: viaService('dynamodb'),
      }),
    );
  }
};

/**
 * One explicit statement per declared key use: only the listed KMS actions, only on that
 * key's ARN and, when the use names a purpose, only with an encryption context that names it.
 */
export const keyAccessStatement = (
  sid: string,
  key: IKey,
  use: Pick<KeyUse, 'access' | 'purpose' | 'context'>,
): PolicyStatement => {
  const actions = [...new Set(use.access.map((item) => KMS_ACTIONS[item]))];
  if (actions.length === 0) throw new Error(`${sid}: a key declaration needs at least one access`);
  const equals: Record<string, string> = {};
  if (use.purpose !== undefined) equals[`kms:EncryptionContext:${DATA_KEY_PURPOSE_CONTEXT_KEY}`] = use.purpose;
  if (use.context?.value !== undefined) equals[`kms:EncryptionContext:${use.context.member}`] = use.context.value;
  const conditions = {
    ...(Object.keys(equals).length > 0 ? { StringEquals: equals } : {}),
    // A member with any value: the condition key must be present in the request.
    ...(use.context !== undefined && use.context.value === undefined
      ? { Null: { [`kms:EncryptionContext:${use.context.member}`]: 'false' } }
      : {}),
  };
  return new PolicyStatement({
    sid,
    actions,
    resources: [key.keyArn],
    ...(Object.keys(conditions).length > 0 ? { conditions } : {}),
  });
};

/**
 * A producer's rights on one queue: sqs:SendMessage (which also covers SendMessageBatch) on
 * that queue and, when the queue is encrypted with a customer managed key, the two actions SQS
 * performs with the producer's credentials to encrypt a message: kms:GenerateDataKey and
 * kms:Decrypt, on that key only and only through SQS. Written out instead of CDK's
 * grantSendMessages, which adds queue attribute reads and the wildcard actions
 * kms:GenerateDataKey* and kms:ReEncrypt*.
 */
export const queueSendStatements = (sid: string, queue: IQueue): PolicyStatement[] => [
  new PolicyStatement({ sid, actions: ['sqs:SendMessage'], resources: [queue.queueArn] }),
  ...(queue.encryptionMasterKey === undefined
    ? []
    : [
        new PolicyStatement({
          actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
          resources: [queue.encryptionMasterKey.keyArn],
          conditions: viaService('sqs'),
        }),
      ]),
];

/**
 * A consumer's rights on one queue, for the Lambda event source that polls it with the
 * function's role: sqs:ReceiveMessage, sqs:DeleteMessage and sqs:GetQueueAttributes on that
 * queue (what the Lambda SQS event source needs) and, when the queue is encrypted with a
 * customer managed key, kms:Decrypt on that key only through SQS (`kms:ViaService`), which is
 * what SQS asks of KMS on the poller's behalf. Written out instead of CDK's
 * grantConsumeMessages (what SqsEventSource adds), which also grants sqs:GetQueueUrl and
 * sqs:ChangeMessageVisibility, unused, and kms:Decrypt on the key without a condition: a
 * direct KMS call with it could open what the data key wraps for other purposes.
 */
export const queueConsumeStatements = (sid: string, queue: IQueue): PolicyStatement[] => [
  new PolicyStatement({
    sid,
    actions: ['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes'],
    resources: [queue.queueArn],
  }),
  ...(queue.encryptionMasterKey === undefined
    ? []
    : [
        new PolicyStatement({
          actions: ['kms:Decrypt'],
          resources: [queue.encryptionMasterKey.keyArn],
          conditions: viaService('sqs'),
        }),
      ]),
];

/** The Cognito actions each declared identity access allows, on kippu's user pool only. */
const COGNITO_ACTIONS = {
  readUsers: ['cognito-idp:AdminGetUser'],
  // Never AdminSetUserPassword: a role with it could take over any user of the pool.
  inviteUsers: ['cognito-idp:AdminCreateUser', 'cognito-idp:AdminGetUser'],
  manageUsers: ['cognito-idp:AdminCreateUser', 'cognito-idp:AdminGetUser', 'cognito-idp:AdminSetUserPassword'],
  signIn: ['cognito-idp:AdminInitiateAuth'],
  manageClients: ['cognito-idp:CreateUserPoolClient', 'cognito-idp:DeleteUserPoolClient'],
} as const satisfies Record<IdentityAccess, readonly `cognito-idp:${string}`[]>;

export const identityAccessStatement = (userPoolArn: string, access: readonly IdentityAccess[]): PolicyStatement => {
  const actions = [...new Set(access.flatMap((item) => COGNITO_ACTIONS[item]))];
  if (actions.length === 0) throw new Error('an identity declaration needs at least one access');
  return new PolicyStatement({ sid: 'UserPool', actions, resources: [userPoolArn] });
};

/**
 * Sending e-mail: ses:SendEmail on the sender identity only, and only with its From address,
 * so a function can send as kippu and as no other identity of the account.
 */
export const mailSendStatement = (senderIdentityArn: string, fromAddress: string): PolicyStatement =>
  new PolicyStatement({
    sid: 'SendMail',
    actions: ['ses:SendEmail'],
    resources: [senderIdentityArn],
    conditions: { StringEquals: { 'ses:FromAddress': fromAddress } },
  });
