import fc from 'fast-check';
import { expect } from 'vitest';
import { DomainError } from '../../shared/errors';
import { availableOf, type AccountView, type Balances, type TransferOperation } from '../../shared/domain/ledger';
import type { LedgerWithHistory, MakeLedger } from './ledger-contract';

/**
 * The ledger's invariants as a property, run against any implementation: after every step of
 * a random sequence of account creates, transfers, holds, posts, voids, linked batches,
 * batches of groups (whose legs on a sharded account, posts and voids too, share one shard),
 * clock moves, sweeps, replays and concurrent calls,
 *   - per currency, Σ debits = Σ credits over all accounts, posted and pending alike;
 *   - no account breaks its flag (available ≥ 0 for limited accounts), no counter is negative;
 *   - replaying a request that succeeded answers `exists` for every leg and moves nothing.
 * The model is deliberately outcome-free: any DomainError is an acceptable answer to a random
 * request, anything else (an InvariantViolationError, an SDK error) fails the property.
 */

const CURRENCIES = ['JPY', 'USD'] as const;
/** Accounts 0 and 1 are the unlimited "world" accounts of each currency, created up front. */
const WORLD_ACCOUNTS = 2;
const RANDOM_ACCOUNTS = 5;
const ACCOUNTS_CREATED_LATER = 2;
const ACCOUNT_COUNT = WORLD_ACCOUNTS + RANDOM_ACCOUNTS;
const STEPS_MAX = 25;
const LINKED_LEGS_MAX = 4;
const CONCURRENT_CALLS_MAX = 3;
const GROUPS_MAX = 3;
const GROUP_LEGS_MAX = 2;

type Currency = (typeof CURRENCIES)[number];

interface AccountSpec {
  readonly currency: Currency;
  readonly flag: 'none' | 'debit' | 'credit';
  readonly limitMinor: number;
  readonly balanceShards: number;
}

type OperationSpec =
  | {
      readonly kind: 'create';
      readonly debit: number;
      /** Picks among the accounts in the debit's currency, unless `unchecked`. */
      readonly credit: number;
      readonly amountMinor: number;
      readonly unchecked: boolean;
      readonly timeoutSeconds?: number;
    }
  | { readonly kind: 'post'; readonly pending: number; readonly amountMinor?: number; readonly explicitId: boolean }
  | { readonly kind: 'void'; readonly pending: number; readonly explicitId: boolean };

type CallSpec =
  | { readonly kind: 'createAccount'; readonly account: number }
  | { readonly kind: 'transfers'; readonly operations: readonly OperationSpec[] }
  | { readonly kind: 'groups'; readonly groups: readonly (readonly OperationSpec[])[] }
  | { readonly kind: 'expire' };

type StepSpec =
  | CallSpec
  | { readonly kind: 'advance'; readonly seconds: number }
  | { readonly kind: 'replay'; readonly which: number }
  | { readonly kind: 'concurrent'; readonly calls: readonly CallSpec[] };

const accountIndex = fc.integer({ min: 0, max: ACCOUNT_COUNT - 1 });

const accountSpecArbitrary: fc.Arbitrary<AccountSpec> = fc.record({
  currency: fc.constantFrom(...CURRENCIES),
  flag: fc.constantFrom('none' as const, 'debit' as const, 'credit' as const),
  limitMinor: fc.constantFrom(0, 50),
  balanceShards: fc.constantFrom(1, 4),
});

/** Debits come from a world account often enough that wallets get money to spend. */
const debitIndex = fc.oneof(
  { weight: 2, arbitrary: fc.integer({ min: 0, max: WORLD_ACCOUNTS - 1 }) },
  { weight: 3, arbitrary: accountIndex },
);

const operationArbitrary: fc.Arbitrary<OperationSpec> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record(
      {
        kind: fc.constant('create' as const),
        debit: debitIndex,
        credit: fc.nat(),
        amountMinor: fc.integer({ min: 1, max: 300 }),
        // Now and then a request the ledger must refuse: accounts in another currency, or the same account twice.
        unchecked: fc.integer({ min: 0, max: 9 }).map((roll) => roll === 0),
        timeoutSeconds: fc.integer({ min: 10, max: 180 }),
      },
      { requiredKeys: ['kind', 'debit', 'credit', 'amountMinor', 'unchecked'] },
    ),
  },
  {
    weight: 3,
    arbitrary: fc.record(
      {
        kind: fc.constant('post' as const),
        pending: fc.nat(),
        amountMinor: fc.integer({ min: 1, max: 300 }),
        explicitId: fc.boolean(),
      },
      { requiredKeys: ['kind', 'pending', 'explicitId'] },
    ),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('void' as const), pending: fc.nat(), explicitId: fc.boolean() }) },
);

