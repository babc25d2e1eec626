import { payoutParts, type PayoutLeg } from './payout-split';
import { agentFeeAccountId, customerCarrierAccountId, providerRevenueAccountId } from '../parties/accounts';
import { agentFiguresOf, agentLineOf, agentPayoutTransferIdFor, agentTotalsOf } from './agent-statement';
import { collectionTransferIdFor, customerFiguresOf, customerLineOf, customerTotalsOf } from './customer-bill';
import { addFingerprints } from './figures';
import type { Period } from './period';
import type { ChargeDescription, StatementMessage } from './ports';
import {
  payoutTransferIdFor,
  providerFiguresOf,
  providerLineKeyOf,
  providerLinesOf,
  providerTotalsOf,
} from './provider-statement';
import type {
  AgentLine,
  CustomerLine,
  ProviderLine,
  ReconciliationFigures,
  SettlementWithheld,
  SettlementWithheldReason,
  StatementBody,
  StatementSettlement,
} from './types';
import type { WindowEntry } from './window';

/**
 * How each kind of statement is built a page at a time (statement-build.ts): the same lines,
 * totals, settlement and reconciliation figures as its one-message builder (provider-statement.ts,
 * customer-bill.ts, agent-statement.ts), computed from the lines of one page at a time and the
 * sums carried from page to page. Totals and figures are sums over lines (fingerprints add), so
 * a statement's are the sums of its pages'; the opening balance, the settlement and the closing
 * balance are set once, by the last page.
 */
export type AnyLine = StatementBody['lines'][number];
export type Totals = StatementBody['totals'];

export interface Finished {
  /** The lines after the movement lines: the payout or the collection. */
  readonly suffix: readonly AnyLine[];
  readonly totals: Totals;
  readonly settlement?: StatementSettlement;
  readonly closingBalances: Readonly<Record<string, number>>;
  /** The statement's member saying its payout or collection was withheld (`payoutWithheld`, `collectionWithheld`). */
  readonly withheldMember?: { readonly payoutWithheld: SettlementWithheld } | { readonly collectionWithheld: SettlementWithheld };
}

export interface KindPlan {
  readonly statementKind: StatementBody['kind'];
  /** The account whose opening balance the statement states (and whose movement a first statement needs). */
  readonly settledAccountId: string;
  /** The key of the line an entry is on (entries of one key make one line); undefined: on no line. */
  lineKeyOf(entry: WindowEntry): string | undefined;
  /** Lines before the movement lines: a bill's balance brought forward. */
  prefixLines(openingMinor: number): readonly AnyLine[];
  /** The lines of whole line groups, in order; `onStatement` holds what reversals need to know is on the statement. */
  linesOf(
    entries: readonly WindowEntry[],
    onStatement: ReadonlySet<string>,
    catalog: ReadonlyMap<string, ChargeDescription>,
  ): AnyLine[];
  /** The totals of some movement lines, as if the statement opened at 0 and paid nothing. */
  totalsOf(lines: readonly AnyLine[]): Totals;
  figuresOf(entries: readonly WindowEntry[], lines: readonly AnyLine[]): ReconciliationFigures;
  /** How much these movement lines move the settled balance. */
  movedBy(lines: readonly AnyLine[]): number;
  /** The settlement and the final totals from the opening balance, the movement and the summed totals. */
  finish(openingMinor: number, movedMinor: number, totals: Totals): Finished;
}

const iso = (instantMs: number): string => new Date(instantMs).toISOString();

/** Sums two totals objects member by member (nested objects too). */
export const addTotals = <Value extends object>(left: Value, right: Value): Value => {
  const sum: Record<string, unknown> = { ...(left as Record<string, unknown>) };
  for (const [key, value] of Object.entries(right)) {
    const current = sum[key];
    sum[key] =
      typeof value === 'number' && typeof current === 'number'
        ? current + value
        : typeof value === 'object' && value !== null && typeof current === 'object' && current !== null
          ? addTotals(current, value as object)
          : value;
  }
  return sum as Value;
};

