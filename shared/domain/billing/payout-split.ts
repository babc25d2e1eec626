import { assert, DomainError, isDomainError, quoted, type ErrorCode } from '../../errors';
import { derivedId } from '../../ids';
import { LINKED_TRANSFERS_MAX, statedPostedCounterMax } from '../../limits';
import { shardOf } from '../ledger/keys';
import type { LedgerTransfers } from '../ledger/ports';
import type { StatementMessage } from './ports';
import type { StatementSettlement } from './types';
import { BILLING_CODES } from './window';

/** One transfer of a payout split over the shards of the account it is paid out of. */
export type PayoutLeg = NonNullable<StatementSettlement['legs']>[number];

/** One leg of a split payout: the shard of the account it debits, and how much. */
export interface PlannedLeg {
  readonly shard: number;
  readonly amountMinor: number;
}

/** Attempts at a split payout that met other writes (a debit of the account, a twin worker) before it is retried later. */
const SPLIT_ATTEMPTS_MAX = 4;

/** Refusals that mean the counters moved since they were read, or a twin posted its legs first: read again. */
const READ_AGAIN: ReadonlySet<ErrorCode> = /* @__PURE__ */ new Set<ErrorCode>([
  'BALANCE_OVERFLOW',
  'TRANSFER_EXISTS_WITH_DIFFERENT_FIELDS',
  'LINKED_TRANSFER_FAILED',
]);

/**
 * The id of a split payout's leg on `shard`: derived from the statement and the shard, with the
 * first salt whose id the ledger places on that shard (it places a transfer by its id, `shardOf`).
 */
export const payoutLegIdFor = (statementId: string, shard: number, balanceShards: number): string => {
  for (let salt = 0; salt < 64 * balanceShards; salt += 1) {
    const id = derivedId('trf', 'billing-payout-leg', statementId, String(shard), String(salt));
    if (shardOf(id, balanceShards) === shard) return id;
  }
  throw new Error(`no leg id lands on shard ${shard} of ${balanceShards}`);
};

/**
 * How a payout of `amountMinor` is split over an account's balance shards, given each shard's
 * posted debits, so that no shard's debits pass its stated bound (`statedPostedCounterMax`):
 * a leg on every shard with room (at most LINKED_TRANSFERS_MAX, the roomiest first), each at least
 * 1, the rest in proportion to each shard's room, what is left in shard order up to each one's
 * room. Undefined when those shards together have less room than the payout: the account as a
 * whole cannot pay it (posted counters only grow, so it never will without new money moving).
 * Every shard with room takes a leg so that two plans of one payout made from counters read at
 * different moments share a leg (the later reader's shards with room are among the earlier's):
 * of two twins, the second to post is refused, never paying twice.
 */
export const splitPayout = (debitsPosted: readonly bigint[], amountMinor: number): readonly PlannedLeg[] | undefined => {
  const bound = statedPostedCounterMax(debitsPosted.length);
  const rooms = debitsPosted
    .map((debits, shard) => ({ shard, room: bound > debits ? bound - debits : 0n }))
    .filter(({ room }) => room > 0n)
    .sort((left, right) => (left.room === right.room ? left.shard - right.shard : left.room > right.room ? -1 : 1))
    .slice(0, Math.min(LINKED_TRANSFERS_MAX, amountMinor));
  const amount = BigInt(amountMinor);
  const total = rooms.reduce((sum, { room }) => sum + room, 0n);
  if (rooms.length === 0 || total < amount) return undefined;
  const count = BigInt(rooms.length);
  const spare = total - count;
  const legs = rooms.map(({ room }) => 1n + (spare === 0n ? 0n : ((amount - count) * (room - 1n)) / spare));
  let left = amount - legs.reduce((sum, leg) => sum + leg, 0n);
  for (let index = 0; left > 0n && index < rooms.length; index += 1) {
    const room = rooms[index]?.room ?? 0n;
    const leg = legs[index] ?? 0n;
    const more = room - leg < left ? room - leg : left;
    legs[index] = leg + more;
    left -= more;
  }
  assert(left === 0n, 'the legs of a split payout add up to it');
  return rooms
    .map(({ shard, room }, index) => {
      const leg = legs[index] ?? 0n;
      assert(leg >= 1n && leg <= room, "each leg of a split payout is within its shard's room");
      return { shard, amountMinor: Number(leg) };
    })
    .sort((left, right) => left.shard - right.shard);
};

