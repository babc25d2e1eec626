import { DomainError, quoted, notVisible } from '../../errors';
import { derivedId } from '../../ids';
import { BILLING_REMITTANCE_ROWS_MAX } from '../../limits';
import type { PartyStore } from '../parties/ports';
import type { Principal } from '../principal';
import type { BillingDeps } from './deps';
import { differenceView, runInParallel, type RemittanceWorkerDeps } from './remittance-chunks';
import { sha256Hex } from './documents';
import type { BillingQueue, RemittanceStore, RunProgress, StatementStore } from './ports';
import { parseRemittanceCsv, rowProblem, type RemittanceRow, type ReportedRow } from './remittance-csv';
import type {
  CollectionRecord,
  DifferenceOutcome,
  RemittanceDifference,
  RemittanceDifferenceRecord,
  RemittanceRecord,
  RemittanceTotal,
} from './types';

/**
 * A carrier's remittance report for a billed period: what it collected from each subscriber,
 * compared with what the period's bills asked it to collect. Differences beyond the tolerance
 * become adjustment transfers on the customer's carrier account, carried to the next bill.
 *
 * The request checks the report whole, compares it and stores the differences in chunks of at
 * most `remittanceChunkSize`; the billing worker (on the billing-runs queue) posts one chunk
 * per message, so neither a request nor an invocation nor an item grows with the report.
 */
export type RemittanceImportDeps = Pick<BillingDeps, 'clock' | 'remittanceToleranceMinor' | 'remittanceChunkSize'> & {
  /** The collections the period's bills asked of the carrier. */
  readonly statements: Pick<StatementStore, 'collections'>;
  /** An operator's import names a run: it must be completed. */
  readonly runs: Pick<RunProgress, 'getRun'>;
  readonly remittances: RemittanceStore;
  /** The carrier named by an import must be an agent. */
  readonly parties: Pick<PartyStore, 'getAgent'>;
  /** Sets the worker going on the import's chunks. */
  readonly queue: Pick<BillingQueue, 'sendRemittance'>;
};

/** What reading an import and its differences needs. */
export interface RemittanceReadDeps {
  readonly runs: Pick<RunProgress, 'getRun'>;
  readonly remittances: RemittanceStore;
}

/** The import and its worker together (tests). */
export type RemittanceDeps = RemittanceImportDeps & RemittanceWorkerDeps;

export { continueRemittance, type RemittanceOutcome, type RemittanceWorkerDeps } from './remittance-chunks';

const billedCollections = async (deps: RemittanceImportDeps, period: string, agentId: string): Promise<CollectionRecord[]> => {
  const records: CollectionRecord[] = [];
  let cursor: string | undefined;
  do {
    const page = await deps.statements.collections(period, agentId, {
      limit: BILLING_REMITTANCE_ROWS_MAX,
      ...(cursor === undefined ? {} : { cursor }),
    });
    records.push(...page.records);
    if (records.length > BILLING_REMITTANCE_ROWS_MAX) {
      throw new DomainError(
        'PAYLOAD_TOO_LARGE',
        `Carrier ${quoted(agentId)} has more than ${BILLING_REMITTANCE_ROWS_MAX} bills in ${quoted(period)} to compare.`,
      );
    }
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  return records;
};

const collectionKey = (item: { readonly customerId: string; readonly currency: string }): string =>
  `${item.customerId}#${item.currency}`;

/**
 * The report is checked whole against what the period's bills asked of this carrier before
 * anything is stored or posted: every row must name a (customer, currency) with a collection
 * of this carrier, so a report can never move money of another carrier's customer or in a
 * currency nobody was billed in, and a corrected report can still be imported.
 */
const checkRowsBilled = (
  billed: readonly CollectionRecord[],
  rows: readonly ReportedRow[],
  period: string,
  agentId: string,
): void => {
  if (billed.length === 0) {
    throw new DomainError(
      'NO_COLLECTIONS_BILLED',
      `The bills of ${quoted(period)} asked agent ${quoted(agentId)} to collect nothing; there is no remittance of it to import.`,
      [{ field: 'agentId', message: `collected nothing for the bills of ${period}` }],
    );
  }
  const expected = new Set(billed.map(collectionKey));
  const problems = rows.flatMap((row) =>
    expected.has(collectionKey(row))
      ? []
      : [rowProblem(row.line, 'customerId', `was not asked to collect from ${quoted(row.customerId)} in ${row.currency}`)],
  );
  if (problems.length > 0) {
    throw new DomainError(
      'REMITTANCE_NOT_BILLED',
      `The report has ${problems.length} ${problems.length === 1 ? 'row' : 'rows'} for a customer and currency the bills of ${quoted(period)} did not ask agent ${quoted(agentId)} to collect; nothing was imported.`,
      problems.slice(0, 50),
    );
  }
};

const compare = (billed: readonly CollectionRecord[], rows: readonly RemittanceRow[], toleranceMinor: number) => {
  const expected = new Map(billed.map((record) => [collectionKey(record), record]));
  const reported = new Map(rows.map((row) => [collectionKey(row), row]));
  const differences: RemittanceDifference[] = [];
  let matched = 0;
  for (const key of [...new Set([...expected.keys(), ...reported.keys()])].sort()) {
    const bill = expected.get(key);
    const row = reported.get(key);
    const billedMinor = bill?.amountMinor ?? 0;
    const remittedMinor = row?.remittedMinor ?? 0;
    const differenceMinor = remittedMinor - billedMinor;
    if (differenceMinor === 0) {
      matched += 1;
      continue;
    }
    const customerId = bill?.customerId ?? row?.customerId ?? '';
    const currency = bill?.currency ?? row?.currency ?? '';
    const outcome: DifferenceOutcome = Math.abs(differenceMinor) <= toleranceMinor ? 'within_tolerance' : 'adjusted';
    differences.push({ customerId, currency, billedMinor, remittedMinor, differenceMinor, outcome });
  }
  return { differences, matched };
};

/** The differences in chunks of at most `size`, in order. */
const chunked = <T>(items: readonly T[], size: number): T[][] => {
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) chunks.push(items.slice(start, start + size));
  return chunks;
};

