import { describe, expect, it } from 'vitest';
import { agentLineKindOf, agentPayoutTransferIdFor, buildAgentStatement } from '../../../shared/domain/billing/agent-statement';
import { statementCsv } from '../../../shared/domain/billing/documents';
import { parsePeriod } from '../../../shared/domain/billing/period';
import type { LedgerWindow, WindowEntry } from '../../../shared/domain/billing/window';
import { topUpFeeTransferId, topUpTransferId } from '../../../shared/domain/parties/topup';
import {
  purchaseLegTransferIdFor,
  purchaseReversalTransferIdFor,
  reservationLateCaptureTransferIdFor,
  reservationLegTransferIdFor,
} from '../../../shared/domain/payments/charge-legs';

/**
 * An agent statement, pure: what each transfer on the agent's fee account is, the amounts,
 * carried-forward lines and the payout (docs/billing.md, "Agent statement").
 */
const AGENT = 'agt_carrier';
const FEES = `agent-fees:${AGENT}:JPY`;
const OCTOBER = parsePeriod('2026-10');
const MID_OCTOBER_MS = Date.parse('2026-10-15T10:00:00.000Z');
const SEPTEMBER_MS = Date.parse('2026-09-20T10:00:00.000Z');
const AS_OF_MS = Date.parse('2026-11-01T00:01:00.000Z');

interface EntryInput {
  readonly id: string;
  readonly changeMinor: number;
  readonly reference?: string;
  readonly code?: string;
  readonly reversesTransferId?: string;
  readonly counter?: string;
  readonly billedAtMs?: number;
}

const entry = (input: EntryInput): WindowEntry => {
  const billedAtMs = input.billedAtMs ?? MID_OCTOBER_MS;
  const counter = input.counter ?? 'revenue:prv_1:JPY';
  const credit = input.changeMinor > 0;
  return {
    accountId: FEES,
    transferId: input.id,
    kind: 'single',
    counterAccountId: counter,
    postedChangeMinor: input.changeMinor,
    effectiveAtMs: billedAtMs,
    recordedAtMs: billedAtMs,
    billedAtMs,
    late: billedAtMs < OCTOBER.startMs,
    transfer: {
      id: input.id,
      kind: 'single',
      debitAccountId: credit ? counter : FEES,
      creditAccountId: credit ? FEES : counter,
      amountMinor: Math.abs(input.changeMinor),
      currency: 'JPY',
      ...(input.code === undefined ? {} : { code: input.code }),
      ...(input.reference === undefined ? {} : { reference: input.reference }),
      ...(input.reversesTransferId === undefined ? {} : { reversesTransferId: input.reversesTransferId }),
      effectiveAt: new Date(billedAtMs).toISOString(),
      recordedAt: new Date(billedAtMs).toISOString(),
    },
  };
};

const windowOf = (entries: readonly WindowEntry[], openingMinor = 0): LedgerWindow => ({
  entries,
  openingBalances: { [FEES]: openingMinor },
  itemsRead: entries.length,
});

const build = (entries: readonly WindowEntry[], options: { openingMinor?: number; payoutMinimumMinor?: number } = {}) =>
  buildAgentStatement({
    statementId: 'stm_agent',
    agentId: AGENT,
    period: OCTOBER,
    currency: 'JPY',
    asOfMs: AS_OF_MS,
    feeAccountId: FEES,
    window: windowOf(entries, options.openingMinor),
    catalog: new Map([['pur_1', { offerId: 'off_1' }]]),
    payoutMinimumMinor: options.payoutMinimumMinor ?? 0,
  });

const carrierFee = (purchaseId: string, amountMinor: number, billedAtMs?: number) =>
  entry({
    id: purchaseLegTransferIdFor(purchaseId, 'carrierFee'),
    changeMinor: amountMinor,
    reference: purchaseId,
    code: 'carrier_fee',
    ...(billedAtMs === undefined ? {} : { billedAtMs }),
  });

const carrierFeeRefund = (purchaseId: string, amountMinor: number) =>
  entry({
    id: purchaseReversalTransferIdFor(purchaseId, 'carrierFee'),
    changeMinor: -amountMinor,
    reference: purchaseId,
    code: 'purchase_refund',
    reversesTransferId: purchaseLegTransferIdFor(purchaseId, 'carrierFee'),
  });

