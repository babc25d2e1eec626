import { afterAll, describe, expect, it } from 'vitest';
import { DomainError } from '../../../shared/errors';
import { DynamoDbLedger } from '../../../shared/adapters/aws/ledger-dynamodb';
import type { Ledger, TransferOperation } from '../../../shared/domain/ledger';
import { LINKED_TRANSFERS_MAX } from '../../../shared/limits';
import { openWallet, openWorld } from '../../contract/ledger-contract';
import { dropDynamoLedgers, makeDynamoLedger, newDynamoClient } from './table';
import { createTransfer } from '../../fixtures/transfers';

/**
 * Concurrency and crash safety against DynamoDB Local: real transactions, real conditions,
 * real cancellation reasons. Nothing here waits on time; the clock is a ManualClock.
 */
afterAll(dropDynamoLedgers);

/** A refund of the wallet's purchase from the world account. */
const refund = (id: string, amountMinor: number): TransferOperation => ({
  action: 'create',
  id,
  debitAccountId: 'world',
  creditAccountId: 'wallet',
  amountMinor,
  currency: 'JPY',
  reversesTransferId: 'purchase',
});

const settle = async <T>(actions: readonly Promise<T>[]): Promise<{ fulfilled: T[]; codes: string[] }> => {
  const results = await Promise.allSettled(actions);
  const fulfilled: T[] = [];
  const codes: string[] = [];
  for (const result of results) {
    if (result.status === 'fulfilled') fulfilled.push(result.value);
    else if (result.reason instanceof DomainError) codes.push(result.reason.code);
    else throw result.reason;
  }
  return { fulfilled, codes };
};

const createHolds = async (
  ledger: Ledger,
  prefix: string,
  count: number,
  timeoutSeconds: (index: number) => number,
): Promise<void> => {
  for (let start = 0; start < count; start += LINKED_TRANSFERS_MAX) {
    const indexes = Array.from({ length: Math.min(LINKED_TRANSFERS_MAX, count - start) }, (_, offset) => start + offset);
    await ledger.createTransfers(
      indexes.map((index) => createTransfer(`${prefix}-${index}`, 'world', 'escrow', 1, timeoutSeconds(index))),
    );
  }
};

