import { assert, DomainError } from '../../errors';
import { activityKey, activityShardOf } from '../../domain/billing/activity';
import { partyKindOf } from '../../domain/billing/accounts';
import {
  decodeRunCursor,
  decodeStatementCursor,
  encodeRunCursor,
  runSortKey,
  statementSortKey,
  statementsPage,
} from '../../domain/billing/cursors';
import type {
  ActivityIndex,
  ActivityMark,
  ActivityPage,
  BillingQueue,
  BillingRunStore,
  RemittanceMessage,
  RemittanceStore,
  StatementListQuery,
  StatementMessage,
  StalledBuilds,
  StatementStore,
} from '../../domain/billing/ports';
import { positionOf } from '../../domain/billing/statement-job';
import type {
  BillingCalendar,
  CollectionRecord,
  ListingState,
  PartyOutcome,
  PartyPosition,
  PeriodRecord,
  RemittanceDifference,
  RemittanceDifferenceRecord,
  RemittanceRecord,
  RunRecord,
  StatementDocuments,
  StatementPageDocuments,
  StatementRecord,
} from '../../domain/billing/types';
import type { StatementBuild } from '../../domain/billing/build-state';

/** Billing's stores in memory, with the DynamoDB adapters' conditions (one contract suite for both). */

const pageOf = <T>(items: readonly T[], page: { limit: number; cursor?: string }) => {
  const start = page.cursor === undefined ? 0 : Number(page.cursor);
  if (!Number.isSafeInteger(start) || start < 0) throw new DomainError('INVALID_CURSOR', 'The cursor was not handed out here.');
  const end = start + page.limit;
  return { items: items.slice(start, end), ...(end < items.length ? { nextCursor: String(end) } : {}) };
};

export class MemoryActivityIndex implements ActivityIndex {
  readonly marks = new Map<string, ActivityMark>();

  async mark(marks: readonly ActivityMark[]) {
    for (const mark of marks) this.marks.set(activityKey(mark), mark);
  }

  async list(period: string, shard: number, page: { limit: number; cursor?: string }): Promise<ActivityPage> {
    const inShard = [...this.marks.values()]
      .filter((mark) => mark.period === period && activityShardOf(mark.partyId) === shard)
      .sort((left, right) => (activityKey(left) < activityKey(right) ? -1 : 1));
    const { items, nextCursor } = pageOf(inShard, page);
    return { marks: items, itemsRead: items.length, ...(nextCursor === undefined ? {} : { nextCursor }) };
  }
}

const positionKey = (kind: string, partyId: string, currency: string) => `${kind}#${partyId}#${currency}`;

export class MemoryStatementStore implements StatementStore, StalledBuilds {
  readonly records = new Map<string, StatementRecord>();
  readonly documents = new Map<string, StatementDocuments>();
  readonly positions = new Map<string, PartyPosition>();
  readonly collectionRecords = new Map<string, CollectionRecord>();
  readonly builds = new Map<string, StatementBuild>();
  readonly buildTexts = new Map<string, string>();
  /** Every statement whose build was started, kept after the build is dropped (what tests ask of a run). */
  readonly builtInSteps = new Set<string>();
  /** Pages by `<statement id>#<page lines>#<page>`: written before the record (a build's), or with it. */
  readonly pageDocuments = new Map<string, StatementPageDocuments>();

  async get(statementId: string) {
    return this.records.get(statementId);
  }

  async document(record: StatementRecord, format: 'json' | 'csv') {
    const documents = this.documents.get(record.id);
    assert(documents !== undefined, `statement ${record.id} has documents`);
    return documents[format];
  }

  async page(record: StatementRecord, page: number, format: 'json' | 'csv') {
    const documents = this.pageDocuments.get(`${record.id}#${record.pageLines}#${page}`);
    assert(documents !== undefined, `statement ${record.id} has page ${page}`);
    return documents[format];
  }

  async build(statementId: string) {
    return this.builds.get(statementId);
  }

  async advanceBuild(next: StatementBuild, fromStep: number | undefined) {
    if (this.builds.get(next.statementId)?.step !== fromStep) return false;
    this.builds.set(next.statementId, next);
    this.builtInSteps.add(next.statementId);
    return true;
  }

  async putBuildText(statementId: string, name: string, text: string) {
    this.buildTexts.set(`${statementId}#${name}`, text);
  }

  async buildText(statementId: string, name: string) {
    return this.buildTexts.get(`${statementId}#${name}`);
  }

  async stalledBuilds(period: string, movedByMs: number, limit: number) {
    return [...this.builds.values()]
      .filter((build) => build.period === period && build.movedAtMs <= movedByMs)
      .sort((left, right) => left.movedAtMs - right.movedAtMs)
      .slice(0, limit);
  }

  async dropBuild(statementId: string) {
    for (const name of [...this.buildTexts.keys()]) if (name.startsWith(`${statementId}#`)) this.buildTexts.delete(name);
    this.builds.delete(statementId);
  }

