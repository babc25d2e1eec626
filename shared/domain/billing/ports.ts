import type { StatementBuild } from './build-state';
import type { TransferKind, TransferView } from '../ledger/types';
import type { BilledPartyKind, StatementKind } from './accounts';
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
  RunReconciliation,
  PartyFailure,
  RunRecord,
  RunStatus,
  StatementDocuments,
  StatementPageDocuments,
  StatementRecord,
} from './types';

/**
 * The ports billing needs, declared by billing. Each has an in-memory and a DynamoDB (or SQS)
 * implementation that pass one contract suite (test/contract/billing-*.ts).
 */

/** One line of an account's history as billing reads it: only what moved, and when. */
export interface HistoryEntry {
  readonly accountId: string;
  readonly transferId: string;
  readonly kind: TransferKind;
  /** The transfer's account on the other side (the history indexes project it). */
  readonly counterAccountId: string;
  /** The change of the account's posted balance (creditsPosted − debitsPosted); 0 for holds, voids, expiries. */
  readonly postedChangeMinor: number;
  readonly effectiveAtMs: number;
  readonly recordedAtMs: number;
}

export interface HistoryPage {
  readonly entries: readonly HistoryEntry[];
  readonly nextCursor?: string;
  /** Items read to answer (the bench reports them per statement). */
  readonly itemsRead: number;
}

/** The ledger reads of billing: history by recording time, transfers in batches. */
export interface LedgerHistory {
  /**
   * The account's entries recorded in [fromMs, toMs] (from its first entry when fromMs is
   * absent), page by page, in no particular order across shards. An account that does not
   * exist has none.
   */
  entriesRecorded(
    accountId: string,
    window: { readonly fromMs?: number; readonly toMs: number },
    page: { readonly limit: number; readonly cursor?: string },
  ): Promise<HistoryPage>;
  /** The transfers with these ids that exist, in any order. */
  transfers(ids: readonly string[]): Promise<{ readonly transfers: readonly TransferView[]; readonly itemsRead: number }>;
}

/** What a statement line says about what was bought. */
export interface ChargeDescription {
  readonly offerId?: string;
  readonly channelId?: string;
}

/** Looks up the purchases and reservations that ledger references name. */
export interface ChargeCatalog {
  describe(references: readonly string[]): Promise<ReadonlyMap<string, ChargeDescription>>;
}

export interface StatementListQuery {
  readonly partyId: string;
  readonly period?: string;
  /** The kinds the caller may see. */
  readonly kinds: readonly StatementKind[];
  readonly limit: number;
  /** A page stops before its statements' JSON would exceed this (it holds at least one). */
  readonly bytesMax: number;
  readonly cursor?: string;
}

/**
 * What billing one party needs of the statements: the stored one and the party's position,
 * and saving a new one. The statement worker is wired with this part only, so it does not
 * bundle reading documents back or listing statements.
 */
export interface StatementWriter {
  get(statementId: string): Promise<StatementRecord | undefined>;
  /**
   * A statement, its party's position and the statement's build (statement-build.ts) if one is
   * stored, together (one consistent read where the store can).
   */
  lookup(
    statementId: string,
    kind: BilledPartyKind,
    partyId: string,
    currency: string,
  ): Promise<{ readonly stored?: StatementRecord; readonly position?: PartyPosition; readonly build?: StatementBuild }>;
  /**
   * Stores a statement unless its id exists: the documents (a paged statement's pages too), then in one transaction the
   * record, the party's position (only forward) and the collection asked of the carrier.
   * Returns what is stored (another writer's statement when it won the race).
   */
  save(record: StatementRecord, documents: StatementDocuments, collection?: CollectionRecord): Promise<StatementRecord>;
  /** The build of a statement too large for one message (statement-build.ts), if one started; read consistently. */
  build(statementId: string): Promise<StatementBuild | undefined>;
  /**
   * Writes the build's next state if the stored one is still at step `fromStep` (none stored when
   * `fromStep` is undefined). False when another worker moved it first.
   */
  advanceBuild(next: StatementBuild, fromStep: number | undefined): Promise<boolean>;
  /** Stores a text of a build (a part of its index, a page's entries) under a name; the same name again overwrites it. */
  putBuildText(statementId: string, name: string, text: string): Promise<void>;
  buildText(statementId: string, name: string): Promise<string | undefined>;
  /**
   * Deletes a build's texts and then its record (nothing when there are none): once its
   * statement is stored, or it came to nothing to bill, none of them is read again.
   */
  dropBuild(statementId: string): Promise<void>;
  /**
   * Stores a page of a paged statement, keyed by the statement, its page size and the page (a
   * page's bytes are a pure function of the statement's window and page size, so every attempt
   * writes the same ones; the record's `pageLines` names the pages it was signed with).
   */
  putPage(statementId: string, pageLines: number, page: number, documents: StatementPageDocuments): Promise<void>;
}