/** Sums two sets of reconciliation figures of disjoint entries: amounts add, fingerprints add. */
export const addFigures = (left: ReconciliationFigures, right: ReconciliationFigures): ReconciliationFigures => {
  const sum: Record<string, unknown> = { ...left };
  for (const [key, value] of Object.entries(right)) {
    const current = sum[key];
    sum[key] =
      typeof value === 'number' && typeof current === 'number'
        ? current + value
        : key.endsWith('Fingerprint') && typeof value === 'string' && typeof current === 'string'
          ? addFingerprints(current, value)
          : value;
  }
  return sum as unknown as ReconciliationFigures;
};

const payoutOf = (owedMinor: number, minimumMinor: number): number => (owedMinor >= Math.max(1, minimumMinor) ? owedMinor : 0);

/** What a payout or collection due comes to when the ledger refused it (`reason`): nothing paid, the amount withheld (as the one-message builders do). */
const withholding = (
  dueMinor: number,
  reason: SettlementWithheldReason | undefined,
): { readonly paidMinor: number; readonly withheld?: SettlementWithheld } =>
  reason === undefined || dueMinor === 0
    ? { paidMinor: dueMinor }
    : { paidMinor: 0, withheld: { reason, amountMinor: dueMinor } };

/**
 * The last step of a statement that pays its party out of `accountId` (a provider's revenue, an
 * agent's fees): the payout of what is owed (at least the minimum), withheld when the ledger
 * refused it, its line (`payoutLine`) after the movement, and the closing balance.
 */
const payoutFinish =
  (
    context: PlanContext,
    accountId: string,
    transferId: string,
    payoutLine: (payoutMinor: number, transferId: string) => ProviderLine | AgentLine,
  ): KindPlan['finish'] =>
  (openingMinor, movedMinor, totals) => {
    const owedMinor = payoutOf(openingMinor + movedMinor, context.payoutMinimumMinor);
    const { paidMinor: payoutMinor, withheld } = withholding(owedMinor, context.withheld);
    const summed = totals as StatementBody['totals'] & { closingBalanceMinor: number };
    const closingBalanceMinor = summed.closingBalanceMinor + openingMinor - payoutMinor;
    const { settlement, parts } = payoutParts(payoutMinor, transferId, context.payoutLegs);
    return {
      suffix: parts.map((part) => payoutLine(part.amountMinor, part.transferId)),
      totals: { ...summed, openingBalanceMinor: openingMinor, netPayoutMinor: payoutMinor, closingBalanceMinor },
      ...(settlement === undefined ? {} : { settlement }),
      closingBalances: { [accountId]: closingBalanceMinor },
      ...(withheld === undefined ? {} : { withheldMember: { payoutWithheld: withheld } }),
    };
  };

const providerPlan = (message: StatementMessage, context: PlanContext): KindPlan => {
  const { statementId, asOfMs } = context;
  const { partyId, currency } = message;
  const revenueAccountId = providerRevenueAccountId(partyId, currency);
  return {
    statementKind: 'provider_statement',
    settledAccountId: revenueAccountId,
    lineKeyOf: providerLineKeyOf,
    prefixLines: () => [],
    linesOf: (entries, onStatement, catalog) => providerLinesOf(entries, onStatement, catalog),
    totalsOf: (lines) => providerTotalsOf(lines as readonly ProviderLine[], 0, 0),
    figuresOf: (entries) => providerFiguresOf(currency, { entries }),
    movedBy: (lines) => (lines as readonly ProviderLine[]).reduce((sum, line) => sum + line.netMinor, 0),
    finish: payoutFinish(context, revenueAccountId, payoutTransferIdFor(statementId), (payoutMinor, transferId) => ({
      date: iso(asOfMs),
      kind: 'payout',
      grossMinor: 0,
      platformFeeMinor: 0,
      carrierFeeMinor: 0,
      netMinor: -payoutMinor,
      carriedForward: false,
      transferIds: [transferId],
    })),
  };
};