describe('DynamoDB ledger under concurrency', () => {
  it('lets exactly 10 of 50 concurrent debits through a wallet that affords 10 and keeps the balance exact', async () => {
    // Prepare
    const { ledger } = await makeDynamoLedger();
    await openWorld(ledger);
    await openWallet(ledger, 'wallet', 1_000);
    await ledger.createAccount({ id: 'shop', currency: 'JPY', balanceShards: 1 });
    // Act
    const { fulfilled, codes } = await settle(
      Array.from({ length: 50 }, (_, index) => ledger.createTransfers([createTransfer(`debit-${index}`, 'wallet', 'shop', 100)])),
    );
    // Assess
    expect(fulfilled).toHaveLength(10);
    expect(codes).toEqual(Array.from({ length: 40 }, () => 'EXCEEDS_CREDITS'));
    expect((await ledger.getAccount('wallet')).balances).toMatchObject({
      debitsPosted: 1_000,
      creditsPosted: 1_000,
      posted: 0,
      available: 0,
    });
    expect((await ledger.getAccount('shop')).balances.creditsPosted).toBe(1_000);
    expect((await ledger.listEntries('shop', { limit: 100 })).entries).toHaveLength(10);
  });

  it('lets exactly one of a concurrent post and void of the same hold win', async () => {
    const { ledger } = await makeDynamoLedger();
    await openWorld(ledger);
    await openWallet(ledger, 'wallet', 1_000);
    await ledger.createTransfers([createTransfer('hold', 'wallet', 'world', 600, 60)]);

    const { fulfilled, codes } = await settle([
      ledger.postPending({ pendingId: 'hold' }),
      ledger.voidPending({ pendingId: 'hold' }),
      ledger.postPending({ pendingId: 'hold' }),
    ]);

    const hold = await ledger.getTransfer('hold');
    const wallet = await ledger.getAccount('wallet');
    expect(fulfilled.filter((outcome) => outcome.result === 'created')).toHaveLength(1);
    expect(wallet.balances.debitsPending).toBe(0);
    expect(wallet.balances.debitsPosted).toBe(hold.state === 'posted' ? 600 : 0);
    for (const code of codes) expect(['PENDING_TRANSFER_ALREADY_POSTED', 'PENDING_TRANSFER_ALREADY_VOIDED']).toContain(code);
  });

  it('lets one of 10 concurrent full reversals of a transfer through, so reversals never move back more than it moved', async () => {
    // Prepare
    const { ledger } = await makeDynamoLedger();
    await openWorld(ledger);
    await openWallet(ledger, 'wallet', 1_000);
    await ledger.createTransfers([createTransfer('purchase', 'wallet', 'world', 600)]);
    // Act
    const { fulfilled, codes } = await settle(
      Array.from({ length: 10 }, (_, index) => ledger.createTransfers([refund(`refund-${index}`, 600)])),
    );
    // Assess
    expect(fulfilled).toHaveLength(1);
    expect(codes).toEqual(Array.from({ length: 9 }, () => 'REVERSAL_AMOUNT_EXCEEDS_ORIGINAL'));
    expect((await ledger.getAccount('wallet')).balances).toMatchObject({
      debitsPosted: 600,
      creditsPosted: 1_600,
      posted: 1_000,
    });
  });

  it('lets concurrent partial reversals through only while their sum fits the original', async () => {
    const { ledger } = await makeDynamoLedger();
    await openWorld(ledger);
    await openWallet(ledger, 'wallet', 1_000);
    await ledger.createTransfers([createTransfer('purchase', 'wallet', 'world', 100)]);

    const { fulfilled, codes } = await settle(
      Array.from({ length: 8 }, (_, index) => ledger.createTransfers([refund(`refund-${index}`, 30)])),
    );

    expect(fulfilled).toHaveLength(3);
    expect(codes).toEqual(Array.from({ length: 5 }, () => 'REVERSAL_AMOUNT_EXCEEDS_ORIGINAL'));
    expect((await ledger.getAccount('wallet')).balances).toMatchObject({ creditsPosted: 1_090 });
  });

  it('expires each due hold exactly once when two sweeps overlap', async () => {
    const { ledger, clock, client, tableName } = await makeDynamoLedger();
    const secondSweeper = new DynamoDbLedger({ client, tableName, clock });
    await openWorld(ledger);
    await ledger.createAccount({ id: 'escrow', currency: 'JPY' });
    await createHolds(ledger, 'hold', 40, () => 30);
    clock.advanceSeconds(120);

    const [first, second] = await Promise.all([ledger.expireDue({ limit: 100 }), secondSweeper.expireDue({ limit: 100 })]);

    const expired = [...first.expired, ...second.expired].sort();
    expect(expired).toEqual(Array.from({ length: 40 }, (_, index) => `hold-${index}`).sort());
    expect((await ledger.getAccount('world')).balances).toMatchObject({ debitsPending: 0, debitsPosted: 0 });
    expect((await ledger.getAccount('escrow')).balances).toMatchObject({ creditsPending: 0 });
    expect((await ledger.expireDue({ limit: 100 })).expired).toEqual([]);
  });

  it('reads the same number of items when sweeping with 0 or 300 live holds that are not due', async () => {
    const sweepWithLiveHolds = async (liveHolds: number): Promise<number> => {
      const { ledger, clock } = await makeDynamoLedger();
      await openWorld(ledger);
      await ledger.createAccount({ id: 'escrow', currency: 'JPY' });
      await ledger.createTransfers([createTransfer('due', 'world', 'escrow', 1, 5)]);
      // A third fall due later in the same minute bucket, the rest in later buckets.
      await createHolds(ledger, 'live', liveHolds, (index) => (index % 3 === 0 ? 40 + (index % 19) : 120 + index * 7));
      clock.advanceSeconds(20);
      const sweep = await ledger.expireDue({ limit: 100 });
      expect(sweep.expired).toEqual(['due']);
      return sweep.itemsRead;
    };

    const withoutLiveHolds = await sweepWithLiveHolds(0);
    const withLiveHolds = await sweepWithLiveHolds(300);

    expect(withLiveHolds).toBe(withoutLiveHolds);
  });
});

/**
 * Fault injection the emulator cannot produce: a middleware around the client's `send`
 * fails call k, either before the request leaves (nothing happened) or after DynamoDB
 * answered (the write happened, the caller never heard). The caller then retries, and the
 * test asserts exactly one effect.
 */
