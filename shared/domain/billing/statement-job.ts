import { assert } from '../../errors';
import { BILLING_STATEMENT_PAGE_LINES_DEFAULT } from '../../limits';
import { agentFeeAccountId, customerCarrierAccountId, providerRevenueAccountId } from '../parties/accounts';
import { billedAccountsOf } from './accounts';
import { buildAgentStatement, type BuiltAgentStatement } from './agent-statement';
import { buildCustomerBill, type BuiltCustomerBill } from './customer-bill';
import type { BillingDeps } from './deps';
import { signDocument, signStatement, type SignedStatement } from './documents';
import { statementIdFor } from './ids';
import { parsePeriod, type Period } from './period';
import type { ActivityIndex, ChargeDescription, RunProgress, StatementMessage, StatementWriter } from './ports';
import { rememberedPreviousPeriodAsOf } from './cut-off';
import { buildProviderStatement, type BuiltProviderStatement } from './provider-statement';
import type {
  PartyPosition,
  ReconciliationFigures,
  RunRecord,
  SettlementWithheldReason,
  StatementRecord,
  StatementSettlement,
} from './types';
import { carriedDue, postOrWithhold } from './statement-settle';
import type { PayoutLeg } from './payout-split';
import { startBuild, stepBuild, stepEntriesOf } from './statement-build';
import type { BuildContext, FinishedStatement, StatementBuild } from './build-state';
import { readWindow, type LedgerWindow } from './window';
import { collectionOf, movedInWindow, openingOf, opensWithMoney } from './party-window';

export type StatementJobDeps = Pick<
  BillingDeps,
  | 'history'
  | 'ledger'
  | 'catalog'
  | 'parties'
  | 'signer'
  | 'issuer'
  | 'clock'
  | 'logger'
  | 'metrics'
  | 'payoutMinimumMinor'
  | 'statementPageLines'
> & {
  readonly statements: StatementWriter;
  readonly runs: Pick<RunProgress, 'calendar' | 'period'>;
  readonly activity: Pick<ActivityIndex, 'mark'>;
};

/** What billing one party came to: its statement, or nothing to bill (no movement, or billed past this period). */
export interface PartyBilled {
  readonly statementId?: string;
  readonly reconciliation?: ReconciliationFigures;
  /** Ledger items read to compute it (0 when the statement was stored already). */
  readonly itemsRead: number;
  /**
   * A statement built across messages (statement-build.ts) is not finished yet: this message
   * moved it one step and its next step is to be sent (`continue`), or another worker moved it
   * first and carries on (`elsewhere`).
   */
  readonly building?: 'continue' | 'elsewhere';
}

type Built = BuiltCustomerBill | BuiltProviderStatement | BuiltAgentStatement;

const referencesOf = (window: LedgerWindow): string[] => [
  ...new Set(window.entries.flatMap((entry) => (entry.transfer.reference === undefined ? [] : [entry.transfer.reference]))),
];

/** What a one-message build reads: the whole window (statement-build.ts builds larger ones in steps). */
interface WindowContext {
  readonly statementId: string;
  readonly period: Period;
  readonly asOfMs: number;
  readonly window: LedgerWindow;
  readonly catalog: ReadonlyMap<string, ChargeDescription>;
  readonly withheld?: SettlementWithheldReason;
  readonly payoutLegs?: readonly PayoutLeg[];
}

const build = (deps: StatementJobDeps, message: StatementMessage, context: WindowContext): Built => {
  const { catalog } = context;
  const common = {
    statementId: context.statementId,
    period: context.period,
    currency: message.currency,
    asOfMs: context.asOfMs,
    ...(context.withheld === undefined ? {} : { withheld: context.withheld }),
    ...(context.payoutLegs === undefined ? {} : { payoutLegs: context.payoutLegs }),
  };
  switch (message.kind) {
    case 'customer':
      return buildCustomerBill({
        ...common,
        customerId: message.partyId,
        carrierAccountId: customerCarrierAccountId(message.partyId, message.currency),
        window: context.window,
        catalog,
      });
    case 'provider':
      return buildProviderStatement({
        ...common,
        providerId: message.partyId,
        revenueAccountId: providerRevenueAccountId(message.partyId, message.currency),
        window: context.window,
        catalog,
        payoutMinimumMinor: deps.payoutMinimumMinor,
      });
    case 'agent':
      return buildAgentStatement({
        ...common,
        agentId: message.partyId,
        feeAccountId: agentFeeAccountId(message.partyId, message.currency),
        window: context.window,
        catalog,
        payoutMinimumMinor: deps.payoutMinimumMinor,
      });
  }
};