const agentPlan = (message: StatementMessage, context: PlanContext): KindPlan => {
  const { statementId, asOfMs } = context;
  const { partyId, currency } = message;
  const feeAccountId = agentFeeAccountId(partyId, currency);
  return {
    statementKind: 'agent_statement',
    settledAccountId: feeAccountId,
    lineKeyOf: (entry) => `${entry.transferId}#${entry.accountId}`,
    prefixLines: () => [],
    linesOf: (entries, onStatement, catalog) => entries.map((entry) => agentLineOf(partyId, entry, onStatement, catalog)),
    totalsOf: (lines) => agentTotalsOf(lines as readonly AgentLine[], 0, 0),
    figuresOf: (entries) => agentFiguresOf(currency, entries),
    movedBy: (lines) => (lines as readonly AgentLine[]).reduce((sum, line) => sum + line.amountMinor, 0),
    finish: payoutFinish(context, feeAccountId, agentPayoutTransferIdFor(statementId), (payoutMinor, transferId) => ({
      date: iso(asOfMs),
      kind: 'payout',
      amountMinor: -payoutMinor,
      carriedForward: false,
      transferId,
    })),
  };
};

const customerPlan = (message: StatementMessage, context: PlanContext): KindPlan => {
  const { statementId, asOfMs, withheld: refused } = context;
  const { partyId, currency } = message;
  const carrierAccountId = customerCarrierAccountId(partyId, currency);
  return {
    statementKind: 'customer_bill',
    settledAccountId: carrierAccountId,
    lineKeyOf: (entry) => (customerLineOf(entry, new Map()) === undefined ? undefined : `${entry.transferId}#${entry.accountId}`),
    prefixLines: (broughtForward) =>
      broughtForward === 0
        ? []
        : [
            {
              date: iso(context.period.startMs),
              kind: 'balance_forward',
              route: 'carrier',
              amountMinor: -broughtForward,
            } satisfies CustomerLine,
          ],
    linesOf: (entries, _onStatement, catalog) => entries.flatMap((entry) => customerLineOf(entry, catalog) ?? []),
    totalsOf: (lines) => customerTotalsOf(lines as readonly CustomerLine[]),
    figuresOf: (_entries, lines) => customerFiguresOf(currency, lines as readonly CustomerLine[]),
    // The carrier account moves by what its lines say, with the sign of a bill (a charge is positive).
    movedBy: (lines) =>
      (lines as readonly CustomerLine[])
        .filter((line) => line.route === 'carrier' && line.kind !== 'balance_forward')
        .reduce((sum, line) => sum - line.amountMinor, 0),
    finish: (broughtForward, movedMinor, totals) => {
      const carrierBalance = broughtForward + movedMinor;
      const { paidMinor: collectionMinor, withheld } = withholding(carrierBalance < 0 ? -carrierBalance : 0, refused);
      const settlement: StatementSettlement | undefined =
        collectionMinor > 0
          ? { kind: 'collection', transferId: collectionTransferIdFor(statementId), amountMinor: collectionMinor }
          : undefined;
      return {
        suffix:
          settlement === undefined
            ? []
            : [
                {
                  date: iso(asOfMs),
                  kind: 'collection',
                  route: 'carrier',
                  amountMinor: settlement.amountMinor,
                  transferId: settlement.transferId,
                } satisfies CustomerLine,
              ],
        totals,
        ...(settlement === undefined ? {} : { settlement }),
        closingBalances: { [carrierAccountId]: carrierBalance + collectionMinor },
        ...(withheld === undefined ? {} : { withheldMember: { collectionWithheld: withheld } }),
      };
    },
  };
};

interface PlanContext {
  readonly statementId: string;
  readonly period: Period;
  readonly asOfMs: number;
  readonly payoutMinimumMinor: number;
  /** The ledger refused the statement's payout or collection: the last step withholds it (statement-job.ts). */
  readonly withheld?: SettlementWithheldReason;
  /** The payout was paid in legs over the account's shards: the last step makes a payout line each. */
  readonly payoutLegs?: readonly PayoutLeg[];
}

export const kindPlanOf = (message: StatementMessage, context: PlanContext): KindPlan => {
  switch (message.kind) {
    case 'provider':
      return providerPlan(message, context);
    case 'agent':
      return agentPlan(message, context);
    case 'customer':
      return customerPlan(message, context);
  }
};
