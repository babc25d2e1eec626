import type { PayoutLeg } from './payout-split';
import type { TransferKind } from '../ledger/types';
import type { Period } from './period';
import type { StatementMessage } from './ports';
import type {
  PagedStatementBody,
  ReconciliationFigures,
  SettlementWithheldReason,
  StatementBody,
  StatementPageDocuments,
  StatementPageRef,
  StatementSettlement,
} from './types';

/**
 * A statement built across messages (statement-build.ts): what its steps have done so far,
 * stored as one item next to the statement (`STATEMENT#<id>` / `BUILD`) and moved forward one
 * step at a time, each write conditional on the step it read (a twin that did the same step
 * first wins; the loser stops).
 */
export interface StatementBuild {
  readonly statementId: string;
  /** Steps done: 0 when the build is created, one more per step. */
  readonly step: number;
  /** The statement's period and party: what a continuation names besides the run (the run nudge resends one). */
  readonly period: string;
  readonly party: Pick<StatementMessage, 'kind' | 'partyId' | 'currency'>;
  /** When the build last moved (the clock's time of its last write): one that stopped moving is nudged. */
  readonly movedAtMs: number;
  /** The lines of a page, fixed when the build starts (a setting changed meanwhile does not move its pages). */
  readonly pageLines: number;
  /** The party's previous statement, as the first step read it (it cannot move before this statement is stored). */
  readonly previous?: {
    readonly periodEndMs: number;
    readonly asOfMs: number;
    readonly closingBalances: Readonly<Record<string, number>>;
  };
  /** For a first statement: the previous period's cut-off (absent when this period opened the calendar). */
  readonly previousPeriodAsOfMs?: number;
  readonly phase: 'scan' | 'sort' | 'pages';
  /** Where the scan of the window stands: the account (index into the statement's accounts) and its history cursor. */
  readonly scan: { readonly account: number; readonly cursor?: string; readonly parts: number; readonly entries: number };
  /** Each account's opening balance so far (the previous closing, plus a first statement's earlier history). */
  readonly openingBalances: Readonly<Record<string, number>>;
  /** The sum of the magnitudes of the amounts on the statement's lines so far (a decimal integer). */
  readonly magnitude: string;
  /** Ledger items read by every step so far. */
  readonly itemsRead: number;
  /** Set by the sort: the pages that hold movement lines (or the prefix), and the lines before the movement lines. */
  readonly layout?: { readonly unitPages: number; readonly prefixLines: number };
  /** Pages built and stored so far (their refs, in order), and what their lines add up to. */
  readonly pages: readonly StatementPageRef[];
  readonly lineCount: number;
  readonly movedMinor: number;
  readonly totals?: StatementBody['totals'];
  readonly reconciliation?: ReconciliationFigures;
}

/**
 * One entry of a statement's index: what sorting and grouping need, and what a page needs to
 * rebuild the entry (its transfer is read again by that page). Stored as a tuple to keep the
 * index small: [transferId, accountId, kind, counterAccountId, postedChangeMinor, effectiveAtMs,
 * recordedAtMs, billedAtMs, lineKey, reversesTransferId or ''].
 */
export type IndexEntry = readonly [
  transferId: string,
  accountId: string,
  kind: TransferKind,
  counterAccountId: string,
  postedChangeMinor: number,
  effectiveAtMs: number,
  recordedAtMs: number,
  billedAtMs: number,
  lineKey: string,
  reversesTransferId: string,
];

/** The entries of one page's lines, line by line in order, and the reversed transfers the statement holds. */
export interface PageUnits {
  readonly units: readonly (readonly IndexEntry[])[];
  readonly reversedOnStatement: readonly string[];
}

/** What every step of a build knows: the statement, its party and period, the accounts it states. */
export interface BuildContext {
  readonly statementId: string;
  readonly message: StatementMessage;
  readonly period: Period;
  readonly asOfMs: number;
  readonly accountIds: readonly string[];
  /** The ledger refused the payout or collection: the last step, done again, withholds it. */
  readonly withheld?: SettlementWithheldReason;
  /** The payout was paid in legs (payout-split.ts): the last step, done again, makes a line each. */
  readonly payoutLegs?: readonly PayoutLeg[];
}

/** The statement the last step ended: the caller posts its settlement, stores its last pages, signs and stores it. */
export interface FinishedStatement {
  /** A statement of at most one page: whole, as a one-message build makes it. */
  readonly body?: StatementBody;
  /** A paged statement's document and CSV, and its pages not stored yet (the last one or two). */
  readonly paged?: {
    readonly document: PagedStatementBody;
    readonly csv: string;
    readonly lastPages: readonly { readonly page: number; readonly documents: StatementPageDocuments }[];
    readonly pageLines: number;
  };
  readonly lineCount: number;
  readonly settlement?: StatementSettlement;
  readonly closingBalances: Readonly<Record<string, number>>;
  readonly reconciliation: ReconciliationFigures;
  readonly itemsRead: number;
}

export type StepOutcome =
  | { readonly outcome: 'continued' }
  | { readonly outcome: 'elsewhere' }
  | { readonly outcome: 'nothing'; readonly itemsRead: number }
  | { readonly outcome: 'finished'; readonly statement: FinishedStatement };
