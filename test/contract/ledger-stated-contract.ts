import { describe, expect, it } from 'vitest';
import { shardOf } from '../../shared/domain/ledger';
import { isDomainError } from '../../shared/errors';
import { LEDGER_STATED_POSTED_MINOR_MAX, statedPostedCounterMax } from '../../shared/limits';
import { create, openWorld, type MakeLedger } from './ledger-contract';

/**
 * The accounts statements state (a customer's wallet and carrier account, a provider's revenue,
 * an agent's fees) keep their posted money within what a statement states exactly: each posted
 * counter of each balance item at most `statedPostedCounterMax(balanceShards)`, so the account's
 * posted debits and credits together stay within 2^52 − 1 and a bill of two accounts within
 * 2^53 − 1 (probe AJ D1). Any other account keeps counters far beyond 2^53 (ledger-contract.ts,
 * "counters past 2^53"), as before.
 */
const refusal = async (promise: Promise<unknown>) => {
  try {
    await promise;
  } catch (error) {
    if (isDomainError(error)) return { code: error.code, detail: error.detail, fields: error.fields };
    throw error;
  }
  throw new Error('expected a refusal');
};

/** Ids of transfers that the account's `shards` balance shards place on shard 0. */
const idsOnShardZero = (prefix: string, shards: number, count: number): string[] => {
  const ids: string[] = [];
  for (let n = 0; ids.length < count; n += 1) {
    if (shardOf(`${prefix}-${n}`, shards) === 0) ids.push(`${prefix}-${n}`);
  }
  return ids;
};

