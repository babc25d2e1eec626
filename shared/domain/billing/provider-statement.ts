import { assert, DomainError } from '../../errors';
import { derivedId } from '../../ids';
import { BILLING_STATEMENT_LINES_MAX } from '../../limits';
import type { PaymentRoute } from '../payments/route';
import { accountRoleOf } from './accounts';
import { fingerprint, sumMinor, type Movement } from './figures';
import type { Period } from './period';
import type { ChargeDescription } from './ports';
import type { ProviderLine, ProviderStatement, ProviderTotals, ReconciliationFigures, StatementSettlement } from './types';
import type { LedgerWindow, WindowEntry } from './window';

export const payoutTransferIdFor = (statementId: string): string => derivedId('trf', 'billing-payout', statementId);

export interface ProviderStatementInput {
  readonly statementId: string;
  readonly providerId: string;
  readonly period: Period;
  readonly currency: string;
  readonly asOfMs: number;
  readonly revenueAccountId: string;
  readonly window: LedgerWindow;
  readonly catalog: ReadonlyMap<string, ChargeDescription>;
  /** Smaller balances are carried forward instead of paid out. */
  readonly payoutMinimumMinor: number;
}

export interface BuiltProviderStatement {
  readonly body: ProviderStatement;
  readonly closingBalances: Readonly<Record<string, number>>;
  readonly settlement?: StatementSettlement;
  readonly reconciliation: ReconciliationFigures;
}

type Leg = 'gross' | 'platformFee' | 'carrierFee' | 'other';

interface Group {
  readonly key: string;
  readonly entries: WindowEntry[];
  readonly legs: Leg[];
}

const iso = (instantMs: number): string => new Date(instantMs).toISOString();

const counterAccountOf = (entry: WindowEntry): string =>
  entry.transfer.debitAccountId === entry.accountId ? entry.transfer.creditAccountId : entry.transfer.debitAccountId;

/** What a leg is, by the account on its other side (not by code: a split reservation reads like a purchase). */
const legOf = (entry: WindowEntry): Leg => {
  const counter = accountRoleOf(counterAccountOf(entry)).role;
  if (counter === 'wallet' || counter === 'carrier') return 'gross';
  if (counter === 'platformFees') return 'platformFee';
  if (counter === 'agentFees') return 'carrierFee';
  return 'other';
};

/** The legs of one sale (or of its refund) share the purchase or reservation they reference. */
const groupEntries = (entries: readonly WindowEntry[]): Group[] => {
  const groups = new Map<string, Group>();
  for (const entry of entries) {
    const leg = legOf(entry);
    const reference = entry.transfer.reference;
    const key =
      leg === 'other' || reference === undefined
        ? `transfer#${entry.transferId}`
        : `${reference}#${entry.transfer.reversesTransferId === undefined ? 'sale' : 'refund'}`;
    const group = groups.get(key) ?? { key, entries: [], legs: [] };
    group.entries.push(entry);
    group.legs.push(leg);
    groups.set(key, group);
  }
  return [...groups.values()];
};

const lineOf = (
  group: Group,
  onStatement: ReadonlySet<string>,
  catalog: ReadonlyMap<string, ChargeDescription>,
): ProviderLine => {
  const total = (leg: Leg) =>
    group.entries.filter((_, index) => group.legs[index] === leg).reduce((sum, entry) => sum + entry.postedChangeMinor, 0);
  const first = group.entries[0];
  assert(first !== undefined, 'a line group has an entry');
  const other = group.legs.includes('other');
  const refund = !other && first.transfer.reversesTransferId !== undefined;
  const grossEntry = group.entries.find((_, index) => group.legs[index] === 'gross');
  const routeRole = grossEntry === undefined ? undefined : accountRoleOf(counterAccountOf(grossEntry)).role;
  const route: PaymentRoute | undefined = routeRole === 'wallet' || routeRole === 'carrier' ? routeRole : undefined;
  const reference = first.transfer.reference;
  const described = reference === undefined ? undefined : catalog.get(reference);
  const reversesEarlier = group.entries.some(
    (entry) => entry.transfer.reversesTransferId !== undefined && !onStatement.has(entry.transfer.reversesTransferId),
  );
  const grossMinor = total('gross');
  const platformFeeMinor = total('platformFee');
  const carrierFeeMinor = total('carrierFee');
  return {
    date: iso(first.billedAtMs),
    kind: other ? 'adjustment' : refund ? 'refund' : 'sale',
    ...(reference === undefined ? {} : { reference }),
    ...(described?.offerId === undefined ? {} : { offerId: described.offerId }),
    ...(described?.channelId === undefined ? {} : { channelId: described.channelId }),
    ...(route === undefined ? {} : { route }),
    grossMinor,
    platformFeeMinor,
    carrierFeeMinor,
    netMinor: grossMinor + platformFeeMinor + carrierFeeMinor + total('other'),
    carriedForward: group.entries.some((entry) => entry.late) || reversesEarlier,
    transferIds: group.entries.map((entry) => entry.transferId),
  };
};

