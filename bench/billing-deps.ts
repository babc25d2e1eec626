import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoActivityIndex } from '../shared/adapters/aws/billing-activity-dynamodb';
import { DynamoChargeCatalog } from '../shared/adapters/aws/billing-catalog-dynamodb';
import { DynamoBillingRunStore } from '../shared/adapters/aws/billing-runs-dynamodb';
import { DynamoStatementStore } from '../shared/adapters/aws/billing-statements-dynamodb';
import { DynamoLedgerHistory } from '../shared/adapters/aws/ledger-history-dynamodb';
import { DynamoDbLedger } from '../shared/adapters/aws/ledger-dynamodb';
import { DynamoPartyStore } from '../shared/adapters/aws/parties-dynamodb';
import { ticketSigner } from '../shared/adapters/aws/signing-wiring';
import type { MemoryBillingQueue } from '../shared/adapters/memory/billing';
import type { BillingDeps } from '../shared/domain/billing/deps';
import { BILLING_REMITTANCE_CHUNK_SIZE_DEFAULT } from '../shared/limits';
import type { Logger } from '../shared/logger';
import { noMetrics } from '../shared/ports';
import type { ManualClock } from '../test/fixtures/clock';
import type { Tables } from './billing-data';

/**
 * The billing run's dependencies as the benches wire them: the DynamoDB stores and ledger on the
 * bench's tables, an in-memory queue the bench drains itself, no payout minimum and no remittance
 * tolerance. `more` sets what one bench differs in (the page size of a statement).
 */
export const billingBenchDeps = (
  documentClient: DynamoDBDocumentClient,
  tables: Tables & { reservations: string },
  wiring: { clock: ManualClock; queue: MemoryBillingQueue; logger: Logger },
  more: Partial<BillingDeps> = {},
): BillingDeps => ({
  runs: new DynamoBillingRunStore(documentClient, tables.billing),
  statements: new DynamoStatementStore(documentClient, tables.billing),
  activity: new DynamoActivityIndex(documentClient, tables.billing),
  history: new DynamoLedgerHistory(documentClient, tables.ledger),
  ledger: new DynamoDbLedger({ client: documentClient, tableName: tables.ledger, clock: wiring.clock }),
  catalog: new DynamoChargeCatalog(documentClient, { core: tables.core, reservations: tables.reservations }),
  parties: new DynamoPartyStore(documentClient, tables.core),
  queue: wiring.queue,
  signer: ticketSigner(process.env),
  issuer: 'https://kippu.bench',
  clock: wiring.clock,
  logger: wiring.logger,
  metrics: noMetrics,
  payoutMinimumMinor: 0,
  remittanceToleranceMinor: 0,
  remittanceChunkSize: BILLING_REMITTANCE_CHUNK_SIZE_DEFAULT,
  maxReceiveCount: 5,
  ...more,
});
