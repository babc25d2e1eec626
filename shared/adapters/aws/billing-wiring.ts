import { billingConfigOf, resourceFromEnv, type CoreConfig } from '../../config';
import type { CoordinatorDeps } from '../../domain/billing/coordinator';
import type { RemittanceImportDeps, RemittanceReadDeps, RemittanceWorkerDeps } from '../../domain/billing/remittance';
import type { StatementWorkerDeps } from '../../domain/billing/statement-worker';
import type { Logger } from '../../logger';
import { systemClock, type BusinessMetrics } from '../../ports';
import { billingRunsQueue, billingStatementsQueue } from '../../resources/queues';
import { billingTable, coreTable, ledgerTable, reservationsTable } from '../../resources/tables';
import { activityIndex, billedLedgerTransfers } from './billed-ledger';
import { DynamoActivityIndex, putActivityMarks } from './billing-activity-dynamodb';
import { SqsBillingQueue } from './billing-queue-sqs';
import { DynamoRunProgress } from './billing-run-progress-dynamodb';
import { DynamoBillingRunStore, DynamoRemittanceStore } from './billing-runs-dynamodb';
import { DynamoStatementWriter } from './billing-statement-writer-dynamodb';
import { DynamoStatementStore, statementCollections } from './billing-statements-dynamodb';
import { dynamoDocumentClient } from './clients';
import { DynamoLedgerHistory } from './ledger-history-dynamodb';
import { DynamoPartyStore } from './parties-dynamodb';
import { DynamoChargeCatalog } from './billing-catalog-dynamodb';
import { sqs } from './sqs-client';
import { DynamoStalledBuilds } from './billing-builds-dynamodb';
import { ticketSigner } from './signing-wiring';
import { ledgerTransfers } from './wiring';

/** Module-scope wiring of the billing functions (see wiring.ts); each builder reads only the resources it needs. */
const billingTableName = (env: NodeJS.ProcessEnv): string => resourceFromEnv(env, billingTable);

export const runStore = (env: NodeJS.ProcessEnv): DynamoBillingRunStore =>
  new DynamoBillingRunStore(dynamoDocumentClient(), billingTableName(env));

export const statementStore = (env: NodeJS.ProcessEnv): DynamoStatementStore =>
  new DynamoStatementStore(dynamoDocumentClient(), billingTableName(env));

/** The builds of statements built across messages that stopped moving, for the run nudge. */
export const stalledBuilds = (env: NodeJS.ProcessEnv): DynamoStalledBuilds =>
  new DynamoStalledBuilds(dynamoDocumentClient(), billingTableName(env));

/** The activity index for reading (starting the first run checks that its month had activity), without the marking ledger. */
export const activityListing = (env: NodeJS.ProcessEnv): DynamoActivityIndex =>
  new DynamoActivityIndex(dynamoDocumentClient(), billingTableName(env));

export const ledgerHistory = (env: NodeJS.ProcessEnv): DynamoLedgerHistory =>
  new DynamoLedgerHistory(dynamoDocumentClient(), resourceFromEnv(env, ledgerTable));

export const billingQueue = (env: NodeJS.ProcessEnv, queues: { runs?: boolean; statements?: boolean }): SqsBillingQueue =>
  new SqsBillingQueue(sqs(), {
    ...(queues.runs === true ? { runs: resourceFromEnv(env, billingRunsQueue) } : {}),
    ...(queues.statements === true ? { statements: resourceFromEnv(env, billingStatementsQueue) } : {}),
  });

/** The billing-runs queue's consumer: a run's fan-out, and the chunks of remittance imports (which post adjustments). */
export const coordinatorDeps = (env: NodeJS.ProcessEnv, logger: Logger): CoordinatorDeps & RemittanceWorkerDeps => ({
  runs: runStore(env),
  activity: activityIndex(env),
  queue: billingQueue(env, { runs: true, statements: true }),
  history: ledgerHistory(env),
  // Adjustments are carried to the customer's next bill: they mark it.
  ledger: billedLedgerTransfers(env),
  remittances: new DynamoRemittanceStore(dynamoDocumentClient(), billingTableName(env)),
  clock: systemClock,
  logger,
});

export const statementWorkerDeps = (
  env: NodeJS.ProcessEnv,
  config: CoreConfig,
  logger: Logger,
  metrics: BusinessMetrics,
): StatementWorkerDeps => {
  const coreTableName = resourceFromEnv(env, coreTable);
  const billingTableNameOf = billingTableName(env);
  return {
    // The parts of the run and statement stores that billing one party uses (a class's methods all come into a bundle).
    runs: new DynamoRunProgress(dynamoDocumentClient(), billingTableNameOf),
    statements: new DynamoStatementWriter(dynamoDocumentClient(), billingTableNameOf),
    history: ledgerHistory(env),
    // Payouts and collections are accounted by their own statement: they need no activity marker.
    ledger: ledgerTransfers(env),
    // A withheld payout or collection lists its party in the next period (markers only, no listing).
    activity: { mark: (marks) => putActivityMarks(dynamoDocumentClient(), billingTableNameOf, marks) },
    catalog: new DynamoChargeCatalog(dynamoDocumentClient(), {
      core: coreTableName,
      reservations: resourceFromEnv(env, reservationsTable),
    }),
    parties: new DynamoPartyStore(dynamoDocumentClient(), coreTableName),
    signer: ticketSigner(env),
    issuer: config.issuer,
    clock: systemClock,
    logger,
    metrics,
    payoutMinimumMinor: billingConfigOf(env).payoutMinimumMinor,
    statementPageLines: billingConfigOf(env).statementPageLines,
    maxReceiveCount: billingStatementsQueue.maxReceiveCount,
    // A statement too large for one message sends its next step to its own queue.
    queue: billingQueue(env, { statements: true }),
  };
};

export const remittanceDeps = (env: NodeJS.ProcessEnv): RemittanceImportDeps => {
  const client = dynamoDocumentClient();
  const tableName = billingTableName(env);
  const config = billingConfigOf(env);
  return {
    // What a remittance import reads of runs and statements (a class's methods all come into a bundle).
    runs: new DynamoRunProgress(client, tableName),
    statements: { collections: (period, agentId, page) => statementCollections(client, tableName, period, agentId, page) },
    clock: systemClock,
    remittanceToleranceMinor: config.remittanceToleranceMinor,
    remittanceChunkSize: config.remittanceChunkSize,
    remittances: new DynamoRemittanceStore(client, tableName),
    parties: new DynamoPartyStore(client, resourceFromEnv(env, coreTable)),
    // The billing worker (the billing-runs queue's consumer) posts the chunks.
    queue: billingQueue(env, { runs: true }),
  };
};

/** Reading an import and its differences (GET …/remittances/{agentId}[/differences]). */
export const remittanceReadDeps = (env: NodeJS.ProcessEnv): RemittanceReadDeps => {
  const client = dynamoDocumentClient();
  const tableName = billingTableName(env);
  return { runs: new DynamoRunProgress(client, tableName), remittances: new DynamoRemittanceStore(client, tableName) };
};