const topUpFee = (reference: string, amountMinor: number) =>
  entry({
    id: topUpFeeTransferId(topUpTransferId(AGENT, reference)),
    changeMinor: amountMinor,
    reference,
    code: 'topup_fee',
    counter: `agent-cash:${AGENT}:JPY`,
  });

describe('what a transfer on an agent fee account is', () => {
  it('is told by the id its flow derives, not by its code or the accounts it moves', () => {
    // Prepare
    const feeOf = (reference: string) => topUpFeeTransferId(topUpTransferId(AGENT, reference));

    // Act, Assess
    expect(agentLineKindOf(AGENT, { id: purchaseLegTransferIdFor('pur_1', 'carrierFee'), reference: 'pur_1' })).toBe(
      'carrier_fee',
    );
    expect(agentLineKindOf(AGENT, { id: reservationLegTransferIdFor('rsv_1', 'carrierFee'), reference: 'rsv_1' })).toBe(
      'carrier_fee',
    );
    expect(agentLineKindOf(AGENT, { id: reservationLateCaptureTransferIdFor('rsv_1', 'carrierFee'), reference: 'rsv_1' })).toBe(
      'carrier_fee',
    );
    expect(
      agentLineKindOf(AGENT, {
        id: purchaseReversalTransferIdFor('pur_1', 'carrierFee'),
        reference: 'pur_1',
        reversesTransferId: purchaseLegTransferIdFor('pur_1', 'carrierFee'),
      }),
    ).toBe('carrier_fee_refund');
    expect(agentLineKindOf(AGENT, { id: feeOf('r-1'), reference: 'r-1', code: 'topup_fee' })).toBe('topup_fee');
    expect(agentLineKindOf(AGENT, { id: 'trf_fix', reference: 'r-1', reversesTransferId: feeOf('r-1') })).toBe(
      'topup_fee_reversal',
    );
    // Another agent's top-up fee id, an operator's transfer naming a purchase or carrying the code, a post leg: adjustments.
    expect(
      agentLineKindOf(AGENT, {
        id: topUpFeeTransferId(topUpTransferId('agt_other', 'r-1')),
        reference: 'r-1',
        code: 'topup_fee',
      }),
    ).toBe('adjustment');
    expect(agentLineKindOf(AGENT, { id: 'trf_goodwill', reference: 'pur_1', code: 'carrier_fee' })).toBe('adjustment');
    expect(agentLineKindOf(AGENT, { id: 'trf_ops', reference: 'r-1', code: 'topup_fee' })).toBe('adjustment');
    expect(agentLineKindOf(AGENT, { id: purchaseLegTransferIdFor('pur_1', 'post'), reference: 'pur_1' })).toBe('adjustment');
    expect(agentLineKindOf(AGENT, { id: 'trf_rev', reversesTransferId: 'trf_ops' })).toBe('adjustment');
  });
});

