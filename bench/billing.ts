import { randomBytes } from 'node:crypto';
import { DeleteTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createTable } from '../scripts/local/bootstrap';
import { MemoryBillingQueue } from '../shared/adapters/memory/billing';
import { billingBenchDeps } from './billing-deps';
import { coordinateRun } from '../shared/domain/billing/coordinator';
import { parsePeriod } from '../shared/domain/billing/period';
import type { LedgerHistory, StatementMessage } from '../shared/domain/billing/ports';
import { startRun } from '../shared/domain/billing/runs';
import { processStatementBatch } from '../shared/domain/billing/statement-worker';
import type { Logger } from '../shared/logger';
import { BILLING_STATEMENT_BATCH_SIZE } from '../shared/limits';
import { ManualClock } from '../test/fixtures/clock';
import { billingTable, coreTable, ledgerTable, reservationsTable } from '../shared/resources/tables';
import { MonthGenerator, type MonthSize, type Tables } from './billing-data';

/**
 * Billing runs over generated months against the emulators (DynamoDB Local, KMS in moto):
 * 10,000 customers with 10,000 purchases in one month and 100,000 in the next (100 providers,
 * every fifth customer on the carrier route). The coordinator and the statement workers are the real
 * domain code with the DynamoDB and KMS adapters, `WORKERS` statements at a time (Lambda
 * concurrency); SQS is replaced by in-process hand-over, so the figures are DynamoDB's and
 * KMS's. Emulator times compare versions of kippu on one machine; they do not predict AWS.
 */
const FIRST_MONTH = '2026-10';
const SECOND_MONTH = '2026-11';
/** Concurrent statement worker invocations, each taking BILLING_STATEMENT_BATCH_SIZE messages, as Lambda's event source would. */
const WORKERS = 8;
export interface BenchSize extends Omit<MonthSize, 'purchases'> {
  /** Purchases of the first and of the second month. */
  readonly purchases: readonly [number, number];
}

const SIZE: BenchSize = { customers: 10_000, purchases: [10_000, 100_000], providers: 100, carrierEvery: 5 };

interface Figures {
  readonly seconds: number;
  readonly statements: number;
  readonly status: string;
  readonly reads: { readonly customer: number[]; readonly provider: number[]; readonly agent: number[] };
  /** Messages delivered again after a failure, and why they failed (reason → times). */
  readonly redelivered: number;
  readonly failures: ReadonlyMap<string, number>;
}

/** Keeps the reason of every error the worker logs, counted. */
const recordingLogger = (failures: Map<string, number>): Logger => ({
  debug: () => {},
  appendKeys: () => {},
  info: () => {},
  warn: () => {},
  error: (message, fields) => {
    const reason = `${message}${typeof fields?.['errorMessage'] === 'string' ? ` (${fields['errorMessage']})` : ''}`;
    failures.set(reason, (failures.get(reason) ?? 0) + 1);
  },
});

/**
 * Counts the ledger items one statement reads (the platform fee account is read once per run,
 * by whichever worker reconciles it, and is not counted for a statement).
 */
const countingHistory = (inner: LedgerHistory): { history: LedgerHistory; read: () => number } => {
  let items = 0;
  return {
    history: {
      entriesRecorded: async (accountId, window, page) => {
        const answer = await inner.entriesRecorded(accountId, window, page);
        if (!accountId.startsWith('platform-fees:')) items += answer.itemsRead;
        return answer;
      },
      transfers: async (ids) => {
        const found = await inner.transfers(ids);
        items += found.itemsRead;
        return found;
      },
    },
    read: () => items,
  };
};

const freshTables = async (client: DynamoDBClient): Promise<Tables & { reservations: string }> => {
  const suffix = randomBytes(4).toString('hex');
  const names = {
    ledger: `kippu-bench-ledger-${suffix}`,
    core: `kippu-bench-core-${suffix}`,
    billing: `kippu-bench-billing-${suffix}`,
    reservations: `kippu-bench-reservations-${suffix}`,
  };
  await createTable(client, names.ledger, ledgerTable);
  await createTable(client, names.core, coreTable);
  await createTable(client, names.billing, billingTable);
  await createTable(client, names.reservations, reservationsTable);
  return names;
};

