import { assert } from '../../errors';
import { derivedId } from '../../ids';
import { chargeLegOf } from '../payments/charge-legs';
import type { PaymentRoute } from '../payments/route';
import { accountRoleOf } from './accounts';
import { ensureSafeAmounts, fingerprint, sumMinor, type Movement } from './figures';
import type { Period } from './period';
import type { ChargeDescription } from './ports';
import type {
  CustomerBill,
  CustomerLine,
  CustomerTotals,
  ReconciliationFigures,
  SettlementWithheldReason,
  StatementSettlement,
} from './types';
import type { LedgerWindow, WindowEntry } from './window';

export const collectionTransferIdFor = (statementId: string): string => derivedId('trf', 'billing-collection', statementId);

export interface CustomerBillInput {
  readonly statementId: string;
  readonly customerId: string;
  readonly period: Period;
  readonly currency: string;
  readonly asOfMs: number;
  readonly carrierAccountId: string;
  readonly window: LedgerWindow;
  readonly catalog: ReadonlyMap<string, ChargeDescription>;
  /** The ledger refused the collection: the debt is brought forward to the next bill instead, and the bill says why. */
  readonly withheld?: SettlementWithheldReason;
}

export interface BuiltCustomerBill {
  readonly body: CustomerBill;
  /** The carrier account's balance after the collection. */
  readonly closingBalances: Readonly<Record<string, number>>;
  readonly settlement?: StatementSettlement;
  readonly reconciliation: ReconciliationFigures;
}

const iso = (instantMs: number): string => new Date(instantMs).toISOString();

const counterAccountOf = (entry: WindowEntry): string =>
  entry.transfer.debitAccountId === entry.accountId ? entry.transfer.creditAccountId : entry.transfer.debitAccountId;

/**
 * One line per movement on the customer's accounts: a charge (a purchase's settlement or a
 * reservation's capture: its leg that moves the customer's money to the provider), its
 * refund (the reversal of that leg), and on the carrier account anything else as an
 * adjustment (a remittance difference, an operator's transfer, to a provider's revenue
 * account too). What a line is comes from what its transfer is, not from the account on its
 * other side. Wallet top-ups and other wallet movements are not charges and not on the bill.
 */
export const customerLineOf = (entry: WindowEntry, catalog: ReadonlyMap<string, ChargeDescription>): CustomerLine | undefined => {
  const own = accountRoleOf(entry.accountId);
  assert(own.role === 'wallet' || own.role === 'carrier', 'a customer bill reads wallet and carrier accounts');
  const route: PaymentRoute = own.role;
  const counter = accountRoleOf(counterAccountOf(entry));
  const reference = entry.transfer.reference;
  const shared = {
    date: iso(entry.billedAtMs),
    ...(reference === undefined ? {} : { reference }),
    route,
    amountMinor: -entry.postedChangeMinor,
    transferId: entry.transferId,
  };
  const charge = chargeLegOf(entry.transfer);
  if (charge?.leg === 'post' && counter.role === 'revenue') {
    const described = reference === undefined ? undefined : catalog.get(reference);
    return {
      ...shared,
      kind: charge.reversal ? 'refund' : 'charge',
      providerId: counter.providerId,
      ...(described?.offerId === undefined ? {} : { offerId: described.offerId }),
      ...(described?.channelId === undefined ? {} : { channelId: described.channelId }),
    };
  }
  return route === 'carrier' ? { ...shared, kind: 'adjustment' } : undefined;
};

/**
 * Whether a window entry is a line of its customer's bill (a charge, a refund, anything on the
 * carrier account). A window whose entries make no line (top-ups and other wallet movements
 * only) makes no bill: the customer's movement that billing states is its bill lines.
 */
export const makesBillLine = (entry: WindowEntry): boolean => customerLineOf(entry, new Map()) !== undefined;

