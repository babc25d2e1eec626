import { assert } from '../../errors';
import { derivedId } from '../../ids';
import { topUpFeeTransferId, topUpTransferId } from '../parties/topup';
import { chargeLegOf } from '../payments/charge-legs';
import { TOPUP_FEE_CODE } from '../payments/owned-transfers';
import { ensureSafeAmounts, fingerprint, type Movement } from './figures';
import type { Period } from './period';
import { payoutParts, type PayoutLeg } from './payout-split';
import type { ChargeDescription } from './ports';
import type {
  AgentLine,
  AgentLineKind,
  AgentStatement,
  AgentTotals,
  ReconciliationFigures,
  SettlementWithheldReason,
  StatementSettlement,
} from './types';
import type { LedgerWindow, WindowEntry } from './window';

/** The payout of an agent statement: agent fees → payouts, its id derived from the statement. */
export const agentPayoutTransferIdFor = (statementId: string): string => derivedId('trf', 'billing-agent-payout', statementId);

export interface AgentStatementInput {
  readonly statementId: string;
  readonly agentId: string;
  readonly period: Period;
  readonly currency: string;
  readonly asOfMs: number;
  readonly feeAccountId: string;
  readonly window: LedgerWindow;
  readonly catalog: ReadonlyMap<string, ChargeDescription>;
  /** Smaller balances are carried forward instead of paid out. */
  readonly payoutMinimumMinor: number;
  /** The ledger refused the payout: carry the balance forward instead, and say why. */
  readonly withheld?: SettlementWithheldReason;
  /** The payout was paid in legs over the account's shards: a payout line each. */
  readonly payoutLegs?: readonly PayoutLeg[];
}

export interface BuiltAgentStatement {
  readonly body: AgentStatement;
  readonly closingBalances: Readonly<Record<string, number>>;
  readonly settlement?: StatementSettlement;
  readonly reconciliation: ReconciliationFigures;
}

const iso = (instantMs: number): string => new Date(instantMs).toISOString();

/** Whether a transfer id is the fee leg of this agent's top-up with this reference (the id the top-up derives for it). */
const isTopUpFeeOf = (agentId: string, reference: string | undefined, transferId: string): boolean =>
  reference !== undefined && transferId === topUpFeeTransferId(topUpTransferId(agentId, reference));

/**
 * What a transfer on an agent's fee account is, by what it is (its id derived by the flow that
 * wrote it), not by the accounts it moves: a carrier's fee leg of a purchase settlement or a
 * reservation capture (chargeLegOf), a refund's reversal of one, a kiosk's top-up fee (the fee
 * leg the top-up derives from the agent and its reference, code `topup_fee`), a reversal of
 * one; anything else (an operator's transfer, a reversal of an earlier statement's transfer,
 * another agent's leg) is an adjustment.
 */
export const agentLineKindOf = (
  agentId: string,
  transfer: {
    readonly id: string;
    readonly code?: string | number;
    readonly reference?: string;
    readonly reversesTransferId?: string;
  },
): Exclude<AgentLineKind, 'payout'> => {
  const charge = chargeLegOf(transfer);
  if (charge?.leg === 'carrierFee') return charge.reversal ? 'carrier_fee_refund' : 'carrier_fee';
  if (charge !== undefined) return 'adjustment';
  if (transfer.reversesTransferId === undefined) {
    return transfer.code === TOPUP_FEE_CODE && isTopUpFeeOf(agentId, transfer.reference, transfer.id)
      ? 'topup_fee'
      : 'adjustment';
  }
  return isTopUpFeeOf(agentId, transfer.reference, transfer.reversesTransferId) ? 'topup_fee_reversal' : 'adjustment';
};

export const agentLineOf = (
  agentId: string,
  entry: WindowEntry,
  onStatement: ReadonlySet<string>,
  catalog: ReadonlyMap<string, ChargeDescription>,
): AgentLine => {
  const { transfer } = entry;
  const kind = agentLineKindOf(agentId, transfer);
  const reference = transfer.reference;
  const described = reference === undefined || kind === 'topup_fee' ? undefined : catalog.get(reference);
  const reversesEarlier = transfer.reversesTransferId !== undefined && !onStatement.has(transfer.reversesTransferId);
  return {
    date: iso(entry.billedAtMs),
    kind,
    ...(reference === undefined ? {} : { reference }),
    ...(described?.offerId === undefined ? {} : { offerId: described.offerId }),
    ...(described?.channelId === undefined ? {} : { channelId: described.channelId }),
    amountMinor: entry.postedChangeMinor,
    carriedForward: entry.late || reversesEarlier,
    transferId: entry.transferId,
  };
};