/** One total per currency with a difference, in currency order, nothing posted yet. */
const emptyTotals = (differences: readonly RemittanceDifference[]): RemittanceTotal[] =>
  [...new Set(differences.map((difference) => difference.currency))]
    .sort()
    .map((currency) => ({ currency, shortfallMinor: 0, surplusMinor: 0 }));

/**
 * Import a carrier's remittance report for a completed run's period: check it, compare it,
 * store its differences in chunks and set the worker going (`continueRemittance` posts them).
 *
 * Flow:
 *  1. The run must be completed (409 BILLING_RUN_NOT_COMPLETED); the agent must exist
 *     (404 AGENT_NOT_FOUND); the report must parse (422).
 *  2. The whole report is checked against the collections the period's bills asked of the
 *     carrier before anything is stored: none asked is 422 NO_COLLECTIONS_BILLED, a row for a
 *     customer and currency not asked is 422 REMITTANCE_NOT_BILLED.
 *  3. Compare customer by customer (a billed customer missing from the report remitted 0).
 *  4. One import per period and carrier, created once (`created`: of concurrent imports of
 *     the same report exactly one creates it); the same report again answers it, another
 *     report is 409 REMITTANCE_ALREADY_IMPORTED. An import with no difference is completed
 *     at once.
 *  5. While the import is importing, its chunks (from chunksDone on) are stored — the same
 *     items again on a repeat, compared with the import's own tolerance and chunk size — and
 *     the worker gets a message. A repeat thus redrives an import whose first request or
 *     message was lost; a message too many finds its chunk done (`superseded`).
 */