/** The legs a twin (or an earlier attempt) posted for this payout: all or none, since they are linked. */
const postedLegs = async (ledger: LedgerTransfers, ids: readonly string[]): Promise<PayoutLeg[]> => {
  const found = await Promise.all(
    ids.map(async (transferId) => {
      try {
        return await ledger.getTransfer(transferId);
      } catch (error) {
        if (isDomainError(error) && error.code === 'TRANSFER_NOT_FOUND') return undefined;
        throw error;
      }
    }),
  );
  return found.flatMap((transfer) =>
    transfer === undefined ? [] : [{ transferId: transfer.id, amountMinor: transfer.amountMinor }],
  );
};

/**
 * Pays out a payout that one transfer cannot make (its shard's debits would pass the stated
 * bound) as linked legs over the account's shards (`splitPayout`), all or nothing. Flow: read
 * the shards' posted debits, then whether the legs were posted already (a redelivery, a twin:
 * they are the answer), then post the plan. The order makes it safe against a twin: legs posted
 * before this read of the counters are found by the later look-up; legs posted after it fit
 * within shards that had room at this read, so the two plans share a leg and the second is
 * refused, and read again. Undefined: the account as a whole cannot pay it, or the ledger refused
 * every attempt at its bound (withheld either way: billing never stalls on a payout).
 */
export const postSplitPayout = async (
  ledger: LedgerTransfers,
  message: StatementMessage,
  statement: { readonly id: string; readonly paidOutOf: string; readonly paidInto: string },
  settlement: StatementSettlement,
): Promise<readonly PayoutLeg[] | undefined> => {
  let refusedFor: ErrorCode | undefined;
  for (let attempt = 1; attempt <= SPLIT_ATTEMPTS_MAX; attempt += 1) {
    const debits = await ledger.shardDebitsPosted(statement.paidOutOf);
    const ids = debits.map((_, shard) => payoutLegIdFor(statement.id, shard, debits.length));
    const posted = await postedLegs(ledger, ids);
    if (posted.length > 0) {
      const paid = posted.reduce((sum, leg) => sum + leg.amountMinor, 0);
      assert(paid === settlement.amountMinor, 'the posted legs of a split payout add up to the statement’s payout');
      return posted;
    }
    const plan = splitPayout(debits, settlement.amountMinor);
    if (plan === undefined) return undefined;
    const legs = plan.map(({ shard, amountMinor }) => ({ transferId: ids[shard] ?? '', amountMinor }));
    try {
      const outcomes = await ledger.createTransfers(
        legs.map(({ transferId, amountMinor }) => ({
          action: 'create' as const,
          id: transferId,
          debitAccountId: statement.paidOutOf,
          creditAccountId: statement.paidInto,
          amountMinor,
          currency: message.currency,
          code: BILLING_CODES.payout,
          reference: statement.id,
        })),
      );
      assert(
        outcomes.every((outcome, index) => outcome.transfer.amountMinor === legs[index]?.amountMinor),
        'the legs moved what the plan says',
      );
      return legs;
    } catch (error) {
      if (!isDomainError(error) || !READ_AGAIN.has(error.code)) throw error;
      refusedFor = error.code;
    }
  }
  // Refused at the bound every time although the counters said the legs fit, and no twin's legs
  // found: a bound this plan does not see. Withheld, so that billing never stalls on it.
  if (refusedFor === 'BALANCE_OVERFLOW') return undefined;
  throw new DomainError(
    'TRANSACTION_CONFLICT',
    `The split payout of statement ${quoted(statement.id)} kept meeting other writes of ${quoted(statement.paidOutOf)}; retry.`,
  );
};

/**
 * A statement's payout of `payoutMinor` (none when 0): one transfer, or the legs it was paid in
 * (`legs`, which add up to it), each then a payout line of its own, in shard order.
 */
export const payoutParts = (
  payoutMinor: number,
  transferId: string,
  legs: readonly PayoutLeg[] | undefined,
): { readonly settlement?: StatementSettlement; readonly parts: readonly PayoutLeg[] } => {
  if (payoutMinor <= 0) return { parts: [] };
  const first = legs?.[0];
  if (legs === undefined || first === undefined) {
    return {
      settlement: { kind: 'payout', transferId, amountMinor: payoutMinor },
      parts: [{ transferId, amountMinor: payoutMinor }],
    };
  }
  assert(legs.reduce((sum, leg) => sum + leg.amountMinor, 0) === payoutMinor, 'the legs of a payout add up to it');
  return { settlement: { kind: 'payout', transferId: first.transferId, amountMinor: payoutMinor, legs }, parts: legs };
};