const callArbitrary: fc.Arbitrary<CallSpec> = fc.oneof(
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('createAccount' as const), account: accountIndex }) },
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant('transfers' as const),
      operations: fc.array(operationArbitrary, { minLength: 1, maxLength: 1 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('transfers' as const),
      operations: fc.array(operationArbitrary, { minLength: 2, maxLength: LINKED_LEGS_MAX }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('groups' as const),
      groups: fc.array(fc.array(operationArbitrary, { minLength: 1, maxLength: GROUP_LEGS_MAX }), {
        minLength: 2,
        maxLength: GROUPS_MAX,
      }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('expire' as const) }) },
);

const stepArbitrary: fc.Arbitrary<StepSpec> = fc.oneof(
  { weight: 8, arbitrary: callArbitrary },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('advance' as const), seconds: fc.integer({ min: 1, max: 200 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('replay' as const), which: fc.nat() }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('concurrent' as const),
      calls: fc.array(callArbitrary, { minLength: 2, maxLength: CONCURRENT_CALLS_MAX }),
    }),
  },
);

const accountId = (index: number): string =>
  index < WORLD_ACCOUNTS ? `world-${CURRENCIES[index] ?? 'JPY'}` : `account-${index}`;

/** Mutable bookkeeping of one run: which accounts exist, which holds and requests succeeded. */
interface RunState {
  readonly ledger: LedgerWithHistory;
  readonly specs: readonly AccountSpec[];
  readonly created: Set<string>;
  readonly holdIds: string[];
  readonly succeeded: (readonly TransferOperation[])[];
  nextId: number;
}

const currencyOf = (state: RunState, index: number): Currency =>
  index < WORLD_ACCOUNTS ? (CURRENCIES[index] ?? 'JPY') : (state.specs[index - WORLD_ACCOUNTS]?.currency ?? 'JPY');

const toOperation = (state: RunState, spec: OperationSpec): TransferOperation => {
  state.nextId += 1;
  const id = `t-${state.nextId}`;
  const holdId = (pending: number): string => state.holdIds[pending % Math.max(state.holdIds.length, 1)] ?? 'no-such-hold';
  switch (spec.kind) {
    case 'create': {
      const currency = currencyOf(state, spec.debit);
      const sameCurrency = Array.from({ length: ACCOUNT_COUNT }, (_, index) => index).filter(
        (index) => index !== spec.debit && currencyOf(state, index) === currency,
      );
      const credit = spec.unchecked
        ? spec.credit % ACCOUNT_COUNT
        : (sameCurrency[spec.credit % Math.max(sameCurrency.length, 1)] ?? 0);
      return {
        action: 'create',
        id,
        debitAccountId: accountId(spec.debit),
        creditAccountId: accountId(credit),
        amountMinor: spec.amountMinor,
        currency,
        ...(spec.timeoutSeconds === undefined ? {} : { timeoutSeconds: spec.timeoutSeconds }),
      };
    }
    case 'post':
      return {
        action: 'post',
        ...(spec.explicitId ? { id } : {}),
        pendingId: holdId(spec.pending),
        ...(spec.amountMinor === undefined ? {} : { amountMinor: spec.amountMinor }),
      };
    case 'void':
      return { action: 'void', ...(spec.explicitId ? { id } : {}), pendingId: holdId(spec.pending) };
  }
};

/** A DomainError is a fine answer to a random request; anything else is a bug. */
const tolerateDomainErrors = async (action: Promise<void>): Promise<void> => {
  try {
    await action;
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
  }
};

const runCall = async (state: RunState, call: CallSpec): Promise<void> => {
  switch (call.kind) {
    case 'createAccount': {
      const spec = state.specs[call.account - WORLD_ACCOUNTS];
      const id = accountId(call.account);
      if (spec === undefined) return; // a world account: created up front
      await tolerateDomainErrors(
        (async () => {
          await state.ledger.createAccount({
            id,
            currency: spec.currency,
            flags: { debitsMustNotExceedCredits: spec.flag === 'debit', creditsMustNotExceedDebits: spec.flag === 'credit' },
            ...(spec.flag === 'none' ? { balanceShards: spec.balanceShards } : { limitMinor: spec.limitMinor }),
          });
          state.created.add(id);
        })(),
      );
      return;
    }
    case 'transfers': {
      const operations = call.operations.map((operation) => toOperation(state, operation));
      await tolerateDomainErrors(
        (async () => {
          const outcomes = await state.ledger.createTransfers(operations);
          expect(outcomes).toHaveLength(operations.length);
          state.succeeded.push(operations);
          for (const outcome of outcomes) if (outcome.transfer.kind === 'pending') state.holdIds.push(outcome.transfer.id);
        })(),
      );
      return;
    }
    case 'groups': {
      const groups = call.groups.map((group) => group.map((operation) => toOperation(state, operation)));
      // A group's refusal is its outcome; anything thrown is a bug.
      const outcomes = await state.ledger.createTransferGroups(groups);
      expect(outcomes).toHaveLength(groups.length);
      for (const [index, outcome] of outcomes.entries()) {
        const operations = groups[index];
        if (!outcome.ok || operations === undefined) continue;
        expect(outcome.outcomes).toHaveLength(operations.length);
        state.succeeded.push(operations);
        for (const { transfer } of outcome.outcomes) if (transfer.kind === 'pending') state.holdIds.push(transfer.id);
      }
      return;
    }
    case 'expire':
      await state.ledger.expireDue({ limit: 50 });
      return;
  }
};