export const agentTotalsOf = (lines: readonly AgentLine[], openingBalanceMinor: number, payoutMinor: number): AgentTotals => {
  const sum = (kinds: readonly AgentLineKind[]) =>
    lines
      .filter((line) => !line.carriedForward && kinds.includes(line.kind))
      .reduce((total, line) => total + line.amountMinor, 0);
  const carrierFeesMinor = sum(['carrier_fee']);
  const carrierFeeRefundsMinor = 0 - sum(['carrier_fee_refund']);
  const topUpFeesMinor = sum(['topup_fee', 'topup_fee_reversal']);
  const adjustmentsMinor = lines
    .filter((line) => line.carriedForward || line.kind === 'adjustment')
    .reduce((total, line) => total + line.amountMinor, 0);
  return {
    carrierFeesMinor,
    carrierFeeRefundsMinor,
    topUpFeesMinor,
    adjustmentsMinor,
    netPayoutMinor: payoutMinor,
    openingBalanceMinor,
    closingBalanceMinor:
      openingBalanceMinor + carrierFeesMinor - carrierFeeRefundsMinor + topUpFeesMinor + adjustmentsMinor - payoutMinor,
  };
};

/**
 * The carriers' fee legs (and their refunds' reversals) among a statement's entries, as the
 * run's reconciliation compares them: each transfer with its amount, and the net the agents
 * earned from them. Seen from the revenue account a fee leg debits it, from the agent's fee
 * account it credits it: `sign` turns the entry's change into the agent's side.
 */
export const carrierFeeFigures = (
  entries: readonly WindowEntry[],
  sign: 1 | -1,
): { readonly carrierFeesMinor: number; readonly carrierFeesFingerprint: string } => {
  const movements: Movement[] = [];
  let carrierFeesMinor = 0;
  for (const entry of entries) {
    if (chargeLegOf(entry.transfer)?.leg !== 'carrierFee') continue;
    movements.push({ transferId: entry.transferId, amountMinor: Math.abs(entry.postedChangeMinor) });
    carrierFeesMinor += sign * entry.postedChangeMinor;
  }
  return { carrierFeesMinor, carrierFeesFingerprint: fingerprint(movements) };
};

/**
 * An agent's statement for a period: one line per transfer on its fee account (a carrier's fee
 * on a sale, a refund's return of one, a kiosk's top-up fee, an adjustment), and the payout. The
 * payout is the fee balance at the cut-off (opening balance plus this period's lines) when that
 * is at least the minimum; anything less, or a debit, is carried to the next statement, and so
 * is a payout the ledger refused (`withheld`: the statement says so in `payoutWithheld`).
 */
/** An agent statement's reconciliation figures: the carrier fee legs of its entries. */
export const agentFiguresOf = (currency: string, entries: readonly WindowEntry[]): ReconciliationFigures => ({
  currency,
  side: 'agent',
  salesMinor: 0,
  salesFingerprint: fingerprint([]),
  refundsMinor: 0,
  refundsFingerprint: fingerprint([]),
  platformFeesMinor: 0,
  ...carrierFeeFigures(entries, 1),
});

export const buildAgentStatement = (input: AgentStatementInput): BuiltAgentStatement => {
  const { window, feeAccountId } = input;
  const openingBalanceMinor = window.openingBalances[feeAccountId] ?? 0;
  ensureSafeAmounts([openingBalanceMinor, ...window.entries.map((entry) => entry.postedChangeMinor)]);
  const onStatement = new Set(window.entries.map((entry) => entry.transferId));
  const movementLines = window.entries.map((entry) => agentLineOf(input.agentId, entry, onStatement, input.catalog));
  const owedMinor = openingBalanceMinor + movementLines.reduce((sum, line) => sum + line.amountMinor, 0);
  const dueMinor = owedMinor >= Math.max(1, input.payoutMinimumMinor) ? owedMinor : 0;
  const withheld = input.withheld === undefined || dueMinor === 0 ? undefined : { reason: input.withheld, amountMinor: dueMinor };
  const payoutMinor = withheld === undefined ? dueMinor : 0;
  const { settlement, parts } = payoutParts(payoutMinor, agentPayoutTransferIdFor(input.statementId), input.payoutLegs);
  const lines: AgentLine[] = [
    ...movementLines,
    ...parts.map((part) => ({
      date: iso(input.asOfMs),
      kind: 'payout' as const,
      amountMinor: -part.amountMinor,
      carriedForward: false,
      transferId: part.transferId,
    })),
  ];
  const totals = agentTotalsOf(lines, openingBalanceMinor, payoutMinor);
  // Paired check: the totals and the lines tell the same balance.
  assert(
    totals.closingBalanceMinor === openingBalanceMinor + lines.reduce((sum, line) => sum + line.amountMinor, 0),
    'the totals of an agent statement add up to its lines',
  );
  return {
    body: {
      id: input.statementId,
      partyId: input.agentId,
      period: input.period.id,
      kind: 'agent_statement',
      currency: input.currency,
      totals,
      lines,
      ...(withheld === undefined ? {} : { payoutWithheld: withheld }),
    },
    closingBalances: { [feeAccountId]: totals.closingBalanceMinor },
    ...(settlement === undefined ? {} : { settlement }),
    reconciliation: agentFiguresOf(input.currency, window.entries),
  };
};