const accountsOf = (message: StatementMessage): readonly string[] =>
  billedAccountsOf(message.kind, message.partyId, message.currency);

/**
 * Bill one party for a run's period.
 *
 * Flow (every step idempotent; a crash anywhere is finished by a redelivery or a rerun):
 *  1. The statement is stored already → it is the answer: nothing is read, posted or signed.
 *  2. The party's position: its previous statement. One for this period or later means there
 *     is nothing to bill here (a rerun of an old period for a party billed since).
 *  3. Read the ledger window (window.ts); a first statement splits what came before the period
 *     at the previous period's cut-off (opening balance, or carried-forward lines). Nothing
 *     moved (for a customer: nothing that is a bill line), and no first statement's opening
 *     money → nothing to bill; the position stays where it was.
 *  4. Build the statement (lines, totals, the settlement amount; pure).
 *  5. Post the payout or collection (derived id; a retry is `exists`); one the ledger refuses with
 *     BALANCE_OVERFLOW is withheld (`settle`): the statement is built again without it.
 *  6. Build the documents and sign them (iat = the period's cut-off); a statement of more lines
 *     than a page is paged (pages.ts): its document lists the pages, stored with it.
 *  7. Store: the documents, then the record with the party's position and the collection, in
 *     one conditional write. A concurrent twin that stored first wins; its statement is the answer.
 */
