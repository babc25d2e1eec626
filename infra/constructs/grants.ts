import { PolicyStatement, type IGrantable } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { KeyAccess, TableAccess } from '../../shared/resources/functions';

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
} as const satisfies Record<KeyAccess, `kms:${string}`>;

/**
 * Table access through CDK's grants, which cover the table and its indexes and, when the table
 * is encrypted with a customer managed key, the key actions that this kind of access needs.
 */
export const grantTableAccess = (table: ITable, grantee: IGrantable, access: TableAccess): void => {
  switch (access) {
    case 'read':
      table.grantReadData(grantee);
      return;
    case 'write':
      table.grantWriteData(grantee);
      return;
    case 'readWrite':
      table.grantReadWriteData(grantee);
      return;
  }
};

/** One explicit statement per key: only the listed KMS actions, only on that key's ARN. */
export const keyAccessStatement = (sid: string, key: IKey, access: readonly KeyAccess[]): PolicyStatement => {
  const actions = [...new Set(access.map((item) => KMS_ACTIONS[item]))];
  if (actions.length === 0) throw new Error(`${sid}: a key declaration needs at least one access`);
  return new PolicyStatement({ sid, actions, resources: [key.keyArn] });
};

/**
 * A producer's rights on one queue: sqs:SendMessage (which also covers SendMessageBatch) on
 * that queue and, when the queue is encrypted with a customer managed key, the two actions SQS
 * performs with the producer's credentials to encrypt a message: kms:GenerateDataKey and
 * kms:Decrypt, on that key only. Written out instead of CDK's grantSendMessages, which adds
 * queue attribute reads and the wildcard actions kms:GenerateDataKey* and kms:ReEncrypt*.
 */
export const queueSendStatements = (sid: string, queue: IQueue): PolicyStatement[] => [
  new PolicyStatement({ sid, actions: ['sqs:SendMessage'], resources: [queue.queueArn] }),
  ...(queue.encryptionMasterKey === undefined
    ? []
    : [new PolicyStatement({ actions: ['kms:GenerateDataKey', 'kms:Decrypt'], resources: [queue.encryptionMasterKey.keyArn] })]),
];
