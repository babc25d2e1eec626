import { randomBytes } from 'node:crypto';
import { DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createTable } from '../scripts/local/bootstrap';
import { MemoryBillingQueue } from '../shared/adapters/memory/billing';
import { billingBenchDeps } from './billing-deps';
import { coordinateRun } from '../shared/domain/billing/coordinator';
import { parsePeriod } from '../shared/domain/billing/period';
import { startRun } from '../shared/domain/billing/runs';
import { processStatementBatch } from '../shared/domain/billing/statement-worker';
import { BILLING_STATEMENT_PAGE_LINES_DEFAULT } from '../shared/limits';
import { silentLogger } from '../shared/logger';
import { billingTable, coreTable, ledgerTable, reservationsTable } from '../shared/resources/tables';
import { ManualClock } from '../test/fixtures/clock';
import { MonthGenerator } from './billing-data';

/**
 * One large provider statement, built by one statement worker invocation alone: a month in
 * which every purchase is one provider's (its statement has a line per sale and the payout),
 * generated into fresh tables, listed by the real coordinator, then the provider's message
 * processed by itself while the process's memory is sampled. Prints the worker's time, the
 * peak heap and resident memory above what the process held before, and the statement's
 * pages. `KIPPU_BENCH_STATEMENT_LINES` (comma-separated) sets the sizes (default 50,000).
 * Emulator figures (DynamoDB Local, KMS in moto); the arithmetic for AWS is in docs/billing.md.
 */
const MONTH = '2026-10';
/** Purchases per customer: the customers' bills stay small, the provider's statement is the large one. */
const PURCHASES_PER_CUSTOMER = 50;
const SAMPLE_MS = 25;

const sizes = (): number[] =>
  (process.env.KIPPU_BENCH_STATEMENT_LINES ?? '50000')
    .split(',')
    .map((value) => Number(value.trim()))
    .filter((value) => Number.isSafeInteger(value) && value > 0);

const megabytes = (bytes: number): string => `${(bytes / 1_048_576).toFixed(0)} MB`;

const oneStatement = async (print: (line: string) => void, purchases: number): Promise<void> => {
  const client = new DynamoDBClient({});
  const documentClient = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  const suffix = randomBytes(4).toString('hex');
  const tables = {
    ledger: `kippu-bench-stm-ledger-${suffix}`,
    core: `kippu-bench-stm-core-${suffix}`,
    billing: `kippu-bench-stm-billing-${suffix}`,
    reservations: `kippu-bench-stm-reservations-${suffix}`,
  };
  await createTable(client, tables.ledger, ledgerTable);
  await createTable(client, tables.core, coreTable);
  await createTable(client, tables.billing, billingTable);
  await createTable(client, tables.reservations, reservationsTable);
  try {
    const customers = Math.max(10, Math.ceil(purchases / PURCHASES_PER_CUSTOMER));
    // One provider; no customer on the carrier route (carrierEvery beyond the customers but for customer 0).
    const generator = new MonthGenerator(documentClient, tables, {
      customers,
      providers: 1,
      carrierEvery: customers + 1,
    });
    const period = parsePeriod(MONTH);
    const loadStarted = performance.now();
    await generator.carrierCustomers();
    await generator.month(purchases, period);
    print(
      `  (generated ${purchases.toLocaleString('en-US')} purchases of one provider in ${((performance.now() - loadStarted) / 1000).toFixed(1)} s)`,
    );
    const clock = new ManualClock(period.endMs + 86_400_000);
    const queue = new MemoryBillingQueue();
    const deps = billingBenchDeps(
      documentClient,
      tables,
      { clock, queue, logger: silentLogger },
      { statementPageLines: BILLING_STATEMENT_PAGE_LINES_DEFAULT },
    );
    const run = await startRun(deps, { period: MONTH, runId: `run-stm-${suffix}`, trigger: 'operator', requestedBy: 'bench' });
    while (queue.runs.length > 0) await coordinateRun(deps, queue.runs.shift() ?? run.id);
    const message = queue.statements.find((each) => each.kind === 'provider');
    if (message === undefined) throw new Error('the coordinator listed no provider');
    // With node --expose-gc (NODE_OPTIONS), the generator's garbage is collected first, so the peak is the worker's own.
    (globalThis as { gc?: () => void }).gc?.();
    const before = process.memoryUsage();
    let peak = { heapUsed: before.heapUsed, rss: before.rss };
    const sampler = setInterval(() => {
      const now = process.memoryUsage();
      peak = { heapUsed: Math.max(peak.heapUsed, now.heapUsed), rss: Math.max(peak.rss, now.rss) };
    }, SAMPLE_MS);
    const started = performance.now();
    const failed = await processStatementBatch(deps, [{ messageId: 'provider', body: JSON.stringify(message), receiveCount: 1 }]);
    const seconds = (performance.now() - started) / 1000;
    clearInterval(sampler);
    const outcomes = await deps.runs.outcomes(run.id, { limit: 10 });
    const outcome = outcomes.outcomes.find((each) => each.kind === 'provider');
    const record = await deps.statements.get(outcome?.statementId ?? '');
    if (record === undefined) print(`  the provider was not billed: ${JSON.stringify(outcome ?? 'no outcome')}`);
    print(
      `${purchases.toLocaleString('en-US')} sales → provider statement of ${record?.lineCount.toLocaleString('en-US') ?? '?'} lines` +
        ` (${record?.pageCount ?? 1} page(s), ${failed.length === 0 ? 'stored' : 'FAILED'}): worker ${seconds.toFixed(1)} s,` +
        ` ${((seconds * 1000) / purchases).toFixed(2)} ms per line; peak heap +${megabytes(peak.heapUsed - before.heapUsed)}` +
        ` (${megabytes(peak.heapUsed)}), peak resident +${megabytes(peak.rss - before.rss)} (${megabytes(peak.rss)})`,
    );
  } finally {
    await Promise.all(Object.values(tables).map((name) => client.send(new DeleteTableCommand({ TableName: name }))));
    client.destroy();
  }
};

export const benchBillingStatement = async (print: (line: string) => void): Promise<void> => {
  print('');
  print('## Billing: one large provider statement, built by one worker invocation (DynamoDB Local and KMS in moto)');
  for (const purchases of sizes()) await oneStatement(print, purchases);
};
