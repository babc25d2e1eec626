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
 * One large provider statement: a month in which every purchase is one provider's (its
 * statement has a line per sale and the payout), generated into fresh tables, listed by the
 * real coordinator, then the provider's message processed by itself, and each message it sends
 * (a statement larger than one message is built a step per message) after it, one at a time,
 * while the process's memory is sampled. Prints the messages, the time in all and of the
 * slowest message, the peak heap and resident memory of a message above what the process held
 * before it, and the statement's pages. `KIPPU_BENCH_STATEMENT_LINES` (comma-separated) sets the sizes (default 50,000).
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
    queue.statements.length = 0;
    // With node --expose-gc (NODE_OPTIONS), the garbage of the generator and of each message before is collected first,
    // so each peak is that message's own.
    const collect = (globalThis as { gc?: () => void }).gc;
    const started = performance.now();
    const perMessage = { count: 0, failed: 0, slowestSeconds: 0, peakHeap: 0, peakRss: 0 };
    for (let next: typeof message | undefined = message; next !== undefined; next = queue.statements.shift()) {
      collect?.();
      const before = process.memoryUsage();
      let peak = { heapUsed: before.heapUsed, rss: before.rss };
      const sampler = setInterval(() => {
        const now = process.memoryUsage();
        peak = { heapUsed: Math.max(peak.heapUsed, now.heapUsed), rss: Math.max(peak.rss, now.rss) };
      }, SAMPLE_MS);
      const messageStarted = performance.now();
      const failed = await processStatementBatch(deps, [
        { messageId: `provider-${perMessage.count}`, body: JSON.stringify(next), receiveCount: 1 },
      ]);
      clearInterval(sampler);
      const now = process.memoryUsage();
      perMessage.count += 1;
      perMessage.failed += failed.length;
      perMessage.slowestSeconds = Math.max(perMessage.slowestSeconds, (performance.now() - messageStarted) / 1000);
      perMessage.peakHeap = Math.max(perMessage.peakHeap, Math.max(peak.heapUsed, now.heapUsed) - before.heapUsed);
      perMessage.peakRss = Math.max(perMessage.peakRss, Math.max(peak.rss, now.rss) - before.rss);
      // As SQS would: a message that failed comes back (the bench stops rather than loop on a fault).
      if (failed.length > 0) throw new Error(`statement message ${perMessage.count} failed`);
    }
    const seconds = (performance.now() - started) / 1000;
    const outcomes = await deps.runs.outcomes(run.id, { limit: 10 });
    const outcome = outcomes.outcomes.find((each) => each.kind === 'provider');
    const record = await deps.statements.get(outcome?.statementId ?? '');
    if (record === undefined) print(`  the provider was not billed: ${JSON.stringify(outcome ?? 'no outcome')}`);
    print(
      `${purchases.toLocaleString('en-US')} sales → provider statement of ${record?.lineCount.toLocaleString('en-US') ?? '?'} lines` +
        ` (${record?.pageCount ?? 1} page(s), ${record === undefined ? 'NOT STORED' : 'stored'}) in ${perMessage.count} message(s):` +
        ` ${seconds.toFixed(1)} s in all, ${((seconds * 1000) / purchases).toFixed(2)} ms per line, slowest message` +
        ` ${perMessage.slowestSeconds.toFixed(1)} s; peak heap per message +${megabytes(perMessage.peakHeap)},` +
        ` peak resident per message +${megabytes(perMessage.peakRss)}`,
    );
  } finally {
    await Promise.all(Object.values(tables).map((name) => client.send(new DeleteTableCommand({ TableName: name }))));
    client.destroy();
  }
};

export const benchBillingStatement = async (print: (line: string) => void): Promise<void> => {
  print('');
  print('## Billing: one large provider statement, built a step per statement message (DynamoDB Local and KMS in moto)');
  for (const purchases of sizes()) await oneStatement(print, purchases);
};