export const customerTotalsOf = (lines: readonly CustomerLine[]): CustomerTotals => {
  const sum = (predicate: (line: CustomerLine) => boolean) =>
    lines.filter(predicate).reduce((total, line) => total + line.amountMinor, 0);
  const purchases = (line: CustomerLine) => line.kind === 'charge' || line.kind === 'refund';
  const chargesMinor = sum((line) => line.kind === 'charge');
  const refundsMinor = -sum((line) => line.kind === 'refund');
  return {
    chargesMinor,
    refundsMinor,
    totalMinor: chargesMinor - refundsMinor,
    byRoute: {
      carrier: sum((line) => purchases(line) && line.route === 'carrier'),
      wallet: sum((line) => purchases(line) && line.route === 'wallet'),
    },
  };
};

export const customerFiguresOf = (currency: string, lines: readonly CustomerLine[]): ReconciliationFigures => {
  const movements = (kind: CustomerLine['kind'], sign: number): Movement[] =>
    lines
      .filter((line) => line.kind === kind && line.transferId !== undefined)
      .map((line) => ({ transferId: line.transferId as string, amountMinor: sign * line.amountMinor }));
  const sales = movements('charge', 1);
  const refunds = movements('refund', -1);
  return {
    currency,
    side: 'customer',
    salesMinor: sumMinor(sales),
    salesFingerprint: fingerprint(sales),
    refundsMinor: sumMinor(refunds),
    refundsFingerprint: fingerprint(refunds),
    platformFeesMinor: 0,
  };
};

/**
 * A customer's bill for a period. The carrier collects the carrier account's debt at the
 * cut-off — what was brought forward plus the carrier charges, refunds and adjustments — when
 * there is one; a credit (a refund after the last collection) is carried to the next bill, and
 * so is a debt whose collection the ledger refused (`withheld`: the bill says so in `collectionWithheld`).
 */
export const buildCustomerBill = (input: CustomerBillInput): BuiltCustomerBill => {
  const { window, carrierAccountId } = input;
  const broughtForward = window.openingBalances[carrierAccountId] ?? 0;
  const movementLines = window.entries.flatMap((entry) => customerLineOf(entry, input.catalog) ?? []);
  ensureSafeAmounts([broughtForward, ...movementLines.map((line) => line.amountMinor)]);
  const carrierMoved = window.entries
    .filter((entry) => entry.accountId === carrierAccountId)
    .reduce((sum, entry) => sum + entry.postedChangeMinor, 0);
  const carrierBalance = broughtForward + carrierMoved;
  const dueMinor = carrierBalance < 0 ? -carrierBalance : 0;
  const withheld = input.withheld === undefined || dueMinor === 0 ? undefined : { reason: input.withheld, amountMinor: dueMinor };
  const collectionMinor = withheld === undefined ? dueMinor : 0;
  const settlement: StatementSettlement | undefined =
    collectionMinor > 0
      ? { kind: 'collection', transferId: collectionTransferIdFor(input.statementId), amountMinor: collectionMinor }
      : undefined;
  const lines: CustomerLine[] = [
    ...(broughtForward === 0
      ? []
      : [
          {
            date: iso(input.period.startMs),
            kind: 'balance_forward' as const,
            route: 'carrier' as const,
            amountMinor: -broughtForward,
          },
        ]),
    ...movementLines,
    ...(settlement === undefined
      ? []
      : [
          {
            date: iso(input.asOfMs),
            kind: 'collection' as const,
            route: 'carrier' as const,
            amountMinor: settlement.amountMinor,
            transferId: settlement.transferId,
          },
        ]),
  ];
  const carrierOwed = lines
    .filter((line) => line.route === 'carrier' && line.kind !== 'collection')
    .reduce((sum, line) => sum + line.amountMinor, 0);
  // Paired check: the bill's carrier lines say what the ledger's carrier balance says.
  assert(carrierOwed === -carrierBalance, 'the carrier lines of a bill add up to the carrier account balance');
  return {
    body: {
      id: input.statementId,
      partyId: input.customerId,
      period: input.period.id,
      kind: 'customer_bill',
      currency: input.currency,
      totals: customerTotalsOf(lines),
      lines,
      ...(withheld === undefined ? {} : { collectionWithheld: withheld }),
    },
    closingBalances: { [carrierAccountId]: carrierBalance + collectionMinor },
    ...(settlement === undefined ? {} : { settlement }),
    reconciliation: customerFiguresOf(input.currency, lines),
  };
};