const totalsOf = (lines: readonly ProviderLine[], openingBalanceMinor: number, payoutMinor: number): ProviderTotals => {
  const current = lines.filter((line) => !line.carriedForward && (line.kind === 'sale' || line.kind === 'refund'));
  const sum = (pick: (line: ProviderLine) => number, from: readonly ProviderLine[]) =>
    from.reduce((total, line) => total + pick(line), 0);
  const grossMinor = sum(
    (line) => line.grossMinor,
    current.filter((line) => line.kind === 'sale'),
  );
  const refundsMinor = -sum(
    (line) => line.grossMinor,
    current.filter((line) => line.kind === 'refund'),
  );
  const platformFeesMinor = -sum((line) => line.platformFeeMinor, current);
  const carrierFeesMinor = -sum((line) => line.carrierFeeMinor, current);
  const adjustmentsMinor = sum(
    (line) => line.netMinor,
    lines.filter((line) => line.carriedForward || line.kind === 'adjustment'),
  );
  const closingBalanceMinor =
    openingBalanceMinor + grossMinor - platformFeesMinor - carrierFeesMinor - refundsMinor + adjustmentsMinor - payoutMinor;
  return {
    grossMinor,
    platformFeesMinor,
    carrierFeesMinor,
    refundsMinor,
    adjustmentsMinor,
    netPayoutMinor: payoutMinor,
    openingBalanceMinor,
    closingBalanceMinor,
  };
};

const figuresOf = (currency: string, window: LedgerWindow): ReconciliationFigures => {
  const gross = window.entries.filter((entry) => legOf(entry) === 'gross');
  const sales: Movement[] = gross
    .filter((entry) => entry.postedChangeMinor > 0)
    .map((entry) => ({ transferId: entry.transferId, amountMinor: entry.postedChangeMinor }));
  const refunds: Movement[] = gross
    .filter((entry) => entry.postedChangeMinor < 0)
    .map((entry) => ({ transferId: entry.transferId, amountMinor: -entry.postedChangeMinor }));
  const platformFeesMinor = -window.entries
    .filter((entry) => legOf(entry) === 'platformFee')
    .reduce((sum, entry) => sum + entry.postedChangeMinor, 0);
  return {
    currency,
    side: 'provider',
    salesMinor: sumMinor(sales),
    salesFingerprint: fingerprint(sales),
    refundsMinor: sumMinor(refunds),
    refundsFingerprint: fingerprint(refunds),
    platformFeesMinor,
  };
};

/**
 * A provider's settlement statement for a period: one line per sale (its gross and the fees
 * taken from it), per refund, per other movement, and the payout. The payout is what the
 * provider is owed at the cut-off (opening balance plus this period's lines) when that is at
 * least the minimum; anything less, or a debit, is carried to the next statement.
 */
export const buildProviderStatement = (input: ProviderStatementInput): BuiltProviderStatement => {
  const { window, revenueAccountId } = input;
  const openingBalanceMinor = window.openingBalances[revenueAccountId] ?? 0;
  const onStatement = new Set(window.entries.map((entry) => entry.transferId));
  const movementLines = groupEntries(window.entries).map((group) => lineOf(group, onStatement, input.catalog));
  if (movementLines.length >= BILLING_STATEMENT_LINES_MAX) {
    throw new DomainError('STATEMENT_TOO_LARGE', `The statement would have more than ${BILLING_STATEMENT_LINES_MAX} lines.`);
  }
  const owedMinor = openingBalanceMinor + movementLines.reduce((sum, line) => sum + line.netMinor, 0);
  const payoutMinor = owedMinor >= Math.max(1, input.payoutMinimumMinor) ? owedMinor : 0;
  const settlement: StatementSettlement | undefined =
    payoutMinor > 0
      ? { kind: 'payout', transferId: payoutTransferIdFor(input.statementId), amountMinor: payoutMinor }
      : undefined;
  const lines: ProviderLine[] = [
    ...movementLines,
    ...(settlement === undefined
      ? []
      : [
          {
            date: iso(input.asOfMs),
            kind: 'payout' as const,
            grossMinor: 0,
            platformFeeMinor: 0,
            carrierFeeMinor: 0,
            netMinor: -payoutMinor,
            carriedForward: false,
            transferIds: [settlement.transferId],
          },
        ]),
  ];
  const totals = totalsOf(lines, openingBalanceMinor, payoutMinor);
  // Paired check: the totals and the lines tell the same balance.
  assert(
    totals.closingBalanceMinor === openingBalanceMinor + lines.reduce((sum, line) => sum + line.netMinor, 0),
    'the totals of a provider statement add up to its lines',
  );
  return {
    body: {
      id: input.statementId,
      partyId: input.providerId,
      period: input.period.id,
      kind: 'provider_statement',
      currency: input.currency,
      totals,
      lines,
    },
    closingBalances: { [revenueAccountId]: totals.closingBalanceMinor },
    ...(settlement === undefined ? {} : { settlement }),
    reconciliation: figuresOf(input.currency, window),
  };
};
