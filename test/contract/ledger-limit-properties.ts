import fc from 'fast-check';
import { expect } from 'vitest';
import { DomainError } from '../../shared/errors';
import {
  zeroBalances,
  type AccountView,
  type Balances,
  type JsonMinor,
  type Ledger,
  type TransferOperation,
  type TransferView,
} from '../../shared/domain/ledger';
import type { LedgerWithHistory, MakeLedger } from './ledger-contract';

/**
 * The ledger near 2^53, as a property run against any implementation: random transfers,
 * holds, posts, voids and reversals of amounts at and just below 2^53 − 1 (the largest one
 * transfer may move), alone and concurrently, between a sharded and an exact unlimited
 * account, a prepaid wallet, a postpaid account and a sharded revenue account. After every step
 *   - every account reads, and its four counters equal, exactly, the sums of the transfers the
 *     ledger reported as created (a model kept in bigint: no rounding, nothing lost);
 *   - each balance is a JSON integer while a safe integer and a decimal string beyond;
 *   - limited accounts keep `available ≥ 0`;
 *   - the reversals of a transfer never move back more than it moved, also when two full
 *     reversals of it race.
 * At the end each account's history runs to its posted and pending balance. Any DomainError
 * is an acceptable answer to a random request except BALANCE_OVERFLOW: nothing here comes
 * near the 38 digits DynamoDB stores. Anything else (an InvariantViolationError, a parse
 * error of a stored counter) fails the property.
 */

const MAX_MINOR = Number.MAX_SAFE_INTEGER;
const ACCOUNTS = ['source-sharded', 'source-exact', 'wallet', 'postpaid', 'revenue'] as const;
const CONCURRENT_CALLS_MAX = 3;

type AccountId = (typeof ACCOUNTS)[number];

const openAccounts = async (ledger: Ledger): Promise<void> => {
  await ledger.createAccount({ id: 'source-sharded', currency: 'JPY', balanceShards: 2 });
  await ledger.createAccount({ id: 'source-exact', currency: 'JPY', balanceShards: 1 });
  await ledger.createAccount({ id: 'wallet', currency: 'JPY', flags: { debitsMustNotExceedCredits: true } });
  await ledger.createAccount({
    id: 'postpaid',
    currency: 'JPY',
    flags: { creditsMustNotExceedDebits: true },
    limitMinor: MAX_MINOR,
  });
  await ledger.createAccount({ id: 'revenue', currency: 'JPY', balanceShards: 3 });
};

type CallSpec =
  | {
      readonly kind: 'transfer';
      readonly debit: number;
      readonly credit: number;
      readonly amountMinor: number;
      readonly hold: boolean;
    }
  | { readonly kind: 'post'; readonly hold: number; readonly amountMinor?: number }
  | { readonly kind: 'void'; readonly hold: number }
  | { readonly kind: 'reverse'; readonly original: number; readonly full: boolean; readonly amountMinor: number };

type StepSpec =
  | CallSpec
  | { readonly kind: 'concurrent'; readonly calls: readonly CallSpec[] }
  | { readonly kind: 'reverseTwice'; readonly original: number };

/** Mostly at the top of the range, where sums pass 2^53 after two transfers. */
const amountArbitrary = fc.oneof(
  { weight: 3, arbitrary: fc.constant(MAX_MINOR) },
  { weight: 3, arbitrary: fc.integer({ min: MAX_MINOR - 1_000, max: MAX_MINOR }) },
  { weight: 2, arbitrary: fc.integer({ min: 2 ** 52, max: 2 ** 52 + 1_000 }) },
  { weight: 1, arbitrary: fc.integer({ min: 1, max: 1_000 }) },
);

const accountIndex = fc.integer({ min: 0, max: ACCOUNTS.length - 1 });

const callArbitrary: fc.Arbitrary<CallSpec> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('transfer' as const),
      // Sources pay more often than others, so wallets and revenue fill up.
      debit: fc.oneof({ weight: 2, arbitrary: fc.integer({ min: 0, max: 1 }) }, { weight: 1, arbitrary: accountIndex }),
      credit: accountIndex,
      amountMinor: amountArbitrary,
      hold: fc.integer({ min: 0, max: 3 }).map((roll) => roll === 0),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record(
      { kind: fc.constant('post' as const), hold: fc.nat(), amountMinor: amountArbitrary },
      { requiredKeys: ['kind', 'hold'] },
    ),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('void' as const), hold: fc.nat() }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('reverse' as const),
      original: fc.nat(),
      full: fc.boolean(),
      amountMinor: amountArbitrary,
    }),
  },
);