export const ledgerStatedContract = (name: string, makeLedger: MakeLedger): void => {
  describe(`${name}: accounts on statements stay statable`, () => {
    it('refuses a credit that would take an exact stated account past its bound with BALANCE_OVERFLOW naming the limit, moving nothing', async () => {
      // Prepare: a customer's wallet (exact: one balance item), its bound 2^51 − 1 per counter.
      const { ledger } = await makeLedger();
      const postedOf = async (accountId: string) => BigInt((await ledger.getAccount(accountId)).balances.posted);
      await openWorld(ledger);
      await ledger.createAccount({ id: 'shop', currency: 'JPY' });
      const wallet = 'wallet:cus_1:JPY';
      await ledger.createAccount({ id: wallet, currency: 'JPY', flags: { debitsMustNotExceedCredits: true } });
      const max = statedPostedCounterMax(1);
      expect(max).toBe(2n ** 51n - 1n);
      await ledger.createTransfers([create('t-fill', 'world', wallet, Number(max))]);

      // Act
      const over = await refusal(ledger.createTransfers([create('t-over', 'world', wallet, 1)]));
      const linked = await refusal(
        ledger.createTransfers([create('t-ok', 'world', 'shop', 5), create('t-over-2', 'world', wallet, 1)]),
      );

      // Assess
      expect(over).toMatchObject({ code: 'BALANCE_OVERFLOW', fields: [{ field: 'amountMinor' }] });
      // The detail names the counter the refused leg would pass, and that counter's bound (probe AM D2).
      expect(over.detail).toBe(`account "${wallet}" is on statements: its posted credits may not pass ${max} minor units`);
      expect(linked).toMatchObject({ code: 'BALANCE_OVERFLOW', fields: [{ field: 'transfers.1.amountMinor' }] });
      expect(await postedOf(wallet)).toBe(max);
      // Money going out is not the bound's business until the debits reach it too.
      await ledger.createTransfers([create('t-out', wallet, 'world', 1_000)]);
      expect(await postedOf(wallet)).toBe(max - 1_000n);
    }, 60_000);

    it('refuses the probe: 2^53 − 1 into a revenue account, and a shard of it filled to its bound refuses one more unit', async () => {
      // Prepare: a provider's revenue account with 2 balance shards, and the platform fee account.
      const { ledger } = await makeLedger();
      const postedOf = async (accountId: string) => BigInt((await ledger.getAccount(accountId)).balances.posted);
      await openWorld(ledger);
      await ledger.createAccount({ id: 'platform-fees:JPY', currency: 'JPY' });
      const revenue = 'revenue:prv_9:JPY';
      await ledger.createAccount({ id: revenue, currency: 'JPY', balanceShards: 2 });
      const max = statedPostedCounterMax(2);
      const [fill, over, other] = idsOnShardZero('t-rev', 2, 3);
      const [elsewhere] = [...Array(40).keys()].map((n) => `t-else-${n}`).filter((id) => shardOf(id, 2) === 1);
      if (fill === undefined || over === undefined || other === undefined || elsewhere === undefined) throw new Error('ids');

      // Act
      const typo = await refusal(
        ledger.createTransfers([create('t-typo', 'platform-fees:JPY', revenue, Number.MAX_SAFE_INTEGER)]),
      );
      await ledger.createTransfers([create(fill, 'world', revenue, Number(max))]);
      const full = await refusal(ledger.createTransfers([create(over, 'world', revenue, 1)]));
      await ledger.createTransfers([create(elsewhere, 'world', revenue, 7)]);

      // Assess: the shard's bound holds at commit time; the other shard still takes money; the
      // account's posted money never passes what a statement states.
      expect(typo).toMatchObject({ code: 'BALANCE_OVERFLOW', fields: [{ field: 'amountMinor' }] });
      expect(full).toMatchObject({ code: 'BALANCE_OVERFLOW', fields: [{ field: 'amountMinor' }] });
      expect(full.detail).toBe(
        `account "${revenue}" is on statements: the posted credits of its balance shard 0 may not pass ${max} minor units (one shard's share of what a statement states)`,
      );
      expect(typo.detail).toContain(`may not pass ${max} minor units`);
      const posted = await postedOf(revenue);
      expect(posted).toBe(max + 7n);
      expect(posted <= LEDGER_STATED_POSTED_MINOR_MAX).toBe(true);
      await expect(ledger.getTransfer(over)).rejects.toMatchObject({ code: 'TRANSFER_NOT_FOUND' });
    }, 60_000);

    it('keeps counters of accounts on no statement as before: an agent cash account takes 2^53 − 1 twice', async () => {
      // Prepare
      const { ledger } = await makeLedger();
      const postedOf = async (accountId: string) => BigInt((await ledger.getAccount(accountId)).balances.posted);
      await openWorld(ledger);
      const cash = 'agent-cash:agt_1:JPY';
      await ledger.createAccount({ id: cash, currency: 'JPY' });

      // Act
      await ledger.createTransfers([create('t-c1', 'world', cash, Number.MAX_SAFE_INTEGER)]);
      await ledger.createTransfers([create('t-c2', 'world', cash, Number.MAX_SAFE_INTEGER)]);

      // Assess
      expect(await postedOf(cash)).toBe(2n * BigInt(Number.MAX_SAFE_INTEGER));
    }, 60_000);

    it("reads each balance item's posted debits, where the ids placed them: a payout past one shard goes out in legs, one per shard", async () => {
      // Prepare: a revenue account of 4 shards, 3 units credited to each through ids placed there.
      const { ledger } = await makeLedger();
      await openWorld(ledger);
      const revenue = 'revenue:prv_1:JPY';
      await ledger.createAccount({ id: revenue, currency: 'JPY', balanceShards: 4 });
      const onShard = (prefix: string, shard: number) => {
        let n = 0;
        while (shardOf(`${prefix}-${n}`, 4) !== shard) n += 1;
        return `${prefix}-${n}`;
      };
      for (let shard = 0; shard < 4; shard += 1)
        await ledger.createTransfers([create(onShard('in', shard), 'world', revenue, 3)]);

      // Act: two linked legs out, on shards 1 and 3.
      await ledger.createTransfers([
        create(onShard('out', 1), revenue, 'world', 2),
        create(onShard('out', 3), revenue, 'world', 1),
      ]);

      // Assess
      expect(await ledger.shardDebitsPosted(revenue)).toEqual([0n, 2n, 0n, 1n]);
      expect(await ledger.shardDebitsPosted('world')).toHaveLength((await ledger.getAccount('world')).balanceShards);
      await expect(ledger.shardDebitsPosted('nobody')).rejects.toMatchObject({ code: 'ACCOUNT_NOT_FOUND' });
    }, 60_000);
  });
};
