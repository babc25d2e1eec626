import { PutCommand, QueryCommand, UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { decodeRunCursor, encodeRunCursor, runSortKey } from '../../domain/billing/cursors';
import { assert } from '../../errors';
import type { BillingRunStore, RemittanceStore } from '../../domain/billing/ports';
import type {
  BillingCalendar,
  ListingState,
  PeriodRecord,
  RemittanceDifference,
  RemittanceDifferenceRecord,
  RemittanceRecord,
  RunRecord,
} from '../../domain/billing/types';
import { batchPut } from './dynamodb-batches';
import { putIfAbsent, putIfHeld, storedInstead, updateIfHeld } from './conditional-writes';
import { queryPages, readItem } from './items';
import {
  CALENDAR_KEY,
  DynamoRunProgress,
  periodKey,
  remittanceKey,
  runKey,
  withoutKeys,
  type Item,
} from './billing-run-progress-dynamodb';

/** A run in the byParty index, under its period: the period's runs in the order they started. */
const runsOfPeriodPk = (period: string): string => `RUNS#${period}`;
const runsOfPeriodKey = (run: RunRecord) => ({ partyPk: runsOfPeriodPk(run.period), partySk: runSortKey(run) });

/**
 * The run store: a run's progress (billing-run-progress-dynamodb.ts, which also documents the
 * table's layout) and opening the calendar, periods and runs.
 */
export class DynamoBillingRunStore extends DynamoRunProgress implements BillingRunStore {
  async openCalendar(firstPeriod: string): Promise<BillingCalendar> {
    await this.putIfAbsent({ ...CALENDAR_KEY, firstPeriod });
    const calendar = await this.calendar();
    assert(calendar !== undefined, 'the calendar exists once opened');
    return calendar;
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

  async createRun(run: RunRecord): Promise<RunRecord> {
    const { progress, ...rest } = run;
    await this.putIfAbsent({
      ...runKey(run.id),
      ...runsOfPeriodKey(run),
      ...rest,
      ...progress,
      listingVersion: run.listing.version,
    });
    const stored = await this.getRun(run.id);
    assert(stored !== undefined, 'a run exists once created');
    return stored;
  }

  /** The period's run items from the byParty index, newest first, then each run with its progress (one Query each). */
  async listRuns(
    period: string,
    page: { readonly limit: number; readonly cursor?: string },
  ): Promise<{ readonly records: readonly RunRecord[]; readonly nextCursor?: string }> {
    const before = page.cursor === undefined ? undefined : decodeRunCursor(period, page.cursor);
    const answer = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        IndexName: 'byParty',
        KeyConditionExpression: before === undefined ? 'partyPk = :pk' : 'partyPk = :pk AND partySk < :before',
        ExpressionAttributeValues: { ':pk': runsOfPeriodPk(period), ...(before === undefined ? {} : { ':before': before }) },
        ProjectionExpression: 'id',
        ScanIndexForward: false,
        Limit: page.limit + 1,
      }),
    );
    const ids = (answer.Items ?? []).map((item) => String(item['id']));
    const runs = await Promise.all(ids.slice(0, page.limit).map((id) => this.getRun(id)));
    const records = runs.filter((run): run is RunRecord => run !== undefined);
    const last = records.at(-1);
    return {
      records,
      ...(ids.length > page.limit && last !== undefined ? { nextCursor: encodeRunCursor(period, runSortKey(last)) } : {}),
    };
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

  private async putIfAbsent(item: Item): Promise<void> {
    await putIfAbsent(this.client, { TableName: this.tableName, Item: item });
  }
}

const remittancePk = (period: string, agentId: string): string => remittanceKey(period, agentId).pk;
const chunkKey = (period: string, agentId: string, index: number) => ({
  pk: remittancePk(period, agentId),
  sk: `CHUNK#${String(index).padStart(5, '0')}`,
});
const DIFFERENCE_PREFIX = 'DIFF#';
const differenceSk = (seq: number): string => `${DIFFERENCE_PREFIX}${String(seq).padStart(9, '0')}`;

/**
 * A remittance import under `REMITTANCE#<period>#<agent>`: the summary (`REMITTANCE`, counts
 * and totals only), its chunks waiting for the worker (`CHUNK#<n>`, the differences as one
 * JSON string, at most BILLING_REMITTANCE_CHUNK_SIZE_MAX of them) and its differences once
 * posted (`DIFF#<seq>`, one item each, read in order by a Query).
 */
export class DynamoRemittanceStore implements RemittanceStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async get(period: string, agentId: string): Promise<RemittanceRecord | undefined> {
    const item = await readItem(this.client, this.tableName, remittanceKey(period, agentId));
    return item === undefined ? undefined : (withoutKeys(item) as unknown as RemittanceRecord);
  }

  async begin(record: RemittanceRecord): Promise<{ record: RemittanceRecord; created: boolean }> {
    const item = { ...remittanceKey(record.period, record.agentId), ...record };
    if (await putIfAbsent(this.client, { TableName: this.tableName, Item: item })) return { record, created: true };
    return { record: await storedInstead(this.get(record.period, record.agentId), 'a remittance'), created: false };
  }

  async putChunk(period: string, agentId: string, index: number, differences: readonly RemittanceDifference[]): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...chunkKey(period, agentId, index), differences: JSON.stringify(differences) },
      }),
    );
  }

  async chunk(period: string, agentId: string, index: number): Promise<readonly RemittanceDifference[] | undefined> {
    const item = await readItem(this.client, this.tableName, chunkKey(period, agentId, index));
    return item === undefined ? undefined : (JSON.parse(String(item['differences'])) as RemittanceDifference[]);
  }

  async putDifferences(period: string, agentId: string, differences: readonly RemittanceDifferenceRecord[]): Promise<void> {
    await batchPut(
      this.client,
      this.tableName,
      differences.map((difference) => ({ pk: remittancePk(period, agentId), sk: differenceSk(difference.seq), ...difference })),
    );
  }

  async differences(
    period: string,
    agentId: string,
    page: { readonly limit: number; readonly afterSeq?: number },
  ): Promise<{ records: RemittanceDifferenceRecord[]; more: boolean }> {
    const records: RemittanceDifferenceRecord[] = [];
    await queryPages(
      this.client,
      Number.MAX_SAFE_INTEGER,
      () => ({
        TableName: this.tableName,
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
        ExpressionAttributeValues: {
          ':pk': remittancePk(period, agentId),
          ':from': differenceSk(page.afterSeq === undefined ? 0 : page.afterSeq + 1),
          ':to': differenceSk(999_999_999),
        },
        ConsistentRead: true,
        Limit: page.limit + 1 - records.length,
      }),
      (answer) => {
        records.push(...(answer.Items ?? []).map((item) => withoutKeys(item) as unknown as RemittanceDifferenceRecord));
        return records.length <= page.limit;
      },
    );
    return { records: records.slice(0, page.limit), more: records.length > page.limit };
  }

  advance(next: RemittanceRecord, fromChunksDone: number): Promise<boolean> {
    // A failed condition: another worker of the same chunk moved the import first (the chunk is counted once).
    return putIfHeld(this.client, {
      TableName: this.tableName,
      Item: { ...remittanceKey(next.period, next.agentId), ...next },
      ConditionExpression: '#status = :importing AND chunksDone = :from',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':importing': 'importing', ':from': fromChunksDone },
    });
  }
}