const readAccounts = async (state: RunState): Promise<AccountView[]> =>
  Promise.all([...state.created].sort().map((id) => state.ledger.getAccount(id)));

/** The counters of a view as exact numbers (JSON renders them as strings past 2^53). */
const countersOf = (account: AccountView): Balances => ({
  debitsPosted: BigInt(account.balances.debitsPosted),
  creditsPosted: BigInt(account.balances.creditsPosted),
  debitsPending: BigInt(account.balances.debitsPending),
  creditsPending: BigInt(account.balances.creditsPending),
});

const checkInvariants = (accounts: readonly AccountView[]): void => {
  for (const currency of CURRENCIES) {
    const inCurrency = accounts.filter((account) => account.currency === currency).map(countersOf);
    const sum = (pick: (counters: Balances) => bigint): bigint =>
      inCurrency.reduce((total, counters) => total + pick(counters), 0n);
    expect(
      sum((counters) => counters.debitsPosted),
      `${currency} posted`,
    ).toBe(sum((counters) => counters.creditsPosted));
    expect(
      sum((counters) => counters.debitsPending),
      `${currency} pending`,
    ).toBe(sum((counters) => counters.creditsPending));
  }
  for (const account of accounts) {
    const counters = countersOf(account);
    for (const counter of Object.values(counters)) expect(counter).toBeGreaterThanOrEqual(0n);
    if (account.flags.debitsMustNotExceedCredits || account.flags.creditsMustNotExceedDebits) {
      expect(availableOf(account.flags, account.limitMinor, counters), `available of ${account.id}`).toBeGreaterThanOrEqual(0n);
    }
  }
};

export interface LedgerPropertyOptions {
  readonly numRuns: number;
  readonly seed?: number;
}

export const checkLedgerProperty = async (makeLedger: MakeLedger, options: LedgerPropertyOptions): Promise<void> => {
  await fc.assert(
    fc.asyncProperty(
      fc.array(accountSpecArbitrary, { minLength: RANDOM_ACCOUNTS, maxLength: RANDOM_ACCOUNTS }),
      fc.array(stepArbitrary, { minLength: 1, maxLength: STEPS_MAX }),
      async (specs, steps) => {
        // Prepare: a ledger with the two world accounts.
        const { ledger, clock } = await makeLedger();
        const state: RunState = { ledger, specs, created: new Set(), holdIds: [], succeeded: [], nextId: 0 };
        for (const currency of CURRENCIES) {
          const { account } = await ledger.createAccount({ id: `world-${currency}`, currency, balanceShards: 2 });
          state.created.add(account.id);
        }
        // Most accounts exist from the start; the others appear through createAccount steps.
        for (let index = WORLD_ACCOUNTS; index < ACCOUNT_COUNT - ACCOUNTS_CREATED_LATER; index += 1) {
          await runCall(state, { kind: 'createAccount', account: index });
        }
        // Act and assess, step by step.
        for (const step of steps) {
          switch (step.kind) {
            case 'advance':
              clock.advanceSeconds(step.seconds);
              break;
            case 'replay': {
              const replayed = state.succeeded[step.which % Math.max(state.succeeded.length, 1)];
              if (replayed === undefined) break;
              const before = await readAccounts(state);
              const outcomes = await ledger.createTransfers(replayed);
              expect(outcomes.map((outcome) => outcome.result)).toEqual(replayed.map(() => 'exists'));
              expect(await readAccounts(state)).toEqual(before);
              break;
            }
            case 'concurrent':
              await Promise.all(step.calls.map((call) => runCall(state, call)));
              break;
            default:
              await runCall(state, step);
          }
          checkInvariants(await readAccounts(state));
        }
      },
    ),
    { numRuns: options.numRuns, ...(options.seed === undefined ? {} : { seed: options.seed }) },
  );
};