export const billParty = async (deps: StatementJobDeps, run: RunRecord, message: StatementMessage): Promise<PartyBilled> => {
  const period = parsePeriod(run.period);
  const statementId = statementIdFor(period.id, message.kind, message.partyId, message.currency);
  const lookedUp = await deps.statements.lookup(statementId, message.kind, message.partyId, message.currency);
  const { stored, position, build: inProgress } = lookedUp;
  if (stored !== undefined) {
    // Built in steps, and its last step died after storing it, before dropping the build: drop it now.
    if (inProgress !== undefined) await deps.statements.dropBuild(statementId);
    return { statementId, reconciliation: stored.reconciliation, itemsRead: 0 };
  }
  if (position !== undefined && position.period >= period.id) {
    const raced = await deps.statements.get(statementId);
    return raced === undefined ? { itemsRead: 0 } : { statementId, reconciliation: raced.reconciliation, itemsRead: 0 };
  }
  const context: BuildContext = { statementId, message, period, asOfMs: run.asOfMs, accountIds: accountsOf(message) };
  if (inProgress !== undefined) return continueBuild(deps, run, context, inProgress);
  const calendarPrevious = position === undefined ? await rememberedPreviousPeriodAsOf(deps.runs, run.id, period) : undefined;
  const previous =
    position === undefined
      ? undefined
      : { periodEndMs: position.periodEndMs, asOfMs: position.asOfMs, closingBalances: position.closingBalances };
  const window = await readWindow(
    deps.history,
    {
      accountIds: context.accountIds,
      period,
      asOfMs: run.asOfMs,
      ...(previous === undefined ? {} : { previous }),
      ...(calendarPrevious === undefined ? {} : { previousPeriodAsOfMs: calendarPrevious.asOfMs }),
    },
    stepEntriesOf(deps),
  );
  if (window === undefined) {
    // More entries than one message reads: built in steps, one message each. No build was read:
    // none started yet, or a twin's last step stored the statement and dropped the build between
    // the reads of the lookup (it stores before it drops, so the statement is there to read now).
    const finishedElsewhere = await deps.statements.get(statementId);
    if (finishedElsewhere !== undefined) {
      return { statementId, reconciliation: finishedElsewhere.reconciliation, itemsRead: 0 };
    }
    const started = await startBuild(deps, context, {
      ...(previous === undefined ? {} : { previous }),
      ...(calendarPrevious === undefined ? {} : { previousPeriodAsOfMs: calendarPrevious.asOfMs }),
    });
    return { itemsRead: 0, building: started ? 'continue' : 'elsewhere' };
  }
  const carried =
    position === undefined
      ? opensWithMoney(message, window)
      : carriedDue(message.kind, openingOf(message, window), deps.payoutMinimumMinor);
  if (!movedInWindow(message, window) && !carried) return { itemsRead: window.itemsRead };
  const whole: WindowContext = {
    statementId,
    period,
    asOfMs: run.asOfMs,
    window,
    catalog: await deps.catalog.describe(referencesOf(window)),
  };
  const first = build(deps, message, whole);
  const { posted: settlement, withheld } = await postOrWithhold(deps, message, { id: statementId, period }, first.settlement);
  // Withheld: built again without the payout or collection; paid in legs: with a payout line per leg.
  const again =
    withheld === undefined ? (settlement?.legs === undefined ? undefined : { payoutLegs: settlement.legs }) : { withheld };
  const built = again === undefined ? first : build(deps, message, { ...whole, ...again });
  assert(withheld === undefined || built.settlement === undefined, 'a statement whose settlement was withheld posts none');
  const signed = await signStatement(deps.signer, {
    issuer: deps.issuer,
    body: built.body,
    asOfMs: run.asOfMs,
    ...(deps.statementPageLines === undefined ? {} : { pageLines: deps.statementPageLines }),
  });
  const saved = await store(deps, run, context, {
    signed,
    kind: built.body.kind,
    lineCount: built.body.lines.length,
    closingBalances: built.closingBalances,
    reconciliation: built.reconciliation,
    ...(settlement === undefined ? {} : { settlement }),
  });
  return { statementId, reconciliation: saved.reconciliation, itemsRead: window.itemsRead };
};

/**
 * The last step done again with its payout or collection withheld, or with its payout's legs (it
 * stored nothing yet: its last pages are stored by the caller).
 */
const finishAgain = async (
  deps: StatementJobDeps,
  context: BuildContext,
  build: StatementBuild,
  change: Pick<BuildContext, 'withheld' | 'payoutLegs'>,
): Promise<FinishedStatement> => {
  const again = await stepBuild(deps, { ...context, ...change }, build);
  assert(
    again.outcome === 'finished' && (change.withheld === undefined || again.statement.settlement === undefined),
    'a statement whose settlement was withheld posts none',
  );
  return again.statement;
};