describe('DynamoDB ledger crash safety', () => {
  type Mode = 'before-forwarding' | 'after-forwarding';

  const faultyLedger = async () => {
    const client = newDynamoClient();
    const fixture = await makeDynamoLedger({ client });
    const fault = {
      mode: 'before-forwarding' as Mode,
      /** Only calls of commands matching this count; every command by default. */
      onlyCommands: /./,
      failAtCall: 0,
      calls: 0,
      matchingCalls: 0,
    };
    client.middlewareStack.add(
      (next, context) => async (args) => {
        fault.calls += 1;
        if (!fault.onlyCommands.test(context.commandName ?? '')) return next(args);
        fault.matchingCalls += 1;
        const failing = fault.matchingCalls === fault.failAtCall;
        if (failing && fault.mode === 'before-forwarding') throw new Error(`injected fault before call ${fault.matchingCalls}`);
        const result = await next(args);
        if (failing) throw new Error(`injected fault after call ${fault.matchingCalls}`);
        return result;
      },
      { step: 'initialize', name: 'ledgerFaultInjection' },
    );
    return { ...fixture, fault };
  };

  const modes: readonly Mode[] = ['before-forwarding', 'after-forwarding'];

  it('settles a hold exactly once whichever call of the settlement fails, after a retry', async () => {
    const { ledger, fault } = await faultyLedger();
    await openWorld(ledger);
    await ledger.createAccount({ id: 'clearing', currency: 'JPY' });
    await ledger.createAccount({ id: 'provider', currency: 'JPY' });
    await ledger.createAccount({ id: 'fees', currency: 'JPY', balanceShards: 4 });
    const settlement = (caseId: string): TransferOperation[] => [
      { action: 'post', pendingId: `hold-${caseId}`, amountMinor: 80 },
      createTransfer(`provider-${caseId}`, 'clearing', 'provider', 72),
      createTransfer(`fee-${caseId}`, 'clearing', 'fees', 8),
    ];
    // A clean run counts the calls one settlement makes.
    await ledger.createTransfers([createTransfer('hold-clean', 'world', 'clearing', 100, 600)]);
    const callsBefore = fault.matchingCalls;
    await ledger.createTransfers(settlement('clean'));
    const callsPerSettlement = fault.matchingCalls - callsBefore;
    expect(callsPerSettlement).toBeGreaterThanOrEqual(2);
    let cases = 1;

    for (let failingCall = 1; failingCall <= callsPerSettlement; failingCall += 1) {
      for (const mode of modes) {
        const caseId = `${failingCall}-${mode}`;
        await ledger.createTransfers([createTransfer(`hold-${caseId}`, 'world', 'clearing', 100, 600)]);
        fault.mode = mode;
        fault.failAtCall = fault.matchingCalls + failingCall;

        await expect(ledger.createTransfers(settlement(caseId))).rejects.toThrow(/injected fault/);
        const retry = await ledger.createTransfers(settlement(caseId));

        const committedBeforeCrash = failingCall === callsPerSettlement && mode === 'after-forwarding';
        expect(retry.map((outcome) => outcome.result)).toEqual(
          Array.from({ length: 3 }, () => (committedBeforeCrash ? 'exists' : 'created')),
        );
        cases += 1;
      }
    }

    expect((await ledger.getAccount('provider')).balances.posted).toBe(72 * cases);
    expect((await ledger.getAccount('fees')).balances.posted).toBe(8 * cases);
    expect((await ledger.getAccount('clearing')).balances).toMatchObject({ posted: 0, debitsPending: 0, creditsPending: 0 });
    expect((await ledger.getAccount('world')).balances).toMatchObject({ debitsPosted: 80 * cases, debitsPending: 0 });
    expect((await ledger.listEntries('provider', { limit: 100 })).entries).toHaveLength(cases);
  });

  it('creates a sharded account exactly once whichever call fails, after a retry', async () => {
    const { ledger, fault } = await faultyLedger();
    for (const mode of modes) {
      fault.mode = mode;
      fault.failAtCall = fault.matchingCalls + 1;

      await expect(ledger.createAccount({ id: `fees-${mode}`, currency: 'JPY', balanceShards: 8 })).rejects.toThrow(
        /injected fault/,
      );
      const retry = await ledger.createAccount({ id: `fees-${mode}`, currency: 'JPY', balanceShards: 8 });

      expect(retry.result).toBe(mode === 'after-forwarding' ? 'exists' : 'created');
      expect(retry.account.balances.posted).toBe(0);
    }
  });

  it('expires a hold exactly once when the sweep crashes at its transaction and runs again', async () => {
    for (const mode of modes) {
      const { ledger, clock, fault } = await faultyLedger();
      await openWorld(ledger);
      await ledger.createAccount({ id: 'escrow', currency: 'JPY' });
      await ledger.createTransfers([createTransfer('hold', 'world', 'escrow', 100, 5)]);
      clock.advanceSeconds(30);
      fault.mode = mode;
      fault.onlyCommands = /TransactWrite/;
      fault.failAtCall = fault.matchingCalls + 1;

      await expect(ledger.expireDue({ limit: 10 })).rejects.toThrow(/injected fault/);
      const rerun = await ledger.expireDue({ limit: 10 });

      expect(rerun.expired).toEqual(mode === 'after-forwarding' ? [] : ['hold']);
      expect(await ledger.getTransfer('hold')).toMatchObject({ state: 'expired' });
      expect((await ledger.getAccount('world')).balances).toMatchObject({ debitsPending: 0, debitsPosted: 0 });
      expect((await ledger.listEntries('escrow', { limit: 10 })).entries.map((entry) => entry.kind)).toEqual([
        'pending',
        'expire',
      ]);
    }
  });
});