const stepArbitrary: fc.Arbitrary<StepSpec> = fc.oneof(
  { weight: 6, arbitrary: callArbitrary },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('concurrent' as const),
      calls: fc.array(callArbitrary, { minLength: 2, maxLength: CONCURRENT_CALLS_MAX }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('reverseTwice' as const), original: fc.nat() }) },
);

/** What the ledger said it did, kept exactly: the model the accounts must equal. */
interface RunState {
  readonly ledger: LedgerWithHistory;
  readonly model: Map<string, Balances>;
  /** Every hold created, with its amount; posts and voids pick among them. */
  readonly holds: TransferView[];
  /** Posted transfers that reversals pick among, with what their reversals moved back. */
  readonly originals: TransferView[];
  readonly reversedMinor: Map<string, bigint>;
  nextId: number;
}

const addTo = (state: RunState, accountId: string, change: Partial<Balances>): void => {
  const before = state.model.get(accountId);
  if (before === undefined) throw new Error(`no model for ${accountId}`);
  state.model.set(accountId, {
    debitsPosted: before.debitsPosted + (change.debitsPosted ?? 0n),
    creditsPosted: before.creditsPosted + (change.creditsPosted ?? 0n),
    debitsPending: before.debitsPending + (change.debitsPending ?? 0n),
    creditsPending: before.creditsPending + (change.creditsPending ?? 0n),
  });
};

/** Books a created transfer into the model; holds and posted transfers become pickable. */
const record = (state: RunState, transfer: TransferView): void => {
  const amount = BigInt(transfer.amountMinor);
  const released = BigInt(state.holds.find((hold) => hold.id === transfer.pendingId)?.amountMinor ?? 0);
  switch (transfer.kind) {
    case 'single':
    case 'post':
      addTo(state, transfer.debitAccountId, { debitsPosted: amount, debitsPending: -released });
      addTo(state, transfer.creditAccountId, { creditsPosted: amount, creditsPending: -released });
      state.originals.push(transfer);
      break;
    case 'pending':
      addTo(state, transfer.debitAccountId, { debitsPending: amount });
      addTo(state, transfer.creditAccountId, { creditsPending: amount });
      state.holds.push(transfer);
      break;
    case 'void':
    case 'expire':
      addTo(state, transfer.debitAccountId, { debitsPending: -released });
      addTo(state, transfer.creditAccountId, { creditsPending: -released });
      break;
  }
  if (transfer.reversesTransferId !== undefined) {
    const total = (state.reversedMinor.get(transfer.reversesTransferId) ?? 0n) + amount;
    state.reversedMinor.set(transfer.reversesTransferId, total);
  }
};

const pick = <T>(items: readonly T[], index: number): T | undefined => items[index % Math.max(items.length, 1)];

const toOperation = (state: RunState, call: CallSpec): TransferOperation | undefined => {
  state.nextId += 1;
  const id = `t-${state.nextId}`;
  switch (call.kind) {
    case 'transfer': {
      const debit = ACCOUNTS[call.debit] as AccountId;
      const credit = ACCOUNTS[call.credit === call.debit ? (call.credit + 1) % ACCOUNTS.length : call.credit] as AccountId;
      return {
        action: 'create',
        id,
        debitAccountId: debit,
        creditAccountId: credit,
        amountMinor: call.amountMinor,
        currency: 'JPY',
        ...(call.hold ? { timeoutSeconds: 3_600 } : {}),
      };
    }
    case 'post': {
      const hold = pick(state.holds, call.hold);
      if (hold === undefined) return undefined;
      return {
        action: 'post',
        id,
        pendingId: hold.id,
        ...(call.amountMinor === undefined ? {} : { amountMinor: call.amountMinor }),
      };
    }
    case 'void': {
      const hold = pick(state.holds, call.hold);
      return hold === undefined ? undefined : { action: 'void', id, pendingId: hold.id };
    }
    case 'reverse': {
      const original = pick(state.originals, call.original);
      if (original === undefined) return undefined;
      return {
        action: 'create',
        id,
        debitAccountId: original.creditAccountId,
        creditAccountId: original.debitAccountId,
        amountMinor: call.full ? original.amountMinor : Math.min(call.amountMinor, original.amountMinor),
        currency: 'JPY',
        reversesTransferId: original.id,
      };
    }
  }
};