/** One step of a statement built across messages; the last one posts, signs and stores it as billParty does. */
const continueBuild = async (
  deps: StatementJobDeps,
  run: RunRecord,
  context: BuildContext,
  build: StatementBuild,
): Promise<PartyBilled> => {
  const stepped = await stepBuild(deps, context, build);
  switch (stepped.outcome) {
    case 'continued':
      return { itemsRead: 0, building: 'continue' };
    case 'elsewhere':
      // Another worker moved the build, or finished it and dropped it: then what this late step
      // wrote after the drop (an index part, a page's entries) is dropped too.
      if ((await deps.statements.build(context.statementId)) === undefined) await deps.statements.dropBuild(context.statementId);
      return { itemsRead: 0, building: 'elsewhere' };
    case 'nothing':
      await deps.statements.dropBuild(context.statementId);
      return { itemsRead: stepped.itemsRead };
    case 'finished':
      break;
  }
  const { message, statementId, period } = context;
  const { posted: settlement, withheld } = await postOrWithhold(
    deps,
    message,
    { id: statementId, period },
    stepped.statement.settlement,
  );
  const legs = settlement?.legs;
  const finished: FinishedStatement =
    withheld !== undefined
      ? await finishAgain(deps, context, build, { withheld })
      : legs !== undefined
        ? await finishAgain(deps, context, build, { payoutLegs: legs })
        : stepped.statement;
  let signed: SignedStatement;
  let kind: StatementRecord['kind'];
  if (finished.paged === undefined) {
    assert(finished.body !== undefined, 'a finished statement is whole or paged');
    kind = finished.body.kind;
    signed = await signStatement(deps.signer, {
      issuer: deps.issuer,
      body: finished.body,
      asOfMs: run.asOfMs,
      ...(deps.statementPageLines === undefined ? {} : { pageLines: deps.statementPageLines }),
    });
  } else {
    const { document, csv, lastPages } = finished.paged;
    for (const { page, documents } of lastPages) {
      await deps.statements.putPage(statementId, finished.paged.pageLines, page, documents);
    }
    kind = document.kind;
    signed = await signDocument(deps.signer, { issuer: deps.issuer, document, csv, asOfMs: run.asOfMs });
    signed = { ...signed, pages: [] };
  }
  const saved = await store(deps, run, context, {
    signed,
    kind,
    lineCount: finished.lineCount,
    ...(finished.paged === undefined
      ? {}
      : { pageCount: finished.paged.document.pages.length, pageLines: finished.paged.pageLines }),
    closingBalances: finished.closingBalances,
    reconciliation: finished.reconciliation,
    ...(settlement === undefined ? {} : { settlement }),
  });
  // Stored (by this step or a twin's): the build's record and texts are read no more.
  await deps.statements.dropBuild(statementId);
  return { statementId, reconciliation: saved.reconciliation, itemsRead: finished.itemsRead };
};

/**
 * Stores a signed statement: its documents (a paged one's pages), then the record with the
 * party's position and the collection, in one conditional write. A concurrent twin that stored
 * first wins; its statement is the answer.
 */
const store = async (
  deps: StatementJobDeps,
  run: RunRecord,
  context: BuildContext,
  statement: {
    readonly signed: SignedStatement;
    readonly kind: StatementRecord['kind'];
    readonly lineCount: number;
    readonly pageCount?: number;
    readonly pageLines?: number;
    readonly closingBalances: Readonly<Record<string, number>>;
    readonly reconciliation: ReconciliationFigures;
    readonly settlement?: StatementSettlement;
  },
): Promise<StatementRecord> => {
  const { signed, settlement } = statement;
  const { message, statementId, period } = context;
  const pageCount = statement.pageCount ?? signed.pages?.length;
  const record: StatementRecord = {
    id: statementId,
    partyId: message.partyId,
    period: period.id,
    kind: statement.kind,
    currency: message.currency,
    token: signed.token,
    sha256: signed.sha256,
    csvSha256: signed.csvSha256,
    jsonBytes: Buffer.byteLength(signed.json, 'utf8'),
    csvBytes: Buffer.byteLength(signed.csv, 'utf8'),
    lineCount: statement.lineCount,
    ...(pageCount === undefined
      ? {}
      : { pageCount, pageLines: statement.pageLines ?? deps.statementPageLines ?? BILLING_STATEMENT_PAGE_LINES_DEFAULT }),
    asOfMs: run.asOfMs,
    periodEndMs: period.endMs,
    closingBalances: statement.closingBalances,
    ...(settlement === undefined ? {} : { settlement }),
    reconciliation: statement.reconciliation,
    createdAtMs: deps.clock.now(),
  };
  return deps.statements.save(
    record,
    {
      json: signed.json,
      csv: signed.csv,
      ...(signed.pages === undefined || signed.pages.length === 0 ? {} : { pages: signed.pages }),
    },
    collectionOf(run, message, statementId, settlement),
  );
};

/** The position a stored statement leaves its party in. */
export const positionOf = (record: StatementRecord, kind: StatementMessage['kind']): PartyPosition => ({
  kind,
  partyId: record.partyId,
  currency: record.currency,
  period: record.period,
  statementId: record.id,
  periodEndMs: record.periodEndMs,
  asOfMs: record.asOfMs,
  closingBalances: record.closingBalances,
});
