import type { PaymentRoute } from '../payments/route';
import type { BilledPartyKind, StatementKind } from './accounts';

/** Statements, runs and what billing stores: a served statement is its body and `token`, the rest kippu's own bookkeeping. */

/** Customer bill lines; `amountMinor` is what the line adds to the bill (a refund is negative). */
export type CustomerLineKind = 'charge' | 'refund' | 'adjustment' | 'balance_forward' | 'collection';

export interface CustomerLine {
  readonly date: string;
  readonly kind: CustomerLineKind;
  readonly reference?: string;
  readonly providerId?: string;
  readonly offerId?: string;
  readonly channelId?: string;
  readonly route?: PaymentRoute;
  readonly amountMinor: number;
  readonly transferId?: string;
}

export interface CustomerTotals {
  readonly chargesMinor: number;
  readonly refundsMinor: number;
  readonly totalMinor: number;
  readonly byRoute: { readonly carrier: number; readonly wallet: number };
}

/** Provider statement lines; every amount is its effect on the provider's balance (fees negative on a sale). */
export type ProviderLineKind = 'sale' | 'refund' | 'adjustment' | 'payout';

export interface ProviderLine {
  readonly date: string;
  readonly kind: ProviderLineKind;
  readonly reference?: string;
  readonly offerId?: string;
  readonly channelId?: string;
  readonly route?: PaymentRoute;
  readonly grossMinor: number;
  readonly platformFeeMinor: number;
  readonly carrierFeeMinor: number;
  readonly netMinor: number;
  /**
   * Money that relates to an earlier statement: a transfer with `b < start` (a late correction)
   * or one reversing a transfer not on this statement (a refund after payout, an operator's
   * reversal of an earlier statement's transfer). docs/billing.md, "Provider statement".
   */
  readonly carriedForward: boolean;
  readonly transferIds: readonly string[];
}

export interface ProviderTotals {
  readonly grossMinor: number;
  readonly platformFeesMinor: number;
  readonly carrierFeesMinor: number;
  readonly refundsMinor: number;
  readonly adjustmentsMinor: number;
  readonly netPayoutMinor: number;
  readonly openingBalanceMinor: number;
  readonly closingBalanceMinor: number;
}

/**
 * Agent statement lines; `amountMinor` is the line's effect on the agent's fee balance (a fee
 * is positive, its reversal and the payout negative). docs/billing.md, "Agent statement".
 */
export type AgentLineKind = 'carrier_fee' | 'carrier_fee_refund' | 'topup_fee' | 'topup_fee_reversal' | 'adjustment' | 'payout';

export interface AgentLine {
  readonly date: string;
  readonly kind: AgentLineKind;
  readonly reference?: string;
  readonly offerId?: string;
  readonly channelId?: string;
  readonly amountMinor: number;
  /** As on a provider statement: `b < start`, or a reversal of a transfer not on this statement. */
  readonly carriedForward: boolean;
  readonly transferId: string;
}

export interface AgentTotals {
  readonly carrierFeesMinor: number;
  readonly carrierFeeRefundsMinor: number;
  readonly topUpFeesMinor: number;
  readonly adjustmentsMinor: number;
  readonly netPayoutMinor: number;
  readonly openingBalanceMinor: number;
  readonly closingBalanceMinor: number;
}

interface StatementHead {
  readonly id: string;
  readonly partyId: string;
  readonly period: string;
  readonly currency: string;
}

/** A payout or collection the ledger refused (`reason`), so billing withheld it: carried forward (docs/billing.md). */
export type SettlementWithheldReason = 'BALANCE_OVERFLOW';
export type SettlementWithheld = { readonly reason: SettlementWithheldReason; readonly amountMinor: number };

export type CustomerBill = StatementHead & {
  readonly kind: 'customer_bill';
  readonly totals: CustomerTotals;
  readonly lines: readonly CustomerLine[];
  readonly collectionWithheld?: SettlementWithheld;
};

export type ProviderStatement = StatementHead & {
  readonly kind: 'provider_statement';
  readonly totals: ProviderTotals;
  readonly lines: readonly ProviderLine[];
  readonly payoutWithheld?: SettlementWithheld;
};

export type AgentStatement = StatementHead & {
  readonly kind: 'agent_statement';
  readonly totals: AgentTotals;
  readonly lines: readonly AgentLine[];
  readonly payoutWithheld?: SettlementWithheld;
};

/** A statement without its token: what the `sha256` claim is the digest of (in canonical JSON). */
export type StatementBody = CustomerBill | ProviderStatement | AgentStatement;

/** One page of a paged statement, as its document lists it: the digests of the page's canonical JSON and CSV. */
export interface StatementPageRef {
  readonly page: number;
  readonly lineCount: number;
  readonly sha256: string;
  readonly csvSha256: string;
}

