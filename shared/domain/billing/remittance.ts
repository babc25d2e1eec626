import { assert, DomainError, isDomainError } from '../../errors';
import { derivedId } from '../../ids';
import { BILLING_REMITTANCE_CONCURRENCY, BILLING_REMITTANCE_ROWS_MAX } from '../../limits';
import { agentCashAccountId, customerCarrierAccountId } from '../parties/accounts';
import type { PartyStore } from '../parties/ports';
import type { Principal } from '../principal';
import type { BillingDeps } from './deps';
import { sha256Hex } from './documents';
import type { RemittanceStore, RunProgress, StatementStore } from './ports';
import { parseRemittanceCsv, rowProblem, type RemittanceRow, type ReportedRow } from './remittance-csv';
import type { CollectionRecord, DifferenceOutcome, RemittanceDifference, RemittanceRecord } from './types';
import { BILLING_CODES } from './window';

/**
 * A carrier's remittance report for a billed period: what it collected from each subscriber,
 * compared with what the period's bills asked it to collect. Differences beyond the tolerance
 * become adjustment transfers on the customer's carrier account, carried to the next bill.
 */
export type RemittanceDeps = Pick<BillingDeps, 'ledger' | 'clock' | 'remittanceToleranceMinor'> & {
  /** The collections the period's bills asked of the carrier. */
  readonly statements: Pick<StatementStore, 'collections'>;
  /** An operator's import names a run: it must be completed. */
  readonly runs: Pick<RunProgress, 'getRun'>;
  readonly remittances: RemittanceStore;
  /** The carrier named by an import must be an agent. */
  readonly parties: Pick<PartyStore, 'getAgent'>;
};

const billedCollections = async (deps: RemittanceDeps, period: string, agentId: string): Promise<CollectionRecord[]> => {
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
        `Carrier ${agentId} has more than ${BILLING_REMITTANCE_ROWS_MAX} bills in ${period} to compare.`,
      );
    }
    cursor = page.nextCursor;
  } while (cursor !== undefined);
  return records;
};

const adjustmentIdFor = (period: string, agentId: string, customerId: string, currency: string): string =>
  derivedId('trf', 'billing-remittance', period, agentId, customerId, currency);