export const importRemittance = async (
  deps: RemittanceImportDeps,
  principal: Principal,
  request: { readonly runId: string; readonly agentId: string; readonly csv: string },
): Promise<{ record: RemittanceRecord; created: boolean }> => {
  const run = principal.role === 'operator' ? await deps.runs.getRun(request.runId) : undefined;
  if (run === undefined) throw notVisible('BILLING_RUN_NOT_FOUND', 'billing run', request.runId);
  if (run.status !== 'completed') {
    throw new DomainError(
      'BILLING_RUN_NOT_COMPLETED',
      `Run ${quoted(run.id)} is ${run.status}; remittances are compared with completed runs.`,
    );
  }
  if ((await deps.parties.getAgent(request.agentId)) === undefined) {
    throw new DomainError('AGENT_NOT_FOUND', `No agent ${quoted(request.agentId)} exists.`, [
      { field: 'agentId', message: 'must be an existing agent' },
    ]);
  }
  const rows = parseRemittanceCsv(request.csv);
  const billed = await billedCollections(deps, run.period, request.agentId);
  checkRowsBilled(billed, rows, run.period, request.agentId);
  const csvSha256 = sha256Hex(request.csv);
  const nowMs = deps.clock.now();
  const { differences, matched } = compare(billed, rows, deps.remittanceToleranceMinor);
  const chunks = Math.ceil(differences.length / deps.remittanceChunkSize);
  const begun = await deps.remittances.begin({
    id: derivedId('rmt', 'remittance', run.period, request.agentId),
    runId: run.id,
    period: run.period,
    agentId: request.agentId,
    csvSha256,
    toleranceMinor: deps.remittanceToleranceMinor,
    status: chunks === 0 ? 'completed' : 'importing',
    rows: rows.length,
    matched,
    differenceCount: differences.length,
    chunkSize: deps.remittanceChunkSize,
    chunks,
    chunksDone: 0,
    withinTolerance: 0,
    adjusted: 0,
    refused: 0,
    totals: emptyTotals(differences),
    createdAtMs: nowMs,
    ...(chunks === 0 ? { completedAtMs: nowMs } : {}),
  });
  const stored = begun.record;
  if (stored.csvSha256 !== csvSha256) {
    throw new DomainError(
      'REMITTANCE_ALREADY_IMPORTED',
      `Carrier ${quoted(request.agentId)} already has another remittance report imported for ${quoted(run.period)}.`,
    );
  }
  if (stored.status === 'importing') {
    const same = stored.toleranceMinor === deps.remittanceToleranceMinor && stored.chunkSize === deps.remittanceChunkSize;
    const own = same ? differences : compare(billed, rows, stored.toleranceMinor).differences;
    const pending = chunked(own, stored.chunkSize)
      .map((chunk, index) => ({ chunk, index }))
      .filter(({ index }) => index >= stored.chunksDone);
    await runInParallel(pending, ({ chunk, index }) => deps.remittances.putChunk(run.period, request.agentId, index, chunk));
    await deps.queue.sendRemittance({ period: run.period, agentId: request.agentId });
  }
  return { record: stored, created: begun.created };
};

/** An import as an operator reads it: the run must be visible, the import of its period and carrier must exist. */
export const readRemittance = async (
  deps: RemittanceReadDeps,
  principal: Principal,
  request: { readonly runId: string; readonly agentId: string },
): Promise<RemittanceRecord> => {
  const run = principal.role === 'operator' ? await deps.runs.getRun(request.runId) : undefined;
  if (run === undefined) throw notVisible('BILLING_RUN_NOT_FOUND', 'billing run', request.runId);
  const record = await deps.remittances.get(run.period, request.agentId);
  if (record === undefined) {
    throw new DomainError(
      'REMITTANCE_NOT_FOUND',
      `No remittance report of carrier ${quoted(request.agentId)} was imported for ${run.period}.`,
    );
  }
  return record;
};

const SEQ_CURSOR = /^(?:0|[1-9]\d{0,8})$/;

/**
 * A page of an import's differences in their order (by customer and currency): those of the
 * chunks done so far. The position is the last `seq` handed out (the API seals it).
 */
export const listRemittanceDifferences = async (
  deps: RemittanceReadDeps,
  principal: Principal,
  query: { readonly runId: string; readonly agentId: string; readonly limit: number; readonly cursor?: string },
): Promise<{ items: ReturnType<typeof differenceItemView>[]; nextCursor?: string }> => {
  const record = await readRemittance(deps, principal, query);
  if (query.cursor !== undefined && !SEQ_CURSOR.test(query.cursor)) {
    throw new DomainError('INVALID_CURSOR', 'The cursor was not handed out for this list of differences.');
  }
  const page = await deps.remittances.differences(record.period, record.agentId, {
    limit: query.limit,
    ...(query.cursor === undefined ? {} : { afterSeq: Number(query.cursor) }),
  });
  const last = page.records.at(-1);
  return {
    items: page.records.map(differenceItemView),
    ...(page.more && last !== undefined ? { nextCursor: String(last.seq) } : {}),
  };
};

/** A stored difference as listed: its members in one order. */
export const differenceItemView = (difference: RemittanceDifferenceRecord): RemittanceDifference => differenceView(difference);

/** The import's summary: counts and totals, never its differences (they are a list of their own). */
export const remittanceView = (record: RemittanceRecord) => ({
  id: record.id,
  runId: record.runId,
  period: record.period,
  agentId: record.agentId,
  status: record.status,
  csvSha256: record.csvSha256,
  toleranceMinor: record.toleranceMinor,
  rows: record.rows,
  matched: record.matched,
  differenceCount: record.differenceCount,
  withinTolerance: record.withinTolerance,
  adjusted: record.adjusted,
  refused: record.refused,
  chunks: record.chunks,
  chunksDone: record.chunksDone,
  totals: record.totals.map((total) => ({
    currency: total.currency,
    shortfallMinor: total.shortfallMinor,
    surplusMinor: total.surplusMinor,
  })),
  createdAt: new Date(record.createdAtMs).toISOString(),
  ...(record.completedAtMs === undefined ? {} : { completedAt: new Date(record.completedAtMs).toISOString() }),
});
