import { QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { stableHash } from '../../domain/ledger/keys';
import type { RunProgress } from '../../domain/billing/ports';
import type { BillingCalendar, PartyOutcome, PeriodRecord, RunRecord } from '../../domain/billing/types';
import { putNew, transactWrite, updateIfHeld } from './conditional-writes';
import { partitionPage } from './dynamodb-batches';
import type { BackoffLimits } from '../../contention';
import { backoff, isContention, reasonsOfCancellation } from './retry';
import { recordOf, readItem } from './items';

/**
 * Runs, periods, the calendar and remittances in the billing table:
 *
 *   CALENDAR / CALENDAR                          first period, last completed period
 *   PERIOD#<YYYY-MM> / PERIOD                    the cut-off, latest run, completed
 *   RUN#<id> / RUN                               the run; partiesTotal as a top-level number (ADD);
 *                                                in the byParty index under RUNS#<period> / <started at>#<id>
 *   RUN#<id> / PARTY#<kind>#<party>#<CUR>        a party's outcome, created once
 *   RUN#<id> / PROGRESS#<shard>                  partiesDone / partiesFailed of the parties in one shard
 *   REMITTANCE#<period>#<agent> / REMITTANCE     a remittance import
 *
 * A party's outcome and its counter are one transaction, so a redelivered message never
 * counts twice. The counters are spread over PROGRESS_SHARDS items (by party), so concurrent
 * workers rarely touch the same item; the transactions that still conflict are retried with
 * jittered backoff. A run is read with one Query: its shards and the run item sort together.
 */
export type Item = Record<string, unknown>;

export const CALENDAR_KEY = { pk: 'CALENDAR', sk: 'CALENDAR' };
export const periodKey = (period: string) => ({ pk: `PERIOD#${period}`, sk: 'PERIOD' });
export const runKey = (runId: string) => ({ pk: `RUN#${runId}`, sk: 'RUN' });
const outcomeKey = (outcome: Pick<PartyOutcome, 'runId' | 'kind' | 'partyId' | 'currency'>) => ({
  pk: `RUN#${outcome.runId}`,
  sk: `PARTY#${outcome.kind}#${outcome.partyId}#${outcome.currency}`,
});
export const remittanceKey = (period: string, agentId: string) => ({ pk: `REMITTANCE#${period}#${agentId}`, sk: 'REMITTANCE' });
const PROGRESS_SHARDS = 16;
const PROGRESS_PREFIX = 'PROGRESS#';
const progressKey = (outcome: Pick<PartyOutcome, 'runId' | 'partyId'>) => ({
  pk: `RUN#${outcome.runId}`,
  sk: `${PROGRESS_PREFIX}${String(stableHash(`progress:${outcome.partyId}`) % PROGRESS_SHARDS).padStart(2, '0')}`,
});

const OUTCOME_ATTEMPTS_MAX = 20;
const OUTCOME_BACKOFF: BackoffLimits = { baseMilliseconds: 5, capMilliseconds: 200 };

export const withoutKeys = (item: Item): Item => recordOf(item);

/** The run item and its progress shards (one Query) as one record. */
const runOf = (items: readonly Item[]): RunRecord | undefined => {
  const runItem = items.find((item) => item['sk'] === 'RUN');
  if (runItem === undefined) return undefined;
  const {
    partiesTotal,
    partiesDone: _done,
    partiesFailed: _failed,
    listingVersion: _version,
    ...rest
  } = recordOf<Item>(runItem, 'partyPk', 'partySk');
  const shards = items.filter((item) => String(item['sk']).startsWith(PROGRESS_PREFIX));
  const sum = (name: string) => shards.reduce((total, shard) => total + Number(shard[name] ?? 0), 0);
  return {
    ...(rest as unknown as Omit<RunRecord, 'progress'>),
    progress: { partiesTotal: Number(partiesTotal), partiesDone: sum('partiesDone'), partiesFailed: sum('partiesFailed') },
  };
};

/**
 * A run's progress (domain/billing/ports.ts, RunProgress): the part of the run store that the
 * statement worker uses to record outcomes and finish a run. DynamoBillingRunStore
 * (billing-runs-dynamodb.ts) extends it with opening periods and runs; a function wired with
 * this class alone does not bundle those (a class's methods cannot be left out of a bundle).
 */
export class DynamoRunProgress implements RunProgress {
  constructor(
    protected readonly client: DynamoDBDocumentClient,
    protected readonly tableName: string,
  ) {}

  async calendar(): Promise<BillingCalendar | undefined> {
    return (await this.read(CALENDAR_KEY)) as BillingCalendar | undefined;
  }

  async period(period: string): Promise<PeriodRecord | undefined> {
    return (await this.read(periodKey(period))) as PeriodRecord | undefined;
  }

  async completePeriod(period: string): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: periodKey(period),
        UpdateExpression: 'SET completed = :true',
        ExpressionAttributeValues: { ':true': true },
      }),
    );
    // Already at this period or later (the condition fails): the calendar only moves forward.
    await updateIfHeld(this.client, {
      TableName: this.tableName,
      Key: CALENDAR_KEY,
      UpdateExpression: 'SET lastCompletedPeriod = :period',
      ConditionExpression:
        'attribute_exists(pk) AND (attribute_not_exists(lastCompletedPeriod) OR lastCompletedPeriod < :period)',
      ExpressionAttributeValues: { ':period': period },
    });
  }

  async getRun(runId: string): Promise<RunRecord | undefined> {
    const answer = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND sk >= :progress',
        ExpressionAttributeValues: { ':pk': runKey(runId).pk, ':progress': PROGRESS_PREFIX },
        ConsistentRead: true,
      }),
    );
    return runOf(answer.Items ?? []);
  }

  async recordOutcome(outcome: PartyOutcome): Promise<boolean> {
    const counter = outcome.result === 'done' ? 'partiesDone' : 'partiesFailed';
    for (let attempt = 1; ; attempt += 1) {
      try {
        await transactWrite(this.client, [
          putNew(this.tableName, { ...outcomeKey(outcome), ...outcome }),
          {
            Update: {
              TableName: this.tableName,
              Key: progressKey(outcome),
              UpdateExpression: `ADD ${counter} :one`,
              ExpressionAttributeValues: { ':one': 1 },
            },
          },
        ]);
        return true;
      } catch (error) {
        const reasons = reasonsOfCancellation(error);
        if (reasons === undefined) throw error;
        if (reasons.includes('ConditionalCheckFailed')) return false;
        if (!isContention(reasons) || attempt >= OUTCOME_ATTEMPTS_MAX) throw error;
        await backoff(attempt, OUTCOME_BACKOFF);
      }
    }
  }

  async outcomes(runId: string, page: { limit: number; cursor?: string }) {
    const answer = await partitionPage(this.client, this.tableName, { pk: runKey(runId).pk, prefix: 'PARTY#' }, page);
    return {
      outcomes: answer.items.map((item) => withoutKeys(item) as unknown as PartyOutcome),
      ...(answer.nextCursor === undefined ? {} : { nextCursor: answer.nextCursor }),
    };
  }

  finishRun(runId: string, finish: Parameters<RunProgress['finishRun']>[1]): Promise<boolean> {
    return updateIfHeld(this.client, {
      TableName: this.tableName,
      Key: runKey(runId),
      UpdateExpression: 'SET #status = :status, reconciliation = :reconciliation, failures = :failures, finishedAtMs = :at',
      ConditionExpression: '#status = :running',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: {
        ':status': finish.status,
        ':reconciliation': finish.reconciliation,
        ':failures': finish.failures,
        ':at': finish.finishedAtMs,
        ':running': 'running',
      },
    });
  }

  private async read(key: { pk: string; sk: string }): Promise<Item | undefined> {
    const item = await readItem(this.client, this.tableName, key);
    return item === undefined ? undefined : withoutKeys(item);
  }
}