/**
 * A paged statement's document (without its token): the statement's head and totals, its
 * `lineCount`, and instead of `lines` its `pages` (docs/billing.md, "Paged statements").
 */
export type PagedStatementBody = StatementBody extends infer Body
  ? Body extends StatementBody
    ? Omit<Body, 'lines'> & { readonly lineCount: number; readonly pages: readonly StatementPageRef[] }
    : never
  : never;

/** One page of a paged statement: `{ statementId, page, lines }`, canonical JSON like the statement. */
export interface StatementPage {
  readonly statementId: string;
  readonly page: number;
  readonly lines: StatementBody['lines'];
}

/** What the statement posted to settle it: a provider's or agent's payout, or a carrier's collection. */
export interface StatementSettlement {
  readonly kind: 'payout' | 'collection';
  readonly transferId: string;
  readonly amountMinor: number;
  /** The carrier that collects (collections only). */
  readonly agentId?: string;
  /** A payout above one shard's bound, paid in linked legs adding up to it (payout-split.ts; `transferId` is the first's). */
  readonly legs?: readonly { readonly transferId: string; readonly amountMinor: number }[];
}

/** One side's figures for the run's reconciliation (see reconcile.ts). */
export interface ReconciliationFigures {
  readonly currency: string;
  readonly side: BilledPartyKind;
  readonly salesMinor: number;
  readonly salesFingerprint: string;
  readonly refundsMinor: number;
  readonly refundsFingerprint: string;
  /**
   * What the platform fee account moved against the provider's revenue account on this
   * statement: the net fee legs (carried-forward lines included) and any operator's transfer
   * between the two (an adjustment line); 0 on bills and agent statements.
   */
  readonly platformFeesMinor: number;
  /**
   * The carriers' fee legs of sales and their refunds' reversals on this statement: the agent's
   * side (its fee account credited, net) and the provider's (the revenue account debited, net,
   * as a positive amount), with a fingerprint of the (transfer, |amount|) pairs. Absent on bills
   * (and on statements stored before agents had statements: read as 0).
   */
  readonly carrierFeesMinor?: number;
  readonly carrierFeesFingerprint?: string;
}

/** A stored statement: the header of what is served, plus kippu's bookkeeping. */
export interface StatementRecord {
  readonly id: string;
  readonly partyId: string;
  readonly period: string;
  readonly kind: StatementKind;
  readonly currency: string;
  readonly token: string;
  readonly sha256: string;
  readonly csvSha256: string;
  /** Byte lengths of the served JSON (token included) and CSV. */
  readonly jsonBytes: number;
  readonly csvBytes: number;
  readonly lineCount: number;
  /** A paged statement's number of pages (absent: the statement is whole, its lines in its document). */
  readonly pageCount?: number;
  /** A paged statement's page size: its pages are stored under it. */
  readonly pageLines?: number;
  /** The period's cut-off the statement was computed with. */
  readonly asOfMs: number;
  readonly periodEndMs: number;
  /** The closing posted balance of every account the statement reads (after its settlement). */
  readonly closingBalances: Readonly<Record<string, number>>;
  readonly settlement?: StatementSettlement;
  readonly reconciliation: ReconciliationFigures;
  readonly createdAtMs: number;
}

/** A page's served documents: its canonical JSON and its CSV. */
export interface StatementPageDocuments {
  readonly json: string;
  readonly csv: string;
}

/** The served documents: the JSON with its token (canonical) and the CSV; a paged statement's pages, in order. */
export interface StatementDocuments {
  readonly json: string;
  readonly csv: string;
  readonly pages?: readonly StatementPageDocuments[];
}

/** Where a party's statements stand: its last statement. */
export interface PartyPosition {
  readonly kind: BilledPartyKind;
  readonly partyId: string;
  readonly currency: string;
  readonly period: string;
  readonly statementId: string;
  readonly periodEndMs: number;
  readonly asOfMs: number;
  readonly closingBalances: Readonly<Record<string, number>>;
}

/** What a carrier is asked to collect for one bill (the remittance import compares with it). */
export interface CollectionRecord {
  readonly period: string;
  readonly agentId: string;
  readonly customerId: string;
  readonly currency: string;
  readonly statementId: string;
  readonly amountMinor: number;
}

export type RunStatus = 'running' | 'completed' | 'failed';

export interface RunProgress {
  readonly partiesTotal: number;
  readonly partiesDone: number;
  readonly partiesFailed: number;
}

export interface PartyFailure {
  readonly kind: BilledPartyKind;
  readonly partyId: string;
  readonly currency: string;
  readonly code: string;
  readonly detail: string;
}