describe('an agent statement', () => {
  it('states carrier fees, their refunds and top-up fees as the ledger moved them, and pays the balance out', () => {
    // Prepare: fees as the settlement split rounded them down (5 % of 1,001 is 50), a refund, a kiosk fee.
    const entries = [carrierFee('pur_1', 50), carrierFee('pur_2', 33), carrierFeeRefund('pur_2', 33), topUpFee('r-1', 50)];

    // Act
    const built = build(entries, { openingMinor: 7 });

    // Assess
    expect(
      built.body.lines.map(({ kind, amountMinor, carriedForward, reference }) => ({
        kind,
        amountMinor,
        carriedForward,
        reference,
      })),
    ).toEqual([
      { kind: 'carrier_fee', amountMinor: 50, carriedForward: false, reference: 'pur_1' },
      { kind: 'carrier_fee', amountMinor: 33, carriedForward: false, reference: 'pur_2' },
      { kind: 'carrier_fee_refund', amountMinor: -33, carriedForward: false, reference: 'pur_2' },
      { kind: 'topup_fee', amountMinor: 50, carriedForward: false, reference: 'r-1' },
      { kind: 'payout', amountMinor: -107, carriedForward: false, reference: undefined },
    ]);
    expect(built.body.lines[0]).toMatchObject({ offerId: 'off_1' });
    expect(built.body.totals).toEqual({
      carrierFeesMinor: 83,
      carrierFeeRefundsMinor: 33,
      topUpFeesMinor: 50,
      adjustmentsMinor: 0,
      netPayoutMinor: 107,
      openingBalanceMinor: 7,
      closingBalanceMinor: 0,
    });
    expect(built.settlement).toEqual({ kind: 'payout', transferId: agentPayoutTransferIdFor('stm_agent'), amountMinor: 107 });
    expect(built.body.lines.at(-1)?.transferId).toBe(agentPayoutTransferIdFor('stm_agent'));
    expect(built.closingBalances).toEqual({ [FEES]: 0 });
    expect(built.reconciliation).toMatchObject({ side: 'agent', carrierFeesMinor: 50, salesMinor: 0, platformFeesMinor: 0 });
  });

  it('carries forward a backdated fee and a refund of a fee an earlier statement paid, as adjustments', () => {
    // Prepare: a September fee recorded after September's cut-off; a refund of a fee paid in September.
    const late = carrierFee('pur_9', 40, SEPTEMBER_MS);
    const refundOfEarlier = carrierFeeRefund('pur_8', 25);

    // Act
    const built = build([late, refundOfEarlier, carrierFee('pur_1', 50)]);

    // Assess
    expect(built.body.lines.map(({ kind, carriedForward }) => ({ kind, carriedForward }))).toEqual([
      { kind: 'carrier_fee', carriedForward: true },
      { kind: 'carrier_fee_refund', carriedForward: true },
      { kind: 'carrier_fee', carriedForward: false },
      { kind: 'payout', carriedForward: false },
    ]);
    expect(built.body.totals).toMatchObject({
      carrierFeesMinor: 50,
      carrierFeeRefundsMinor: 0,
      adjustmentsMinor: 40 - 25,
      netPayoutMinor: 65,
      closingBalanceMinor: 0,
    });
  });

  it('carries a debit or a balance under the minimum to the next statement and posts no payout', () => {
    // Prepare, Act
    const debit = build([carrierFeeRefund('pur_8', 25)]);
    const small = build([topUpFee('r-1', 90)], { payoutMinimumMinor: 100 });
    const operators = build([entry({ id: 'trf_ops', changeMinor: -10, counter: 'ops:JPY' })], { openingMinor: 10 });

    // Assess
    expect(debit.settlement).toBeUndefined();
    expect(debit.body.totals).toMatchObject({ netPayoutMinor: 0, adjustmentsMinor: -25, closingBalanceMinor: -25 });
    expect(small.settlement).toBeUndefined();
    expect(small.body.totals).toMatchObject({ topUpFeesMinor: 90, netPayoutMinor: 0, closingBalanceMinor: 90 });
    expect(operators.body.lines).toEqual([
      expect.objectContaining({ kind: 'adjustment', amountMinor: -10, carriedForward: false, transferId: 'trf_ops' }),
    ]);
    expect(operators.body.totals).toMatchObject({ adjustmentsMinor: -10, openingBalanceMinor: 10, closingBalanceMinor: 0 });
  });

  it('is written as CSV with the documented columns and one row per total', () => {
    // Prepare, Act
    const csv = statementCsv(build([carrierFee('pur_1', 50)]).body);

    // Assess
    const rows = csv.split('\r\n');
    expect(rows[0]).toBe(
      'statementId,period,currency,line,date,kind,reference,offerId,channelId,amountMinor,carriedForward,transferId',
    );
    expect(rows[1]).toBe(
      `stm_agent,2026-10,JPY,1,2026-10-15T10:00:00.000Z,carrier_fee,pur_1,off_1,,50,false,${purchaseLegTransferIdFor('pur_1', 'carrierFee')}`,
    );
    expect(rows).toContain('stm_agent,2026-10,JPY,,,total,netPayoutMinor,,,50,,');
    expect(rows.filter((row) => row.includes(',total,'))).toHaveLength(7);
  });
});
