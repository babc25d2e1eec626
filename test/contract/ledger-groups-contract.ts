import { describe, expect, it } from 'vitest';
import type { GroupOutcome, Ledger, TransferGroup, TransferOperation } from '../../shared/domain/ledger';
import { create, openWallet, openWorld, type MakeLedger } from './ledger-contract';

/**
 * `createTransferGroups`, the settlement worker's batched write: independent linked groups,
 * each all-or-nothing, each failing alone. Both ledgers run this suite.
 */
/** A purchase's hold: the wallet's money held for the clearing account. */
const holdFor = (purchase: string, wallet: string, amountMinor: number): TransferOperation =>
  create(`hold-${purchase}`, wallet, 'clearing', amountMinor, { timeoutSeconds: 600 });

/** A purchase's settlement: post the hold, move the provider's share and the platform fee out of clearing. */
const settlement = (purchase: string, amountMinor: number): TransferGroup => [
  { action: 'post', id: `post-${purchase}`, pendingId: `hold-${purchase}` },
  create(`provider-${purchase}`, 'clearing', 'provider', amountMinor - amountMinor / 10),
  create(`fee-${purchase}`, 'clearing', 'fees', amountMinor / 10),
];

const openMarket = async (ledger: Ledger): Promise<void> => {
  await openWorld(ledger);
  await ledger.createAccount({ id: 'clearing', currency: 'JPY', balanceShards: 4 });
  await ledger.createAccount({ id: 'provider', currency: 'JPY', balanceShards: 4 });
  await ledger.createAccount({ id: 'fees', currency: 'JPY', balanceShards: 4 });
};

const results = (outcomes: readonly GroupOutcome[]): (string | string[])[] =>
  outcomes.map((group) => (group.ok ? group.outcomes.map((outcome) => outcome.result) : group.error.code));

