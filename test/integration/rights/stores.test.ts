import { KMSClient } from '@aws-sdk/client-kms';
import { afterAll } from 'vitest';
import { EnvelopeContentKeyVault } from '../../../shared/adapters/content-key-envelope';
import { KmsDataKeys } from '../../../shared/adapters/aws/content-keys-kms';
import { DynamoContentStore } from '../../../shared/adapters/aws/contents-dynamodb';
import { DynamoIntakeStore } from '../../../shared/adapters/aws/intake-dynamodb';
import { DynamoAllowanceStore } from '../../../shared/adapters/aws/rights-dynamodb';
import { DynamoTicketStore } from '../../../shared/adapters/aws/tickets-dynamodb';
import { DynamoUsageLog } from '../../../shared/adapters/aws/usage-log-dynamodb';
import { resourceFromEnv } from '../../../shared/config';
import { dataKey } from '../../../shared/resources/keys';
import { contentsContract } from '../../contract/contents-contract';
import { rightsContract } from '../../contract/rights-contract';
import { ownCoreTable } from './table';

/** The DynamoDB usage-rights stores against DynamoDB Local, and the KMS key vault against moto, in a core table of their own. */
const table = ownCoreTable('rights');
const kms = new KMSClient({});
afterAll(() => kms.destroy());

rightsContract('DynamoDB', async () => {
  const tableName = await table.ready();
  const allowances = new DynamoAllowanceStore(table.documents, tableName);
  const usage = new DynamoUsageLog(table.documents, tableName);
  return {
    tickets: new DynamoTicketStore(table.documents, tableName),
    allowances: Object.assign(allowances, {
      listByContent: usage.listByContent.bind(usage),
      listByHolder: usage.listByHolder.bind(usage),
    }),
    intake: new DynamoIntakeStore(table.documents, tableName),
  };
});

contentsContract('DynamoDB and KMS (moto)', async () => ({
  contents: new DynamoContentStore(table.documents, await table.ready()),
  vault: new EnvelopeContentKeyVault(new KmsDataKeys(kms, resourceFromEnv(process.env, dataKey))),
}));