/** One difference beyond the tolerance, posted: a shortfall is owed again by the customer, a surplus is credited to it. */
const adjust = async (
  deps: RemittanceDeps,
  remittanceId: string,
  agentId: string,
  difference: RemittanceDifference,
  period: string,
) => {
  const transferId = adjustmentIdFor(period, agentId, difference.customerId, difference.currency);
  const carrier = customerCarrierAccountId(difference.customerId, difference.currency);
  const cash = agentCashAccountId(agentId, difference.currency);
  const shortfall = difference.differenceMinor < 0;
  try {
    await deps.ledger.createTransfers([
      {
        action: 'create',
        id: transferId,
        debitAccountId: shortfall ? carrier : cash,
        creditAccountId: shortfall ? cash : carrier,
        amountMinor: Math.abs(difference.differenceMinor),
        currency: difference.currency,
        code: BILLING_CODES.adjustment,
        reference: remittanceId,
      },
    ]);
    return { ...difference, outcome: 'adjusted' as const, transferId };
  } catch (error) {
    if (!isDomainError(error) || !['EXCEEDS_CREDITS', 'ACCOUNT_NOT_FOUND', 'CURRENCY_MISMATCH'].includes(error.code)) throw error;
    return { ...difference, outcome: 'refused' as const, refusal: error.code };
  }
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
      `The bills of ${period} asked agent ${agentId} to collect nothing; there is no remittance of it to import.`,
      [{ field: 'agentId', message: `collected nothing for the bills of ${period}` }],
    );
  }
  const expected = new Set(billed.map(collectionKey));
  const problems = rows.flatMap((row) =>
    expected.has(collectionKey(row))
      ? []
      : [rowProblem(row.line, 'customerId', `was not asked to collect from ${row.customerId} in ${row.currency}`)],
  );
  if (problems.length > 0) {
    throw new DomainError(
      'REMITTANCE_NOT_BILLED',
      `The report has ${problems.length} ${problems.length === 1 ? 'row' : 'rows'} for a customer and currency the bills of ${period} did not ask agent ${agentId} to collect; nothing was imported.`,
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

const runInParallel = async <T, R>(items: readonly T[], work: (item: T) => Promise<R>): Promise<R[]> => {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    for (let index = next++; index < items.length; index = next++) results[index] = await work(items[index] as T);
  };
  await Promise.all(Array.from({ length: BILLING_REMITTANCE_CONCURRENCY }, worker));
  return results;
};

/**
 * Import a carrier's remittance report for a completed run's period.
 *
 * Flow (a retry with the same report resumes and ends with the same answer):
 *  1. The run must be completed (409 BILLING_RUN_NOT_COMPLETED); the agent must exist
 *     (404 AGENT_NOT_FOUND); the report must parse (422).
 *  2. The whole report is checked against the collections the period's bills asked of the
 *     carrier before anything is stored: none asked is 422 NO_COLLECTIONS_BILLED, a row for a
 *     customer and currency not asked is 422 REMITTANCE_NOT_BILLED.
 *  3. One import per period and carrier: the same report again answers it (`replayed`);
 *     another report is 409 REMITTANCE_ALREADY_IMPORTED.
 *  4. Compare customer by customer (a billed customer missing from the report remitted 0).
 *  5. Post an adjustment for each difference beyond the tolerance (ids derived from period,
 *     carrier, customer and currency: a retry is `exists`); a ledger refusal is listed.
 *  6. Store the differences; the import is done. Of concurrent imports of the same report,
 *     each may get this far (the adjustments are `exists` for all but one), but only the one
 *     whose write completes the import answers it as created; the others read the import
 *     stored and answer it as a repeat would (`replayed`): one `201`, the same record for all.
 */
export const importRemittance = async (
  deps: RemittanceDeps,
  principal: Principal,
  request: { readonly runId: string; readonly agentId: string; readonly csv: string },
): Promise<{ record: RemittanceRecord; replayed: boolean }> => {
  const run = principal.role === 'operator' ? await deps.runs.getRun(request.runId) : undefined;
  if (run === undefined) throw new DomainError('BILLING_RUN_NOT_FOUND', `No billing run ${request.runId} is visible to you.`);
  if (run.status !== 'completed') {
    throw new DomainError(
      'BILLING_RUN_NOT_COMPLETED',
      `Run ${run.id} is ${run.status}; remittances are compared with completed runs.`,
    );
  }
  if ((await deps.parties.getAgent(request.agentId)) === undefined) {
    throw new DomainError('AGENT_NOT_FOUND', `No agent ${request.agentId} exists.`, [
      { field: 'agentId', message: 'must be an existing agent' },
    ]);
  }
  const rows = parseRemittanceCsv(request.csv);
  const billed = await billedCollections(deps, run.period, request.agentId);
  checkRowsBilled(billed, rows, run.period, request.agentId);
  const csvSha256 = sha256Hex(request.csv);
  const id = derivedId('rmt', 'remittance', run.period, request.agentId);
  const stored = await deps.remittances.begin({
    id,
    runId: run.id,
    period: run.period,
    agentId: request.agentId,
    csvSha256,
    toleranceMinor: deps.remittanceToleranceMinor,
    status: 'importing',
    rows: rows.length,
    createdAtMs: deps.clock.now(),
  });
  if (stored.csvSha256 !== csvSha256) {
    throw new DomainError(
      'REMITTANCE_ALREADY_IMPORTED',
      `Carrier ${request.agentId} already has another remittance report imported for ${run.period}.`,
    );
  }
  if (stored.status === 'imported') return { record: stored, replayed: true };
  const { differences, matched } = compare(billed, rows, stored.toleranceMinor);
  const settled = await runInParallel(differences, (difference) =>
    difference.outcome === 'adjusted' ? adjust(deps, id, request.agentId, difference, run.period) : Promise.resolve(difference),
  );
  const record: RemittanceRecord = {
    ...stored,
    status: 'imported',
    matched,
    differences: settled,
    importedAtMs: deps.clock.now(),
  };
  if (await deps.remittances.complete(record)) return { record, replayed: false };
  // A concurrent import of the same report completed it first: answer what it stored, as a repeat would.
  const completed = await deps.remittances.get(run.period, request.agentId);
  assert(completed?.status === 'imported', `the remittance ${id} that another import completed is stored, imported`);
  return { record: completed, replayed: true };
};

/** A difference's members in one order (the first import's), whatever order the store read them back in. */
const differenceView = (difference: RemittanceDifference): RemittanceDifference => ({
  customerId: difference.customerId,
  currency: difference.currency,
  billedMinor: difference.billedMinor,
  remittedMinor: difference.remittedMinor,
  differenceMinor: difference.differenceMinor,
  outcome: difference.outcome,
  ...(difference.transferId === undefined ? {} : { transferId: difference.transferId }),
  ...(difference.refusal === undefined ? {} : { refusal: difference.refusal }),
});

export const remittanceView = (record: RemittanceRecord) => ({
  id: record.id,
  runId: record.runId,
  period: record.period,
  agentId: record.agentId,
  status: record.status,
  csvSha256: record.csvSha256,
  toleranceMinor: record.toleranceMinor,
  rows: record.rows,
  matched: record.matched ?? 0,
  differences: (record.differences ?? []).map(differenceView),
  ...(record.importedAtMs === undefined ? {} : { importedAt: new Date(record.importedAtMs).toISOString() }),
});
