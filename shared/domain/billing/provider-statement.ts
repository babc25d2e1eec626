import { assert } from '../../errors';
import { derivedId } from '../../ids';
import { chargeLegOf } from '../payments/charge-legs';
import type { PostingLegKind } from '../payments/posting';
import type { PaymentRoute } from '../payments/route';
import { accountRoleOf } from './accounts';
import { carrierFeeFigures } from './agent-statement';
import { ensureSafeAmounts, fingerprint, sumMinor, type Movement } from './figures';
import type { Period } from './period';
import { payoutParts, type PayoutLeg } from './payout-split';
import type { ChargeDescription } from './ports';
import type {
  ProviderLine,
  ProviderStatement,
  ProviderTotals,
  ReconciliationFigures,
  SettlementWithheldReason,
  StatementSettlement,
} from './types';
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
  /** The ledger refused the payout: carry the balance forward instead, and say why. */
  readonly withheld?: SettlementWithheldReason;
  /** The payout was paid in legs over the account's shards: a payout line each. */
  readonly payoutLegs?: readonly PayoutLeg[];
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
  /** A charge's legs: a sale, or (reversals) its refund; else one other transfer. */
  readonly charge?: { readonly refund: boolean };
}

const iso = (instantMs: number): string => new Date(instantMs).toISOString();

const counterAccountOf = (entry: WindowEntry): string =>
  entry.transfer.debitAccountId === entry.accountId ? entry.transfer.creditAccountId : entry.transfer.debitAccountId;

const LEG_OF_CHARGE: Readonly<Record<PostingLegKind, Leg>> = {
  post: 'gross',
  platformFee: 'platformFee',
  carrierFee: 'carrierFee',
};

/**
 * The legs of one sale (or of its refund) share the purchase or reservation they belong to;
 * any other transfer is a line of its own. What a leg is comes from what its transfer is (a
 * charge's settlement leg, or its refund's reversal), not from the account on its other side:
 * an operator's transfer from the platform fee account (a fee rebate) or from a carrier's fee
 * account is an adjustment, not a fee.
 */
/** The key of the line an entry is on: its charge's sale or refund, or its own transfer. */
export const providerLineKeyOf = (entry: Pick<WindowEntry, 'transferId' | 'transfer'>): string => {
  const charge = chargeLegOf(entry.transfer);
  return charge === undefined ? `transfer#${entry.transferId}` : `${charge.chargeId}#${charge.reversal ? 'refund' : 'sale'}`;
};

const groupEntries = (entries: readonly WindowEntry[]): Group[] => {
  const groups = new Map<string, Group>();
  for (const entry of entries) {
    const charge = chargeLegOf(entry.transfer);
    const key = providerLineKeyOf(entry);
    const group =
      groups.get(key) ??
      ({ key, entries: [], legs: [], ...(charge === undefined ? {} : { charge: { refund: charge.reversal } }) } satisfies Group);
    group.entries.push(entry);
    group.legs.push(charge === undefined ? 'other' : LEG_OF_CHARGE[charge.leg]);
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
    kind: group.charge === undefined ? 'adjustment' : group.charge.refund ? 'refund' : 'sale',
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

/**
 * The lines of these entries, one per sale, refund or other transfer, in the order of their
 * first entries; `onStatement` holds every transfer of the statement (a reversal of one that is
 * not on it is carried forward).
 */
export const providerLinesOf = (
  entries: readonly WindowEntry[],
  onStatement: ReadonlySet<string>,
  catalog: ReadonlyMap<string, ChargeDescription>,
): ProviderLine[] => groupEntries(entries).map((group) => lineOf(group, onStatement, catalog));

export const providerTotalsOf = (
  lines: readonly ProviderLine[],
  openingBalanceMinor: number,
  payoutMinor: number,
): ProviderTotals => {
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

export const providerFiguresOf = (currency: string, window: Pick<LedgerWindow, 'entries'>): ReconciliationFigures => {
  const sales: Movement[] = [];
  const refunds: Movement[] = [];
  let platformFeeAccountMovedMinor = 0;
  for (const entry of window.entries) {
    const charge = chargeLegOf(entry.transfer);
    if (charge?.leg === 'post') {
      const movement = { transferId: entry.transferId, amountMinor: Math.abs(entry.postedChangeMinor) };
      (charge.reversal ? refunds : sales).push(movement);
    }
    // Fee legs and operator's transfers alike: what the platform fee account moved against this revenue account.
    if (accountRoleOf(counterAccountOf(entry)).role === 'platformFees') platformFeeAccountMovedMinor -= entry.postedChangeMinor;
  }
  return {
    currency,
    side: 'provider',
    salesMinor: sumMinor(sales),
    salesFingerprint: fingerprint(sales),
    refundsMinor: sumMinor(refunds),
    refundsFingerprint: fingerprint(refunds),
    platformFeesMinor: platformFeeAccountMovedMinor,
    // The other side of the carrier fee legs: the agents' statements (reconcile.ts).
    ...carrierFeeFigures(window.entries, -1),
  };
};

/**
 * A provider's settlement statement for a period: one line per sale (its gross and the fees
 * taken from it), per refund, per other movement, and the payout. The payout is what the
 * provider is owed at the cut-off (opening balance plus this period's lines) when that is at
 * least the minimum; anything less, or a debit, is carried to the next statement, and so is a
 * payout the ledger refused (`withheld`: the statement says so in `payoutWithheld`).
 */
export const buildProviderStatement = (input: ProviderStatementInput): BuiltProviderStatement => {
  const { window, revenueAccountId } = input;
  const openingBalanceMinor = window.openingBalances[revenueAccountId] ?? 0;
  ensureSafeAmounts([openingBalanceMinor, ...window.entries.map((entry) => entry.postedChangeMinor)]);
  const movementLines = providerLinesOf(window.entries, new Set(window.entries.map((entry) => entry.transferId)), input.catalog);
  const owedMinor = openingBalanceMinor + movementLines.reduce((sum, line) => sum + line.netMinor, 0);
  const dueMinor = owedMinor >= Math.max(1, input.payoutMinimumMinor) ? owedMinor : 0;
  const withheld = input.withheld === undefined || dueMinor === 0 ? undefined : { reason: input.withheld, amountMinor: dueMinor };
  const payoutMinor = withheld === undefined ? dueMinor : 0;
  const { settlement, parts } = payoutParts(payoutMinor, payoutTransferIdFor(input.statementId), input.payoutLegs);
  const lines: ProviderLine[] = [
    ...movementLines,
    ...parts.map((part) => ({
      date: iso(input.asOfMs),
      kind: 'payout' as const,
      grossMinor: 0,
      platformFeeMinor: 0,
      carrierFeeMinor: 0,
      netMinor: -part.amountMinor,
      carriedForward: false,
      transferIds: [part.transferId],
    })),
  ];
  const totals = providerTotalsOf(lines, openingBalanceMinor, payoutMinor);
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
      ...(withheld === undefined ? {} : { payoutWithheld: withheld }),
    },
    closingBalances: { [revenueAccountId]: totals.closingBalanceMinor },
    ...(settlement === undefined ? {} : { settlement }),
    reconciliation: providerFiguresOf(input.currency, window),
  };
};