const billMonth = async (
  documentClient: DynamoDBDocumentClient,
  tables: Tables & { reservations: string },
  month: string,
): Promise<Figures> => {
  const period = parsePeriod(month);
  const clock = new ManualClock(period.endMs + 86_400_000);
  const queue = new MemoryBillingQueue();
  const failures = new Map<string, number>();
  let redelivered = 0;
  const deps = billingBenchDeps(documentClient, tables, { clock, queue, logger: recordingLogger(failures) });
  const reads = { customer: [] as number[], provider: [] as number[], agent: [] as number[] };
  const started = performance.now();
  const run = await startRun(deps, {
    period: month,
    runId: `run-bench-${randomBytes(4).toString('hex')}`,
    trigger: 'operator',
    requestedBy: 'bench',
  });
  /**
   * One Lambda invocation: a batch of statement messages, all of one kind so that their reads
   * can be told apart. A message that fails is delivered again, as SQS would, until it has been
   * received `maxReceiveCount` times; the reasons are kept and printed.
   */
  const billBatch = async (messages: readonly StatementMessage[]): Promise<void> => {
    const counting = countingHistory(deps.history);
    let pending = messages.map((message) => ({ message, receiveCount: 1 }));
    while (pending.length > 0) {
      const failed = await processStatementBatch(
        { ...deps, history: counting.history },
        pending.map(({ message, receiveCount }) => ({
          messageId: `${message.kind}-${message.partyId}`,
          body: JSON.stringify(message),
          receiveCount,
        })),
      );
      pending = pending.filter(({ message }) => failed.includes(`${message.kind}-${message.partyId}`));
      redelivered += pending.length;
      const exhausted = pending.filter(({ receiveCount }) => receiveCount >= deps.maxReceiveCount);
      if (exhausted.length > 0) {
        throw new Error(
          `billing ${exhausted.map(({ message }) => message.partyId).join(', ')} failed: ${[...failures.keys()].join('; ')}`,
        );
      }
      pending = pending.map(({ message, receiveCount }) => ({ message, receiveCount: receiveCount + 1 }));
    }
    const kind = messages[0]?.kind ?? 'customer';
    for (const _message of messages) reads[kind].push(counting.read() / messages.length);
  };
  const takeBatch = (): StatementMessage[] => {
    const kind = queue.statements[0]?.kind;
    const batch: StatementMessage[] = [];
    for (let index = 0; index < queue.statements.length && batch.length < BILLING_STATEMENT_BATCH_SIZE;) {
      if (queue.statements[index]?.kind === kind) batch.push(...queue.statements.splice(index, 1));
      else index += 1;
    }
    return batch;
  };
  const workers = async () => {
    for (;;) {
      const runId = queue.runs.shift();
      if (runId !== undefined) await coordinateRun(deps, runId);
      const batch = takeBatch();
      if (batch.length === 0) {
        if (queue.runs.length === 0 && (await deps.runs.getRun(run.id))?.status !== 'running') return;
        await new Promise((resolve) => setTimeout(resolve, 5));
        continue;
      }
      await billBatch(batch);
    }
  };
  await Promise.all(Array.from({ length: WORKERS }, workers));
  const finished = await deps.runs.getRun(run.id);
  return {
    seconds: (performance.now() - started) / 1000,
    statements: reads.customer.length + reads.provider.length + reads.agent.length,
    status: `${finished?.status ?? 'missing'}${finished?.reconciliation?.ok === true ? ', reconciled' : ''}`,
    reads,
    redelivered,
    failures,
  };
};

const summary = (values: readonly number[]): string =>
  values.length === 0
    ? 'none'
    : `mean ${(values.reduce((sum, value) => sum + value, 0) / values.length).toFixed(1)} (mean of its worker batch, ${BILLING_STATEMENT_BATCH_SIZE} statements), max ${Math.max(...values).toFixed(1)}`;

/**
 * Two months billed in order on the same tables: October with SMALL purchases (every
 * statement is its party's first), then November with LARGE purchases (every party has a
 * previous statement, the steady state), same customers and providers.
 */
export const benchBilling = async (print: (line: string) => void, size: BenchSize = SIZE): Promise<void> => {
  print('');
  print(
    `## Billing: runs over generated months (${WORKERS} statement workers of ${BILLING_STATEMENT_BATCH_SIZE} messages; DynamoDB Local and KMS in moto)`,
  );
  const client = new DynamoDBClient({});
  const documentClient = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  const tables = await freshTables(client);
  const results: { purchases: number; figures: Figures }[] = [];
  try {
    const generator = new MonthGenerator(documentClient, tables, size);
    await generator.carrierCustomers();
    for (const [period, purchases] of [
      [FIRST_MONTH, size.purchases[0]],
      [SECOND_MONTH, size.purchases[1]],
    ] as const) {
      const loadStarted = performance.now();
      const { itemsWritten } = await generator.month(purchases, parsePeriod(period));
      const loadSeconds = (performance.now() - loadStarted) / 1000;
      print(
        `  (${period}: generated ${purchases.toLocaleString('en-US')} purchases, ${itemsWritten.toLocaleString('en-US')} items, in ${loadSeconds.toFixed(1)} s; billing…)`,
      );
      const figures = await billMonth(documentClient, tables, period);
      results.push({ purchases, figures });
      print(
        `${period}: ${size.customers.toLocaleString('en-US')} customers, ${purchases.toLocaleString('en-US')} purchases, ${size.providers} providers: ` +
          `run ${figures.seconds.toFixed(1)} s (${figures.status}), ${figures.statements.toLocaleString('en-US')} statements, ` +
          `${(figures.statements / figures.seconds).toFixed(0)} statements/s`,
      );
      print(`  ledger items read per customer bill: ${summary(figures.reads.customer)}`);
      print(`  ledger items read per provider statement: ${summary(figures.reads.provider)}`);
      if (figures.reads.agent.length > 0) print(`  ledger items read per agent statement: ${summary(figures.reads.agent)}`);
      if (figures.redelivered > 0) {
        print(
          `  messages delivered again after a failure: ${figures.redelivered} (${[...figures.failures].map(([reason, times]) => `${times}× ${reason}`).join('; ')})`,
        );
      }
    }
    const [small, large] = results;
    if (small !== undefined && large !== undefined) {
      print(
        `run time grows ×${(large.figures.seconds / small.figures.seconds).toFixed(2)} for ×${large.purchases / small.purchases} purchases ` +
          `(same parties): the work is per party plus per ledger entry of its statement`,
      );
    }
  } finally {
    await Promise.all(Object.values(tables).map((name) => client.send(new DeleteTableCommand({ TableName: name }))));
    client.destroy();
  }
};
