import { randomBytes } from 'node:crypto';
import { CreateTableCommand, DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll } from 'vitest';
import { DynamoContentStore } from '../../../shared/adapters/aws/contents-dynamodb';
import { backoff } from '../../../shared/adapters/aws/retry';
import { DynamoAllowanceStore } from '../../../shared/adapters/aws/rights-dynamodb';
import { createTableInput } from '../../../shared/adapters/aws/table-schema';
import { DynamoPseudonymStore, DynamoTicketStore } from '../../../shared/adapters/aws/tickets-dynamodb';
import { EnvelopeContentKeyVault } from '../../../shared/adapters/content-key-envelope';
import { MemoryDataKeys } from '../../../shared/adapters/memory/content-keys';
import type { RedeemDeps } from '../../../shared/domain/rights/redeem';
import { issueTicket, type IssueTicketInput, type TicketDeps } from '../../../shared/domain/tickets/issue';
import type { JwsSigner } from '../../../shared/domain/tickets/ports';
import { randomIds } from '../../../shared/ids';
import { noMetrics, type Clock } from '../../../shared/ports';
import { coreTable } from '../../../shared/resources/tables';

/** A core table of its own in DynamoDB Local for one test file, created on first use and deleted after. */
export const ownCoreTable = (label: string) => {
  const client = new DynamoDBClient({});
  const documents = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  const tableName = `kippu-test-${label}-${randomBytes(6).toString('hex')}`;
  let created: Promise<unknown> | undefined;
  afterAll(async () => {
    if (created !== undefined) await client.send(new DeleteTableCommand({ TableName: tableName }));
    client.destroy();
  });
  return {
    documents,
    tableName,
    async ready(): Promise<string> {
      created ??= client.send(new CreateTableCommand(createTableInput(tableName, coreTable)));
      await created;
      return tableName;
    },
  };
};

/**
 * Tickets and redeem on a core table of DynamoDB Local: tickets signed by `signer` for one
 * provider, redeems with the DynamoDB allowance store (content keys in an in-memory vault).
 */
export const redeemOn = (
  table: ReturnType<typeof ownCoreTable>,
  tableName: string,
  clock: Clock,
  signer: JwsSigner,
  reservationSeconds = 600,
) => {
  const tickets: TicketDeps = {
    signer,
    ticketStore: new DynamoTicketStore(table.documents, tableName),
    pseudonyms: new DynamoPseudonymStore(table.documents, tableName),
    clock,
    issuer: 'https://kippu.test',
    ticketValiditySecondsMax: 86_400,
    metrics: noMetrics,
  };
  const redeem: RedeemDeps = {
    store: new DynamoAllowanceStore(table.documents, tableName),
    clock,
    pause: (attempt) => backoff(attempt, { baseMilliseconds: 5, capMilliseconds: 100 }),
    contents: new DynamoContentStore(table.documents, tableName),
    vault: new EnvelopeContentKeyVault(new MemoryDataKeys()),
    reservationSeconds,
  };
  const provider = { role: 'provider', subject: randomIds.next('prv') } as const;
  const ticket = (input: Partial<IssueTicketInput>, signedWith: TicketDeps = tickets) =>
    issueTicket(
      signedWith,
      randomIds.next('tkt'),
      {
        kind: 'direct',
        providerId: provider.subject,
        holderId: randomIds.next('cus'),
        resource: 'server-1/stream-7',
        validitySeconds: 3_600,
        capabilities: ['image'],
        ...input,
      },
      provider,
    );
  return { tickets, redeem, provider, ticket };
};
