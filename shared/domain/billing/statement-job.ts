import { assert, DomainError, isDomainError } from '../../errors';
import { errorFields } from '../../logger';
import { agentFeeAccountId, customerCarrierAccountId, providerRevenueAccountId, agentCashAccountId } from '../parties/accounts';
import { createTransfer } from '../ledger/one-transfer';
import { billedAccountsOf, providerPayoutsAccount } from './accounts';
import { buildAgentStatement, type BuiltAgentStatement } from './agent-statement';
import { buildCustomerBill, makesBillLine, type BuiltCustomerBill } from './customer-bill';
import type { BillingDeps } from './deps';
import { signStatement } from './documents';
import { statementIdFor } from './ids';
import { parsePeriod, type Period } from './period';
import type { ChargeDescription, RunProgress, StatementMessage, StatementWriter } from './ports';
import { rememberedPreviousPeriodAsOf } from './cut-off';
import { buildProviderStatement, type BuiltProviderStatement } from './provider-statement';
import type {
  CollectionRecord,
  PartyPosition,
  ReconciliationFigures,
  RunRecord,
  SettlementWithheldReason,
  StatementRecord,
  StatementSettlement,
} from './types';
import { BILLING_CODES, readWindow, type LedgerWindow } from './window';

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
};

/** What billing one party came to: its statement, or nothing to bill (no movement, or billed past this period). */
export interface PartyBilled {
  readonly statementId?: string;
  readonly reconciliation?: ReconciliationFigures;
  /** Ledger items read to compute it (0 when the statement was stored already). */
  readonly itemsRead: number;
}

type Built = BuiltCustomerBill | BuiltProviderStatement | BuiltAgentStatement;

const referencesOf = (window: LedgerWindow): string[] => [
  ...new Set(window.entries.flatMap((entry) => (entry.transfer.reference === undefined ? [] : [entry.transfer.reference]))),
];

interface BuildContext {
  readonly statementId: string;
  readonly period: Period;
  readonly asOfMs: number;
  readonly window: LedgerWindow;
  readonly catalog: ReadonlyMap<string, ChargeDescription>;
  readonly withheld?: SettlementWithheldReason;
}