/** Per currency: the figures compared and whether they agreed. */
export interface CurrencyReconciliation {
  readonly currency: string;
  readonly customerChargesMinor: number;
  readonly providerGrossMinor: number;
  readonly customerRefundsMinor: number;
  readonly providerRefundsMinor: number;
  readonly salesMatch: boolean;
  readonly refundsMatch: boolean;
  readonly statementPlatformFeesMinor: number;
  readonly ledgerPlatformFeesMinor: number;
  readonly platformFeesMatch: boolean;
  /** The carrier fee legs on provider statements against those on agent statements (sum and fingerprint). */
  readonly providerCarrierFeesMinor: number;
  readonly agentCarrierFeesMinor: number;
  readonly carrierFeesMatch: boolean;
}

export interface RunReconciliation {
  readonly ok: boolean;
  readonly currencies: readonly CurrencyReconciliation[];
  readonly mismatches: readonly string[];
}

/** Where the coordinator's listing stands: the shard and its page cursor, or done. */
export interface ListingState {
  readonly shard: number;
  readonly cursor?: string;
  readonly complete: boolean;
  /** Bumped by every page, so that two coordinators never both count one page. */
  readonly version: number;
}

export interface RunRecord {
  readonly id: string;
  readonly period: string;
  readonly status: RunStatus;
  readonly progress: RunProgress;
  readonly trigger: 'operator' | 'schedule';
  readonly requestedBy: string;
  readonly asOfMs: number;
  readonly listing: ListingState;
  readonly createdAtMs: number;
  readonly finishedAtMs?: number;
  readonly reconciliation?: RunReconciliation;
  readonly failures?: readonly PartyFailure[];
}

/** A party's outcome in a run, recorded once. */
export interface PartyOutcome {
  readonly runId: string;
  readonly kind: BilledPartyKind;
  readonly partyId: string;
  readonly currency: string;
  readonly result: 'done' | 'failed';
  readonly statementId?: string;
  readonly reconciliation?: ReconciliationFigures;
  readonly failure?: PartyFailure;
}

/** A billing period: its cut-off, fixed by its first run. */
export interface PeriodRecord {
  readonly period: string;
  readonly asOfMs: number;
  readonly firstRunId: string;
  readonly latestRunId: string;
  readonly completed: boolean;
}

/** The order in which periods are billed. */
export interface BillingCalendar {
  readonly firstPeriod: string;
  readonly lastCompletedPeriod?: string;
}

/** What became of one customer's remittance difference (remittance.ts). */
export type DifferenceOutcome = 'within_tolerance' | 'adjusted' | 'refused';

export interface RemittanceDifference {
  readonly customerId: string;
  readonly currency: string;
  readonly billedMinor: number;
  readonly remittedMinor: number;
  /** remitted − billed: negative when the carrier collected less than the bill asked. */
  readonly differenceMinor: number;
  readonly outcome: DifferenceOutcome;
  readonly transferId?: string;
  /** Why the ledger refused the adjustment (e.g. EXCEEDS_CREDITS: the customer's credit limit). */
  readonly refusal?: string;
}

/**
 * A remittance import's adjustments in one currency so far: shortfalls (owed again by the customers, credited to the
 * carrier's cash) and surpluses (credited to the customers); each sum moved the carrier's cash, so the ledger bounds it.
 */
export interface RemittanceTotal {
  readonly currency: string;
  readonly shortfallMinor: number;
  readonly surplusMinor: number;
}

/**
 * A carrier's remittance import for a billed period: a bounded summary. The differences are
 * items of their own (`RemittanceDifferenceRecord`), posted by the billing worker chunk after
 * chunk; the import counts them and totals them per currency.
 */
export interface RemittanceRecord {
  readonly id: string;
  readonly runId: string;
  readonly period: string;
  readonly agentId: string;
  readonly csvSha256: string;
  readonly toleranceMinor: number;
  readonly status: 'importing' | 'completed';
  readonly rows: number;
  readonly matched: number;
  /** The differences found (each one an item once its chunk is done). */
  readonly differenceCount: number;
  /** At most this many differences per chunk (KIPPU_BILLING_REMITTANCE_CHUNK_SIZE when the import began). */
  readonly chunkSize: number;
  /** ceil(differenceCount / chunkSize): the chunks the worker processes, in order. */
  readonly chunks: number;
  readonly chunksDone: number;
  readonly withinTolerance: number;
  readonly adjusted: number;
  readonly refused: number;
  /** One per currency billed or reported, in currency order. */
  readonly totals: readonly RemittanceTotal[];
  readonly createdAtMs: number;
  readonly completedAtMs?: number;
}

/** One difference of an import, as stored once its chunk is done: `seq` is its place in the import (by customer and currency). */
export interface RemittanceDifferenceRecord extends RemittanceDifference {
  readonly seq: number;
}