/** Builds of statements built across messages (statement-build.ts) that stopped moving: what the run nudge reads. */
export interface StalledBuilds {
  /** At most `limit` builds of the period that last moved at or before `movedByMs`, the longest stalled first. */
  stalledBuilds(period: string, movedByMs: number, limit: number): Promise<readonly StatementBuild[]>;
}

export interface StatementStore extends StatementWriter {
  /** The served bytes of a stored statement. */
  document(record: StatementRecord, format: 'json' | 'csv'): Promise<string>;
  /** The served bytes of page `page` (1 to `record.pageCount`) of a stored paged statement. */
  page(record: StatementRecord, page: number, format: 'json' | 'csv'): Promise<string>;
  /** The party's last statement, read consistently. */
  position(kind: BilledPartyKind, partyId: string, currency: string): Promise<PartyPosition | undefined>;
  /** A party's statements, oldest period first; a cursor not from this query is INVALID_CURSOR. */
  listForParty(
    query: StatementListQuery,
  ): Promise<{ readonly records: readonly StatementRecord[]; readonly nextCursor?: string }>;
  /** The collections a period's bills asked of one carrier. */
  collections(
    period: string,
    agentId: string,
    page: { readonly limit: number; readonly cursor?: string },
  ): Promise<{ readonly records: readonly CollectionRecord[]; readonly nextCursor?: string }>;
}

/**
 * What recording a party's outcome and finishing a run need of the run store: the statement
 * worker is wired with this part only, so it does not bundle opening periods and runs.
 */
export interface RunProgress {
  calendar(): Promise<BillingCalendar | undefined>;
  period(period: string): Promise<PeriodRecord | undefined>;
  /** The period completed: marked so, and the calendar's last completed period moved forward (only). */
  completePeriod(period: string): Promise<void>;
  getRun(runId: string): Promise<RunRecord | undefined>;
  /** Records a party's outcome and counts it, once: false when it was recorded before. */
  recordOutcome(outcome: PartyOutcome): Promise<boolean>;
  outcomes(
    runId: string,
    page: { readonly limit: number; readonly cursor?: string },
  ): Promise<{ readonly outcomes: readonly PartyOutcome[]; readonly nextCursor?: string }>;
  /** running → completed | failed, once: false when it was not running any more. */
  finishRun(
    runId: string,
    finish: {
      readonly status: Exclude<RunStatus, 'running'>;
      readonly reconciliation: RunReconciliation;
      readonly failures: readonly PartyFailure[];
      readonly finishedAtMs: number;
    },
  ): Promise<boolean>;
}