const runCall = async (state: RunState, call: CallSpec): Promise<void> => {
  const operation = toOperation(state, call);
  if (operation === undefined) return;
  try {
    const outcomes = await state.ledger.createTransfers([operation]);
    for (const outcome of outcomes) if (outcome.result === 'created') record(state, outcome.transfer);
  } catch (error) {
    if (!(error instanceof DomainError) || error.code === 'BALANCE_OVERFLOW') throw error;
  }
};

const isJsonMinor = (value: JsonMinor): boolean =>
  typeof value === 'number'
    ? Number.isSafeInteger(value)
    : /^-?[1-9][0-9]*$/.test(value) && (BigInt(value) > BigInt(MAX_MINOR) || BigInt(value) < -BigInt(MAX_MINOR));

const checkAccount = (state: RunState, account: AccountView): void => {
  expect(Object.values(account.balances).every(isJsonMinor), `JSON form of ${account.id}`).toBe(true);
  const expected = state.model.get(account.id);
  expect(
    {
      debitsPosted: BigInt(account.balances.debitsPosted),
      creditsPosted: BigInt(account.balances.creditsPosted),
      debitsPending: BigInt(account.balances.debitsPending),
      creditsPending: BigInt(account.balances.creditsPending),
    },
    `counters of ${account.id}`,
  ).toEqual(expected);
  if (account.flags.debitsMustNotExceedCredits || account.flags.creditsMustNotExceedDebits) {
    expect(BigInt(account.balances.available), `available of ${account.id}`).toBeGreaterThanOrEqual(0n);
  }
};

const checkStep = async (state: RunState): Promise<void> => {
  for (const accountId of ACCOUNTS) checkAccount(state, await state.ledger.getAccount(accountId));
  for (const original of state.originals) {
    expect(state.reversedMinor.get(original.id) ?? 0n, `reversals of ${original.id}`).toBeLessThanOrEqual(
      BigInt(original.amountMinor),
    );
  }
};

/** The history of each account, page by page, ends at its balance. */
const checkHistories = async (state: RunState): Promise<void> => {
  for (const accountId of ACCOUNTS) {
    const account = await state.ledger.getAccount(accountId);
    let last: { postedBalanceAfter: JsonMinor; pendingBalanceAfter: JsonMinor } = {
      postedBalanceAfter: 0,
      pendingBalanceAfter: 0,
    };
    let cursor: string | undefined;
    const pagesMax = 100;
    for (let page = 0; page < pagesMax; page += 1) {
      const entries = await state.ledger.listEntries(accountId, { limit: 3, ...(cursor === undefined ? {} : { cursor }) });
      last = entries.entries.at(-1) ?? last;
      cursor = entries.nextCursor;
      if (cursor === undefined) break;
    }
    expect(cursor, `history of ${accountId} ends`).toBeUndefined();
    expect(last.postedBalanceAfter, `history of ${accountId}`).toBe(account.balances.posted);
    expect(last.pendingBalanceAfter, `history of ${accountId}`).toBe(account.balances.pending);
  }
};

export interface LimitPropertyOptions {
  readonly numRuns: number;
  readonly stepsMax: number;
  readonly seed?: number;
}

export const checkLedgerLimitProperty = async (makeLedger: MakeLedger, options: LimitPropertyOptions): Promise<void> => {
  await fc.assert(
    fc.asyncProperty(fc.array(stepArbitrary, { minLength: 1, maxLength: options.stepsMax }), async (steps) => {
      // Prepare
      const { ledger } = await makeLedger();
      await openAccounts(ledger);
      const state: RunState = {
        ledger,
        model: new Map(ACCOUNTS.map((accountId) => [accountId, zeroBalances])),
        holds: [],
        originals: [],
        reversedMinor: new Map(),
        nextId: 0,
      };
      // Act and assess, step by step.
      for (const step of steps) {
        switch (step.kind) {
          case 'concurrent':
            await Promise.all(step.calls.map((call) => runCall(state, call)));
            break;
          case 'reverseTwice': {
            const full = { kind: 'reverse', original: step.original, full: true, amountMinor: 1 } as const;
            await Promise.all([runCall(state, full), runCall(state, full)]);
            break;
          }
          default:
            await runCall(state, step);
        }
        await checkStep(state);
      }
      await checkHistories(state);
    }),
    { numRuns: options.numRuns, ...(options.seed === undefined ? {} : { seed: options.seed }) },
  );
};