const build = (deps: StatementJobDeps, message: StatementMessage, context: BuildContext): Built => {
  const { catalog } = context;
  const common = {
    statementId: context.statementId,
    period: context.period,
    currency: message.currency,
    asOfMs: context.asOfMs,
    ...(context.withheld === undefined ? {} : { withheld: context.withheld }),
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

/** Currencies whose payouts account this container opened, per ledger (opening is idempotent; this saves the call). */
const payoutAccountsOpened = /* @__PURE__ */ new WeakMap<object, Set<string>>();

const openPayoutsAccount = async (ledger: StatementJobDeps['ledger'], currency: string): Promise<void> => {
  const opened = payoutAccountsOpened.get(ledger) ?? new Set<string>();
  payoutAccountsOpened.set(ledger, opened);
  if (opened.has(currency)) return;
  await ledger.createAccount(providerPayoutsAccount(currency));
  opened.add(currency);
};

/** The account a payout is paid out of: the provider's revenue, or the agent's fees. */
const paidOutOf = (message: StatementMessage): string =>
  message.kind === 'agent'
    ? agentFeeAccountId(message.partyId, message.currency)
    : providerRevenueAccountId(message.partyId, message.currency);

/**
 * Posts what settles the statement — the payout (revenue or agent fees → payouts) or the collection
 * (carrier's cash → the customer's carrier account) — with an id derived from the statement:
 * a retry answers `exists`, and a different amount under that id (which would mean the
 * statement came out differently) is TRANSFER_EXISTS_WITH_DIFFERENT_FIELDS. The transfer is
 * checked after the write, as written.
 */
const postSettlement = async (
  deps: StatementJobDeps,
  message: StatementMessage,
  statementId: string,
  settlement: StatementSettlement,
): Promise<StatementSettlement> => {
  let debitAccountId: string;
  let creditAccountId: string;
  let agentId: string | undefined;
  if (settlement.kind === 'payout') {
    await openPayoutsAccount(deps.ledger, message.currency);
    debitAccountId = paidOutOf(message);
    creditAccountId = providerPayoutsAccount(message.currency).id;
  } else {
    agentId = (await deps.parties.getCustomer(message.partyId))?.carrier?.agentId;
    if (agentId === undefined) {
      throw new DomainError('CUSTOMER_NOT_FOUND', `Customer ${message.partyId} owes its carrier but names no carrier.`);
    }
    debitAccountId = agentCashAccountId(agentId, message.currency);
    creditAccountId = customerCarrierAccountId(message.partyId, message.currency);
  }
  const { transfer: posted } = await createTransfer(deps.ledger, {
    action: 'create',
    id: settlement.transferId,
    debitAccountId,
    creditAccountId,
    amountMinor: settlement.amountMinor,
    currency: message.currency,
    code: settlement.kind === 'payout' ? BILLING_CODES.payout : BILLING_CODES.collection,
    reference: statementId,
  });
  assert(
    posted.amountMinor === settlement.amountMinor && posted.creditAccountId === creditAccountId,
    'the settlement transfer moved what the statement says',
  );
  return { ...settlement, ...(agentId === undefined ? {} : { agentId }) };
};

/**
 * Posts the statement's payout or collection; one the ledger refuses with BALANCE_OVERFLOW (an
 * account on statements at its bound: docs/ledger.md "Accounts on statements") is withheld, so
 * that billing never stalls on it: the statement is built again without it, the amount carried as
 * the closing balance (as a payout below the minimum is) and the statement saying why, and an
 * error log line and BillingSettlementsWithheld tell the operator. The refusal depends only on the
 * settlement's derived id, amount and accounts, whose posted counters only grow: a redelivery or a
 * rerun is refused alike and builds the same statement. The next period tries again.
 */
const settle = async (
  deps: StatementJobDeps,
  message: StatementMessage,
  context: BuildContext,
  built: Built,
): Promise<{ built: Built; settlement?: StatementSettlement }> => {
  if (built.settlement === undefined) return { built };
  try {
    return { built, settlement: await postSettlement(deps, message, context.statementId, built.settlement) };
  } catch (error) {
    if (!isDomainError(error) || error.code !== 'BALANCE_OVERFLOW') throw error;
    deps.logger.error('billing withheld a settlement the ledger refused; its amount is carried to the next period', {
      ...message,
      statementId: context.statementId,
      settlement: built.settlement.kind,
      amountMinor: built.settlement.amountMinor,
      ...errorFields(error),
    });
    deps.metrics.record('billingSettlementsWithheld', 1, {});
    const withheld = build(deps, message, { ...context, withheld: error.code });
    assert(withheld.settlement === undefined, 'a statement whose settlement was withheld posts none');
    return { built: withheld };
  }
};

const accountsOf = (message: StatementMessage): readonly string[] =>
  billedAccountsOf(message.kind, message.partyId, message.currency);

/**
 * A first statement opens with money the earlier runs put on no statement (the party had no
 * movement in their periods): the provider's revenue balance, the agent's fee balance, the
 * customer's carrier debt or credit. That money is on this statement (its opening balance, a
 * balance brought forward) even when nothing else moved. A wallet balance is no bill's business
 * (top-ups are not lines).
 */
const opensWithMoney = (message: StatementMessage, window: LedgerWindow): boolean =>
  (window.openingBalances[
    message.kind === 'customer' ? customerCarrierAccountId(message.partyId, message.currency) : paidOutOf(message)
  ] ?? 0) !== 0;

/**
 * Whether the party's window holds movement its statement states: any posted money on a
 * provider's or agent's account, a bill line on a customer's (a top-up alone is no bill line,
 * so a month of top-ups only makes no bill, as a month without movement makes none).
 */
const movedInWindow = (message: StatementMessage, window: LedgerWindow): boolean =>
  message.kind === 'customer' ? window.entries.some(makesBillLine) : window.entries.length > 0;

const collectionOf = (run: RunRecord, message: StatementMessage, statementId: string, settlement?: StatementSettlement) =>
  settlement?.kind === 'collection' && settlement.agentId !== undefined
    ? ({
        period: run.period,
        agentId: settlement.agentId,
        customerId: message.partyId,
        currency: message.currency,
        statementId,
        amountMinor: settlement.amountMinor,
      } satisfies CollectionRecord)
    : undefined;

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
  const { stored, position } = await deps.statements.lookup(statementId, message.kind, message.partyId, message.currency);
  if (stored !== undefined) return { statementId, reconciliation: stored.reconciliation, itemsRead: 0 };
  if (position !== undefined && position.period >= period.id) {
    const raced = await deps.statements.get(statementId);
    return raced === undefined ? { itemsRead: 0 } : { statementId, reconciliation: raced.reconciliation, itemsRead: 0 };
  }
  const calendarPrevious = position === undefined ? await rememberedPreviousPeriodAsOf(deps.runs, run.id, period) : undefined;
  const window = await readWindow(deps.history, {
    accountIds: accountsOf(message),
    period,
    asOfMs: run.asOfMs,
    ...(position === undefined ? {} : { previous: position }),
    ...(calendarPrevious === undefined ? {} : { previousPeriodAsOfMs: calendarPrevious.asOfMs }),
  });
  if (!movedInWindow(message, window) && (position !== undefined || !opensWithMoney(message, window))) {
    return { itemsRead: window.itemsRead };
  }
  const context = { statementId, period, asOfMs: run.asOfMs, window, catalog: await deps.catalog.describe(referencesOf(window)) };
  const { built, settlement } = await settle(deps, message, context, build(deps, message, context));
  const signed = await signStatement(deps.signer, {
    issuer: deps.issuer,
    body: built.body,
    asOfMs: run.asOfMs,
    ...(deps.statementPageLines === undefined ? {} : { pageLines: deps.statementPageLines }),
  });
  const record: StatementRecord = {
    id: statementId,
    partyId: message.partyId,
    period: period.id,
    kind: built.body.kind,
    currency: message.currency,
    token: signed.token,
    sha256: signed.sha256,
    csvSha256: signed.csvSha256,
    jsonBytes: Buffer.byteLength(signed.json, 'utf8'),
    csvBytes: Buffer.byteLength(signed.csv, 'utf8'),
    lineCount: built.body.lines.length,
    ...(signed.pages === undefined ? {} : { pageCount: signed.pages.length }),
    asOfMs: run.asOfMs,
    periodEndMs: period.endMs,
    closingBalances: built.closingBalances,
    ...(settlement === undefined ? {} : { settlement }),
    reconciliation: built.reconciliation,
    createdAtMs: deps.clock.now(),
  };
  const saved = await deps.statements.save(
    record,
    { json: signed.json, csv: signed.csv, ...(signed.pages === undefined ? {} : { pages: signed.pages }) },
    collectionOf(run, message, statementId, settlement),
  );
  return { statementId, reconciliation: saved.reconciliation, itemsRead: window.itemsRead };
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
