import { describe, expect, it } from 'vitest';
import {
  evaluateBatch,
  jsonMinor,
  normalizeOperations,
  zeroBalances,
  type AccountRecord,
  type Balances,
  type LedgerSnapshot,
} from '../../../shared/domain/ledger';
import { LEDGER_COUNTER_MINOR_MAX } from '../../../shared/limits';

/**
 * The pure decision function at the edges no store can reach in a test: a counter at the
 * largest number DynamoDB stores (38 digits) would take more than 10^22 transfers to fill.
 */
const NOW_MS = Date.parse('2026-11-22T02:13:00.000Z');

const account = (id: string, balanceShards: number): AccountRecord => ({
  id,
  currency: 'JPY',
  flags: { debitsMustNotExceedCredits: false, creditsMustNotExceedDebits: false },
  limitMinor: 0,
  balanceShards,
  createdAtMs: NOW_MS,
});

const snapshotWith = (exact: Balances): LedgerSnapshot => {
  const accounts = new Map([
    ['world', account('world', 16)],
    ['full', account('full', 1)],
  ]);
  return {
    account: (accountId) => accounts.get(accountId),
    exactBalances: (accountId) => (accountId === 'full' ? exact : undefined),
    transfer: () => undefined,
    reversedMinor: () => 0,
  };
};

const transferInto = (amountMinor: number) =>
  normalizeOperations([
    { action: 'create', id: 't1', debitAccountId: 'world', creditAccountId: 'full', amountMinor, currency: 'JPY' },
  ]);

describe('evaluateBatch at the edge of what DynamoDB stores', () => {
  it('plans a transfer that fills an exact counter up to the largest storable number', () => {
    const snapshot = snapshotWith({ ...zeroBalances, creditsPosted: LEDGER_COUNTER_MINOR_MAX - 5n });

    const evaluation = evaluateBatch(transferInto(5), snapshot, NOW_MS);

    expect(evaluation.kind).toBe('apply');
  });

  it('refuses with BALANCE_OVERFLOW, naming the account, a transfer that would pass it', () => {
    const snapshot = snapshotWith({ ...zeroBalances, creditsPosted: LEDGER_COUNTER_MINOR_MAX - 5n });

    const evaluation = evaluateBatch(transferInto(6), snapshot, NOW_MS);

    expect(evaluation.kind).toBe('failed');
    if (evaluation.kind !== 'failed') return;
    expect(evaluation.error.code).toBe('BALANCE_OVERFLOW');
    expect(evaluation.error.detail).toContain('account full');
  });
});

describe('balances in JSON', () => {
  it('are integers up to 2^53 − 1 in magnitude and decimal strings beyond', () => {
    const max = BigInt(Number.MAX_SAFE_INTEGER);

    expect([max, -max, 0n].map(jsonMinor)).toEqual([Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER, 0]);
    expect([max + 1n, -max - 1n, LEDGER_COUNTER_MINOR_MAX].map(jsonMinor)).toEqual([
      '9007199254740992',
      '-9007199254740992',
      '99999999999999999999999999999999999999',
    ]);
  });
});