  async putPage(statementId: string, pageLines: number, page: number, documents: StatementPageDocuments) {
    this.pageDocuments.set(`${statementId}#${pageLines}#${page}`, documents);
  }

  async position(kind: PartyPosition['kind'], partyId: string, currency: string) {
    return this.positions.get(positionKey(kind, partyId, currency));
  }

  async lookup(statementId: string, kind: PartyPosition['kind'], partyId: string, currency: string) {
    const stored = this.records.get(statementId);
    const position = this.positions.get(positionKey(kind, partyId, currency));
    const build = this.builds.get(statementId);
    return {
      ...(stored === undefined ? {} : { stored }),
      ...(position === undefined ? {} : { position }),
      ...(build === undefined ? {} : { build }),
    };
  }

  async save(record: StatementRecord, documents: StatementDocuments, collection?: CollectionRecord) {
    const existing = this.records.get(record.id);
    if (existing !== undefined) return existing;
    const kind = partyKindOf(record.kind);
    const key = positionKey(kind, record.partyId, record.currency);
    const position = this.positions.get(key);
    // Refused like the DynamoDB transaction: the caller checked the position was before this period.
    assert(position === undefined || position.period < record.period, `the position of ${key} is before ${record.period}`);
    this.documents.set(record.id, documents);
    (documents.pages ?? []).forEach((page, index) =>
      this.pageDocuments.set(`${record.id}#${record.pageLines}#${index + 1}`, page),
    );
    this.records.set(record.id, record);
    this.positions.set(key, positionOf(record, kind));
    if (collection !== undefined) {
      this.collectionRecords.set(
        `${collection.period}#${collection.agentId}#${collection.customerId}#${collection.currency}`,
        collection,
      );
    }
    return record;
  }

  async listForParty(query: StatementListQuery) {
    const after = query.cursor === undefined ? undefined : decodeStatementCursor(query, query.cursor);
    const matching = [...this.records.values()]
      .filter((record) => record.partyId === query.partyId && query.kinds.includes(record.kind))
      .filter((record) => query.period === undefined || record.period === query.period)
      .map((record) => ({ record, sortKey: statementSortKey(record.period, record.kind, record.currency) }))
      .filter(({ sortKey }) => after === undefined || sortKey > after)
      .sort((left, right) => (left.sortKey < right.sortKey ? -1 : 1));
    return statementsPage(
      matching.map(({ record }) => record),
      query,
    );
  }

  async collections(period: string, agentId: string, page: { limit: number; cursor?: string }) {
    const all = [...this.collectionRecords.values()]
      .filter((record) => record.period === period && record.agentId === agentId)
      .sort((left, right) => (`${left.customerId}#${left.currency}` < `${right.customerId}#${right.currency}` ? -1 : 1));
    const { items, nextCursor } = pageOf(all, page);
    return { records: items, ...(nextCursor === undefined ? {} : { nextCursor }) };
  }
}

const outcomeKey = (outcome: Pick<PartyOutcome, 'kind' | 'partyId' | 'currency'>) =>
  `${outcome.kind}#${outcome.partyId}#${outcome.currency}`;

export class MemoryBillingRunStore implements BillingRunStore {
  private calendarRecord: BillingCalendar | undefined;
  readonly periods = new Map<string, PeriodRecord>();
  readonly runs = new Map<string, RunRecord>();
  readonly outcomeRecords = new Map<string, Map<string, PartyOutcome>>();

  async calendar() {
    return this.calendarRecord;
  }

  async openCalendar(firstPeriod: string) {
    this.calendarRecord ??= { firstPeriod };
    return this.calendarRecord;
  }

  async period(period: string) {
    return this.periods.get(period);
  }

  async createPeriod(record: PeriodRecord) {
    const existing = this.periods.get(record.period);
    if (existing !== undefined) return existing;
    this.periods.set(record.period, record);
    return record;
  }

  async setLatestRun(period: string, runId: string) {
    const record = this.periods.get(period);
    if (record !== undefined) this.periods.set(period, { ...record, latestRunId: runId });
  }

  async completePeriod(period: string) {
    const record = this.periods.get(period);
    if (record !== undefined) this.periods.set(period, { ...record, completed: true });
    const calendar = this.calendarRecord;
    if (calendar !== undefined && (calendar.lastCompletedPeriod === undefined || calendar.lastCompletedPeriod < period)) {
      this.calendarRecord = { ...calendar, lastCompletedPeriod: period };
    }
  }

  async createRun(run: RunRecord) {
    const existing = this.runs.get(run.id);
    if (existing !== undefined) return existing;
    this.runs.set(run.id, run);
    return run;
  }

  async getRun(runId: string) {
    return this.runs.get(runId);
  }

