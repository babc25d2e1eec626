import { QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { assert } from '../../errors';
import { stableHash } from '../../domain/ledger/keys';
import type { BillingRunStore, RemittanceStore } from '../../domain/billing/ports';
import type { RemittanceRecord } from '../../domain/billing/types';
import type { BillingCalendar, ListingState, PartyOutcome, PeriodRecord, RunRecord } from '../../domain/billing/types';
import { putIfAbsent, putIfHeld, putNew, storedInstead, transactWrite, updateIfHeld } from './conditional-writes';
import { partitionPage } from './dynamodb-batches';
import { backoff, isContention, reasonsOfCancellation, type BackoffLimits } from './retry';
import { recordOf, readItem } from './items';

/**
 * Runs, periods, the calendar and remittances in the billing table:
 *
 *   CALENDAR / CALENDAR                          first period, last completed period
 *   PERIOD#<YYYY-MM> / PERIOD                    the cut-off, latest run, completed
 *   RUN#<id> / RUN                               the run; partiesTotal as a top-level number (ADD)
 *   RUN#<id> / PARTY#<kind>#<party>#<CUR>        a party's outcome, created once
 *   RUN#<id> / PROGRESS#<shard>                  partiesDone / partiesFailed of the parties in one shard
 *   REMITTANCE#<period>#<agent> / REMITTANCE     a remittance import
 *
 * A party's outcome and its counter are one transaction, so a redelivered message never
 * counts twice. The counters are spread over PROGRESS_SHARDS items (by party), so concurrent
 * workers rarely touch the same item; the transactions that still conflict are retried with
 * jittered backoff. A run is read with one Query: its shards and the run item sort together.
 */
type Item = Record<string, unknown>;

const CALENDAR_KEY = { pk: 'CALENDAR', sk: 'CALENDAR' };
const periodKey = (period: string) => ({ pk: `PERIOD#${period}`, sk: 'PERIOD' });
const runKey = (runId: string) => ({ pk: `RUN#${runId}`, sk: 'RUN' });
const outcomeKey = (outcome: Pick<PartyOutcome, 'runId' | 'kind' | 'partyId' | 'currency'>) => ({
  pk: `RUN#${outcome.runId}`,
  sk: `PARTY#${outcome.kind}#${outcome.partyId}#${outcome.currency}`,
});
const remittanceKey = (period: string, agentId: string) => ({ pk: `REMITTANCE#${period}#${agentId}`, sk: 'REMITTANCE' });
const PROGRESS_SHARDS = 16;
const PROGRESS_PREFIX = 'PROGRESS#';
const progressKey = (outcome: Pick<PartyOutcome, 'runId' | 'partyId'>) => ({
  pk: `RUN#${outcome.runId}`,
  sk: `${PROGRESS_PREFIX}${String(stableHash(`progress:${outcome.partyId}`) % PROGRESS_SHARDS).padStart(2, '0')}`,
});

const OUTCOME_ATTEMPTS_MAX = 20;
const OUTCOME_BACKOFF: BackoffLimits = { baseMilliseconds: 5, capMilliseconds: 200 };

const withoutKeys = (item: Item): Item => recordOf(item);

/** The run item and its progress shards (one Query) as one record. */
const runOf = (items: readonly Item[]): RunRecord | undefined => {
  const runItem = items.find((item) => item['sk'] === 'RUN');
  if (runItem === undefined) return undefined;
  const { partiesTotal, partiesDone: _done, partiesFailed: _failed, listingVersion: _version, ...rest } = withoutKeys(runItem);
  const shards = items.filter((item) => String(item['sk']).startsWith(PROGRESS_PREFIX));
  const sum = (name: string) => shards.reduce((total, shard) => total + Number(shard[name] ?? 0), 0);
  return {
    ...(rest as unknown as Omit<RunRecord, 'progress'>),
    progress: { partiesTotal: Number(partiesTotal), partiesDone: sum('partiesDone'), partiesFailed: sum('partiesFailed') },
  };
};

export class DynamoBillingRunStore implements BillingRunStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async calendar(): Promise<BillingCalendar | undefined> {
    return (await this.read(CALENDAR_KEY)) as BillingCalendar | undefined;
  }

  async openCalendar(firstPeriod: string): Promise<BillingCalendar> {
    await this.putIfAbsent({ ...CALENDAR_KEY, firstPeriod });
    const calendar = await this.calendar();
    assert(calendar !== undefined, 'the calendar exists once opened');
    return calendar;
  }

  async period(period: string): Promise<PeriodRecord | undefined> {
    return (await this.read(periodKey(period))) as PeriodRecord | undefined;
  }

  async createPeriod(record: PeriodRecord): Promise<PeriodRecord> {
    await this.putIfAbsent({ ...periodKey(record.period), ...record });
    const stored = await this.period(record.period);
    assert(stored !== undefined, 'a period exists once created');
    return stored;
  }

  async setLatestRun(period: string, runId: string): Promise<void> {
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: periodKey(period),
        UpdateExpression: 'SET latestRunId = :runId',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':runId': runId },
      }),
    );
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

  async createRun(run: RunRecord): Promise<RunRecord> {
    const { progress, ...rest } = run;
    await this.putIfAbsent({ ...runKey(run.id), ...rest, ...progress, listingVersion: run.listing.version });
    const stored = await this.getRun(run.id);
    assert(stored !== undefined, 'a run exists once created');
    return stored;
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

  advanceListing(runId: string, from: ListingState, to: ListingState, listed: number): Promise<boolean> {
    return updateIfHeld(this.client, {
      TableName: this.tableName,
      Key: runKey(runId),
      UpdateExpression: 'SET listing = :to, listingVersion = :toVersion ADD partiesTotal :listed',
      ConditionExpression: 'listingVersion = :fromVersion',
      ExpressionAttributeValues: { ':to': to, ':toVersion': to.version, ':fromVersion': from.version, ':listed': listed },
    });
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

  finishRun(runId: string, finish: Parameters<BillingRunStore['finishRun']>[1]): Promise<boolean> {
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

  private async putIfAbsent(item: Item): Promise<void> {
    await putIfAbsent(this.client, { TableName: this.tableName, Item: item });
  }
}

export class DynamoRemittanceStore implements RemittanceStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(period: string, agentId: string): Promise<RemittanceRecord | undefined> {
    const item = await readItem(this.client, this.tableName, remittanceKey(period, agentId));
    return item === undefined ? undefined : (withoutKeys(item) as unknown as RemittanceRecord);
  }

  async begin(record: RemittanceRecord): Promise<RemittanceRecord> {
    const item = { ...remittanceKey(record.period, record.agentId), ...record };
    if (await putIfAbsent(this.client, { TableName: this.tableName, Item: item })) return record;
    return storedInstead(this.get(record.period, record.agentId), 'a remittance');
  }

  async complete(record: RemittanceRecord): Promise<void> {
    // A failed condition: a concurrent import of the same report completed it first, with the same differences.
    await putIfHeld(this.client, {
      TableName: this.tableName,
      Item: { ...remittanceKey(record.period, record.agentId), ...record },
      ConditionExpression: '#status = :importing',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':importing': 'importing' },
    });
  }
}