export const ledgerGroupsContract = (name: string, makeLedger: MakeLedger): void => {
  describe(`${name}: transfer groups`, () => {
    it('commits the accepted groups and refuses a group whose hold was voided, alone', async () => {
      const { ledger } = await makeLedger();
      await openMarket(ledger);
      for (const purchase of ['a', 'b', 'c']) {
        await openWallet(ledger, `wallet-${purchase}`, 1_000);
        await ledger.createTransfers([holdFor(purchase, `wallet-${purchase}`, 100)]);
      }
      await ledger.voidPending({ id: 'void-b', pendingId: 'hold-b' });

      const outcomes = await ledger.createTransferGroups(['a', 'b', 'c'].map((purchase) => settlement(purchase, 100)));

      expect(results(outcomes)).toEqual([
        ['created', 'created', 'created'],
        'PENDING_TRANSFER_ALREADY_VOIDED',
        ['created', 'created', 'created'],
      ]);
      const refused = outcomes[1];
      expect(refused?.ok === false ? refused.error.extensions : undefined).toMatchObject({ index: 0 });
      expect((await ledger.getAccount('provider')).balances.posted).toBe(180);
      expect((await ledger.getAccount('fees')).balances.posted).toBe(20);
      expect((await ledger.getAccount('clearing')).balances).toMatchObject({ posted: 0, pending: 0 });
      expect((await ledger.getAccount('wallet-b')).balances).toMatchObject({ posted: 1_000, pending: 0 });
      await expect(ledger.getTransfer('provider-b')).rejects.toMatchObject({ code: 'TRANSFER_NOT_FOUND' });
    });

    it('answers a redelivered batch `exists` and posts nothing twice, also for a group repeated in one call', async () => {
      const { ledger } = await makeLedger();
      await openMarket(ledger);
      await openWallet(ledger, 'wallet', 1_000);
      await ledger.createTransfers([holdFor('a', 'wallet', 100)]);
      await ledger.createTransfers([holdFor('b', 'wallet', 200)]);

      const first = await ledger.createTransferGroups([settlement('a', 100), settlement('a', 100)]);
      const again = await ledger.createTransferGroups([settlement('a', 100), settlement('b', 200)]);

      expect(results(first)).toEqual([
        ['created', 'created', 'created'],
        ['exists', 'exists', 'exists'],
      ]);
      expect(results(again)).toEqual([
        ['exists', 'exists', 'exists'],
        ['created', 'created', 'created'],
      ]);
      expect((await ledger.getAccount('provider')).balances.posted).toBe(270);
      expect((await ledger.getAccount('wallet')).balances).toMatchObject({ posted: 700, pending: 0 });
    });

    it('keeps a sharded account exact when a batch resolves its holds on one shard, and after a later resolution alone', async () => {
      const { ledger, clock } = await makeLedger();
      await openMarket(ledger);
      for (const purchase of ['a', 'b', 'c', 'd', 'e']) {
        await openWallet(ledger, `wallet-${purchase}`, 1_000);
        await ledger.createTransfers([holdFor(purchase, `wallet-${purchase}`, 100)]);
      }

      const outcomes = await ledger.createTransferGroups([
        settlement('a', 100),
        [
          { action: 'post', id: 'post-b', pendingId: 'hold-b', amountMinor: 60 },
          create('provider-b', 'clearing', 'provider', 54),
          create('fee-b', 'clearing', 'fees', 6),
        ],
        [{ action: 'void', id: 'void-c', pendingId: 'hold-c' }],
        settlement('d', 100),
      ]);

      expect(results(outcomes)).toEqual([
        ['created', 'created', 'created'],
        ['created', 'created', 'created'],
        ['created'],
        ['created', 'created', 'created'],
      ]);
      expect((await ledger.getAccount('clearing')).balances).toEqual({
        debitsPosted: 260,
        creditsPosted: 260,
        debitsPending: 0,
        creditsPending: 100,
        posted: 0,
        pending: 100,
        available: 0,
      });
      expect((await ledger.getAccount('provider')).balances.posted).toBe(234);
      expect((await ledger.getAccount('fees')).balances.posted).toBe(26);
      expect((await ledger.getAccount('wallet-b')).balances).toMatchObject({ posted: 940, pending: 0 });
      expect((await ledger.getAccount('wallet-c')).balances).toMatchObject({ posted: 1_000, pending: 0 });

      // Hold e, untouched by the batch, is posted alone (from the shard it was placed on), a minute later.
      clock.advanceSeconds(60);
      await ledger.postPending({ id: 'post-e', pendingId: 'hold-e', amountMinor: 30 });

      expect((await ledger.getAccount('clearing')).balances).toMatchObject({
        creditsPosted: 290,
        creditsPending: 0,
        debitsPending: 0,
        posted: 30,
        pending: 0,
      });
      expect((await ledger.getAccount('wallet-e')).balances).toMatchObject({ posted: 970, pending: 0 });
      const history = await ledger.listEntries('clearing', { limit: 100 });
      expect(history.entries).toHaveLength(16);
      expect(history.entries.at(-1)).toMatchObject({ transferId: 'post-e', postedBalanceAfter: 30, pendingBalanceAfter: 0 });
    });

    it('adds up groups on the same hot account and keeps a shared limited wallet within its credits', async () => {
      const { ledger } = await makeLedger();
      await openWorld(ledger);
      await ledger.createAccount({ id: 'fees', currency: 'JPY', balanceShards: 4 });
      await openWallet(ledger, 'wallet', 150);

      const outcomes = await ledger.createTransferGroups([
        [create('pay-1', 'wallet', 'fees', 100)],
        [create('pay-2', 'wallet', 'fees', 100)],
        [create('pay-3', 'world', 'fees', 7)],
      ]);

      expect(results(outcomes)).toEqual([['created'], 'EXCEEDS_CREDITS', ['created']]);
      expect((await ledger.getAccount('fees')).balances.posted).toBe(107);
      expect((await ledger.getAccount('wallet')).balances.posted).toBe(50);
      const history = await ledger.listEntries('fees', { limit: 10 });
      expect(history.entries.map((entry) => entry.transferId).sort()).toEqual(['pay-1', 'pay-3']);
      expect(history.entries.at(-1)?.postedBalanceAfter).toBe(107);
    });

    it('writes groups past the 100 items of one transaction, every group once', async () => {
      const { ledger } = await makeLedger();
      await openWorld(ledger);
      await ledger.createAccount({ id: 'fees', currency: 'JPY', balanceShards: 4 });
      const groups = Array.from({ length: 40 }, (_, index) => [
        create(`a-${index}`, 'world', 'fees', 1),
        create(`b-${index}`, 'world', 'fees', 2),
      ]);

      const outcomes = await ledger.createTransferGroups(groups);

      expect(outcomes.every((group) => group.ok && group.outcomes.every((outcome) => outcome.result === 'created'))).toBe(true);
      expect((await ledger.getAccount('fees')).balances.posted).toBe(120);
      const history = await ledger.listEntries('fees', { limit: 100 });
      expect(history.entries).toHaveLength(80);
      expect(history.entries.at(-1)?.postedBalanceAfter).toBe(120);
    });
  });
};