  async listRuns(period: string, page: { readonly limit: number; readonly cursor?: string }) {
    const before = page.cursor === undefined ? undefined : decodeRunCursor(period, page.cursor);
    const following = [...this.runs.values()]
      .filter((run) => run.period === period && (before === undefined || runSortKey(run) < before))
      .sort((left, right) => (runSortKey(left) < runSortKey(right) ? 1 : -1));
    const records = following.slice(0, page.limit);
    const last = records.at(-1);
    return {
      records,
      ...(following.length > records.length && last !== undefined
        ? { nextCursor: encodeRunCursor(period, runSortKey(last)) }
        : {}),
    };
  }

  async advanceListing(runId: string, from: ListingState, to: ListingState, listed: number) {
    const run = this.runs.get(runId);
    if (run === undefined || run.listing.version !== from.version) return false;
    this.runs.set(runId, {
      ...run,
      listing: to,
      progress: { ...run.progress, partiesTotal: run.progress.partiesTotal + listed },
    });
    return true;
  }

  async recordOutcome(outcome: PartyOutcome) {
    const outcomes = this.outcomeRecords.get(outcome.runId) ?? new Map<string, PartyOutcome>();
    this.outcomeRecords.set(outcome.runId, outcomes);
    const run = this.runs.get(outcome.runId);
    if (outcomes.has(outcomeKey(outcome)) || run === undefined) return false;
    outcomes.set(outcomeKey(outcome), outcome);
    const done = outcome.result === 'done' ? 1 : 0;
    this.runs.set(run.id, {
      ...run,
      progress: {
        ...run.progress,
        partiesDone: run.progress.partiesDone + done,
        partiesFailed: run.progress.partiesFailed + 1 - done,
      },
    });
    return true;
  }

  async outcomes(runId: string, page: { limit: number; cursor?: string }) {
    const all = [...(this.outcomeRecords.get(runId)?.entries() ?? [])].sort(([left], [right]) => (left < right ? -1 : 1));
    const { items, nextCursor } = pageOf(all, page);
    return { outcomes: items.map(([, outcome]) => outcome), ...(nextCursor === undefined ? {} : { nextCursor }) };
  }

  async finishRun(runId: string, finish: Parameters<BillingRunStore['finishRun']>[1]) {
    const run = this.runs.get(runId);
    if (run === undefined || run.status !== 'running') return false;
    this.runs.set(runId, {
      ...run,
      status: finish.status,
      reconciliation: finish.reconciliation,
      failures: finish.failures,
      finishedAtMs: finish.finishedAtMs,
    });
    return true;
  }
}

export class MemoryRemittanceStore implements RemittanceStore {
  readonly records = new Map<string, RemittanceRecord>();
  readonly chunks = new Map<string, readonly RemittanceDifference[]>();
  readonly differenceRecords = new Map<string, RemittanceDifferenceRecord>();

  async get(period: string, agentId: string) {
    return this.records.get(`${period}#${agentId}`);
  }

  async begin(record: RemittanceRecord) {
    const key = `${record.period}#${record.agentId}`;
    const existing = this.records.get(key);
    if (existing !== undefined) return { record: existing, created: false };
    this.records.set(key, record);
    return { record, created: true };
  }

  async putChunk(period: string, agentId: string, index: number, differences: readonly RemittanceDifference[]) {
    this.chunks.set(`${period}#${agentId}#${index}`, [...differences]);
  }

  async chunk(period: string, agentId: string, index: number) {
    return this.chunks.get(`${period}#${agentId}#${index}`);
  }

  async putDifferences(period: string, agentId: string, differences: readonly RemittanceDifferenceRecord[]) {
    for (const difference of differences) this.differenceRecords.set(`${period}#${agentId}#${difference.seq}`, difference);
  }

  async differences(period: string, agentId: string, page: { readonly limit: number; readonly afterSeq?: number }) {
    const following = [...this.differenceRecords.entries()]
      .filter(([key, difference]) => key.startsWith(`${period}#${agentId}#`) && difference.seq > (page.afterSeq ?? -1))
      .map(([, difference]) => difference)
      .sort((left, right) => left.seq - right.seq);
    return { records: following.slice(0, page.limit), more: following.length > page.limit };
  }

  async advance(next: RemittanceRecord, fromChunksDone: number) {
    const key = `${next.period}#${next.agentId}`;
    const stored = this.records.get(key);
    if (stored?.status !== 'importing' || stored.chunksDone !== fromChunksDone) return false;
    this.records.set(key, next);
    return true;
  }
}

/** The queues as lists the test drains by hand. */
export class MemoryBillingQueue implements BillingQueue {
  readonly runs: string[] = [];
  readonly statements: StatementMessage[] = [];
  readonly remittances: RemittanceMessage[] = [];

  async sendRun(runId: string) {
    this.runs.push(runId);
  }

  async sendRemittance(message: RemittanceMessage) {
    this.remittances.push(message);
  }

  async sendStatements(messages: readonly StatementMessage[]) {
    this.statements.push(...messages);
  }
}
