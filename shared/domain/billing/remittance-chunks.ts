import { isDomainError } from '../../errors';
import { derivedId } from '../../ids';
import { BILLING_REMITTANCE_CONCURRENCY } from '../../limits';
import { agentCashAccountId, customerCarrierAccountId } from '../parties/accounts';
import type { BillingDeps } from './deps';
import type { BillingQueue, RemittanceMessage, RemittanceStore } from './ports';
import type { DifferenceOutcome, RemittanceDifference, RemittanceRecord } from './types';
import { BILLING_CODES } from './window';

/**
 * The billing worker's part of a remittance import (remittance.ts accepts it): its chunks of
 * differences posted one per message of the billing-runs queue, each resumable and counted once.
 */

/** What the worker needs to post an import's chunks. */
export type RemittanceWorkerDeps = Pick<BillingDeps, 'ledger' | 'clock'> & {
  readonly remittances: RemittanceStore;
  readonly queue: Pick<BillingQueue, 'sendRemittance'>;
};

const adjustmentIdFor = (period: string, agentId: string, customerId: string, currency: string): string =>
  derivedId('trf', 'billing-remittance', period, agentId, customerId, currency);

/**
 * The ledger's refusals of an adjustment, listed as `refused` with the code: the customer's
 * credit limit (EXCEEDS_CREDITS), an account that is not there or not in the currency, and an
 * account whose counter would pass LEDGER_COUNTER_MINOR_MAX (BALANCE_OVERFLOW). Each is an
 * answer about that difference, the same on every delivery: thrown, it would fail its chunk to
 * the dead-letter queue and leave the import importing. Anything else (a conflict, a crash)
 * propagates, and SQS delivers the chunk again.
 */
const ADJUSTMENT_REFUSALS: ReadonlySet<string> = new Set([
  'EXCEEDS_CREDITS',
  'ACCOUNT_NOT_FOUND',
  'CURRENCY_MISMATCH',
  'BALANCE_OVERFLOW',
]);

/** One difference beyond the tolerance, posted: a shortfall is owed again by the customer, a surplus is credited to it. */
const adjust = async (
  deps: Pick<RemittanceWorkerDeps, 'ledger'>,
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
    if (!isDomainError(error) || !ADJUSTMENT_REFUSALS.has(error.code)) throw error;
    return { ...difference, outcome: 'refused' as const, refusal: error.code };
  }
};

export const runInParallel = async <T, R>(items: readonly T[], work: (item: T) => Promise<R>): Promise<R[]> => {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    for (let index = next++; index < items.length; index = next++) results[index] = await work(items[index] as T);
  };
  await Promise.all(Array.from({ length: BILLING_REMITTANCE_CONCURRENCY }, worker));
  return results;
};

/** A difference's members in one order, whatever order the store read them back in. */
export const differenceView = (difference: RemittanceDifference): RemittanceDifference => ({
  customerId: difference.customerId,
  currency: difference.currency,
  billedMinor: difference.billedMinor,
  remittedMinor: difference.remittedMinor,
  differenceMinor: difference.differenceMinor,
  outcome: difference.outcome,
  ...(difference.transferId === undefined ? {} : { transferId: difference.transferId }),
  ...(difference.refusal === undefined ? {} : { refusal: difference.refusal }),
});

/** The import once a chunk's differences are settled: counted, totalled, one chunk further (completed after the last). */
const afterChunk = (record: RemittanceRecord, settled: readonly RemittanceDifference[], nowMs: number): RemittanceRecord => {
  const count = (outcome: DifferenceOutcome) => settled.filter((difference) => difference.outcome === outcome).length;
  const totals = record.totals.map((total) => {
    const posted = settled.filter((difference) => difference.outcome === 'adjusted' && difference.currency === total.currency);
    const sum = (side: (difference: RemittanceDifference) => boolean) =>
      posted.filter(side).reduce((all, difference) => all + Math.abs(difference.differenceMinor), 0);
    return {
      currency: total.currency,
      shortfallMinor: total.shortfallMinor + sum((difference) => difference.differenceMinor < 0),
      surplusMinor: total.surplusMinor + sum((difference) => difference.differenceMinor > 0),
    };
  });
  const chunksDone = record.chunksDone + 1;
  const done = chunksDone === record.chunks;
  return {
    ...record,
    withinTolerance: record.withinTolerance + count('within_tolerance'),
    adjusted: record.adjusted + count('adjusted'),
    refused: record.refused + count('refused'),
    totals,
    chunksDone,
    status: done ? 'completed' : 'importing',
    ...(done ? { completedAtMs: nowMs } : {}),
  };
};

export type RemittanceOutcome = 'continued' | 'completed' | 'superseded' | 'not_importing';

/**
 * The worker's step of an import (one message of the billing-runs queue): post the next chunk.
 *
 * Flow:
 *  1. Read the import; one that is not importing (completed, or unknown) is done.
 *  2. Read its chunk `chunksDone` and post an adjustment for each difference beyond the
 *     tolerance (ids derived from period, carrier, customer and currency: a chunk done again
 *     after a crash finds them `exists`, never posts twice); a ledger refusal is listed.
 *  3. Store the chunk's differences, one item each (`seq` their place in the import).
 *  4. In one conditional write, count and total the chunk and move `chunksDone` on — only if
 *     it is still where step 1 read it, so a chunk is counted once; a second worker of the
 *     same chunk that loses the condition stops (`superseded`).
 *  5. Send the message for the next chunk, or the import is completed.
 * A crash anywhere leaves the message to SQS, which delivers it again: it resumes at step 1.
 */
export const continueRemittance = async (deps: RemittanceWorkerDeps, message: RemittanceMessage): Promise<RemittanceOutcome> => {
  const record = await deps.remittances.get(message.period, message.agentId);
  if (record?.status !== 'importing') return 'not_importing';
  const index = record.chunksDone;
  const pending = await deps.remittances.chunk(record.period, record.agentId, index);
  if (pending === undefined) throw new Error(`chunk ${index} of the remittance import ${record.id} is not stored`);
  const settled = await runInParallel(pending, (difference) =>
    difference.outcome === 'adjusted'
      ? adjust(deps, record.id, record.agentId, difference, record.period)
      : Promise.resolve(difference),
  );
  const first = index * record.chunkSize;
  await deps.remittances.putDifferences(
    record.period,
    record.agentId,
    settled.map((difference, offset) => ({ ...differenceView(difference), seq: first + offset })),
  );
  const next = afterChunk(record, settled, deps.clock.now());
  if (!(await deps.remittances.advance(next, index))) return 'superseded';
  if (next.status === 'completed') return 'completed';
  await deps.queue.sendRemittance({ period: record.period, agentId: record.agentId });
  return 'continued';
};