export interface BillingRunStore extends RunProgress {
  /** Opens the calendar at its first period unless it is open; returns it as stored. */
  openCalendar(firstPeriod: string): Promise<BillingCalendar>;
  /** Creates the period unless it exists (its cut-off is fixed once); returns it as stored. */
  createPeriod(record: PeriodRecord): Promise<PeriodRecord>;
  setLatestRun(period: string, runId: string): Promise<void>;
  /** Creates the run unless its id exists; returns it as stored. */
  createRun(run: RunRecord): Promise<RunRecord>;
  /**
   * A period's runs, newest first (by when they started, then id), `limit` a page; a cursor not
   * handed out for this period is INVALID_CURSOR.
   */
  listRuns(
    period: string,
    page: { readonly limit: number; readonly cursor?: string },
  ): Promise<{ readonly records: readonly RunRecord[]; readonly nextCursor?: string }>;
  /** Moves the listing from `from` to `to` and adds `listed` to partiesTotal, if it is still at `from`. */
  advanceListing(runId: string, from: ListingState, to: ListingState, listed: number): Promise<boolean>;
}

/** A coordinator message names a run; a statement message one party of it. */
export interface StatementMessage {
  readonly runId: string;
  readonly kind: BilledPartyKind;
  readonly partyId: string;
  readonly currency: string;
}

/** A remittance import to go on with (on the billing-runs queue, next to the runs). */
export interface RemittanceMessage {
  readonly period: string;
  readonly agentId: string;
}

export interface BillingQueue {
  sendRun(runId: string): Promise<void>;
  /** The billing worker processes the import's next chunk. */
  sendRemittance(message: RemittanceMessage): Promise<void>;
  sendStatements(messages: readonly StatementMessage[]): Promise<void>;
}

/**
 * The activity index: which parties had money move in a month, so that a billing run lists
 * them page by page instead of scanning. One marker per (month, kind, party, currency),
 * written with idempotent puts wherever money moves.
 */
export interface ActivityMark {
  readonly period: string;
  readonly kind: BilledPartyKind;
  readonly partyId: string;
  readonly currency: string;
}

export interface ActivityPage {
  readonly marks: readonly ActivityMark[];
  readonly nextCursor?: string;
  readonly itemsRead: number;
}

export interface ActivityIndex {
  /** Idempotent: a marker that exists is simply there again. */
  mark(marks: readonly ActivityMark[]): Promise<void>;
  /** One page of one shard of a month's markers; `cursor` is what the previous page returned. */
  list(period: string, shard: number, page: { readonly limit: number; readonly cursor?: string }): Promise<ActivityPage>;
}

/**
 * One remittance import per period and carrier: a bounded summary item, its chunks of
 * differences waiting for the worker (at most `chunkSize` each), and its differences one item
 * each once their chunk is done.
 */
export interface RemittanceStore {
  get(period: string, agentId: string): Promise<RemittanceRecord | undefined>;
  /** Creates the import unless one exists for the period and carrier; returns what is stored and whether this call created it. */
  begin(record: RemittanceRecord): Promise<{ readonly record: RemittanceRecord; readonly created: boolean }>;
  /** Stores a chunk of differences to process (idempotent: the same chunk again is the same item). */
  putChunk(period: string, agentId: string, index: number, differences: readonly RemittanceDifference[]): Promise<void>;
  /** A chunk put before, or undefined. */
  chunk(period: string, agentId: string, index: number): Promise<readonly RemittanceDifference[] | undefined>;
  /** Stores settled differences, one item each (idempotent puts: a chunk done again writes the same items). */
  putDifferences(period: string, agentId: string, differences: readonly RemittanceDifferenceRecord[]): Promise<void>;
  /** The differences in `seq` order after `afterSeq`, at most `limit`. */
  differences(
    period: string,
    agentId: string,
    page: { readonly limit: number; readonly afterSeq?: number },
  ): Promise<{ readonly records: readonly RemittanceDifferenceRecord[]; readonly more: boolean }>;
  /**
   * Moves the import past one chunk: writes `next` only if the stored import is still importing
   * with `chunksDone` equal to `fromChunksDone`. True when this call moved it; false when another
   * worker did first (the chunk is counted once).
   */
  advance(next: RemittanceRecord, fromChunksDone: number): Promise<boolean>;
}
