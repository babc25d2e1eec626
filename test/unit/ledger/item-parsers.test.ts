import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as z from '../../../shared/zod';
import { InvariantViolationError } from '../../../shared/errors';
import {
  parseAccount,
  parseBalances,
  parseEntry,
  parseReversed,
  parseTransfer,
  pendingIdOfDueItem,
  type Item,
} from '../../../shared/adapters/aws/ledger-items';
import { isExact, type AccountRecord, type EntryRecord, type EntrySide } from '../../../shared/domain/ledger';

/**
 * The ledger's stored items are checked by hand-written parsers (shared/shapes.ts).
 * The zod schemas they replaced are kept here as the reference, with the code that used them,
 * and both get the same generated items: valid ones, and ones with a field missing, of a wrong
 * type, out of range, present as `undefined`, with extra attributes, with bigint counters.
 * Both must accept and refuse the same items, and give the same records.
 */

const codeSchema = z.optional(z.union([z.int(), z.string()]));
const counterSchema = z.pipe(
  z.union([z.int(), z.bigint()]),
  z.transform((value) => BigInt(value)),
);
const BalanceSchema = z.object({
  debitsPosted: counterSchema,
  creditsPosted: counterSchema,
  debitsPending: counterSchema,
  creditsPending: counterSchema,
});
const AccountSchema = z.object({
  id: z.string(),
  currency: z.string(),
  debitsMustNotExceedCredits: z.boolean(),
  creditsMustNotExceedDebits: z.boolean(),
  limitMinor: z.int(),
  code: codeSchema,
  reference: z.optional(z.string()),
  balanceShards: z.int(),
  createdAtMs: z.int(),
  debitsPosted: z.optional(counterSchema),
  creditsPosted: z.optional(counterSchema),
  debitsPending: z.optional(counterSchema),
  creditsPending: z.optional(counterSchema),
});
const KINDS = ['single', 'pending', 'post', 'void', 'expire'] as const;
const STATES = ['pending', 'posted', 'voided', 'expired'] as const;
const TransferSchema = z.object({
  id: z.string(),
  kind: z.enum(KINDS),
  debitAccountId: z.string(),
  creditAccountId: z.string(),
  amountMinor: z.int(),
  currency: z.string(),
  code: codeSchema,
  reference: z.optional(z.string()),
  effectiveAtMs: z.int(),
  recordedAtMs: z.int(),
  timeoutSeconds: z.optional(z.int()),
  expiresAtMs: z.optional(z.int()),
  state: z.optional(z.enum(STATES)),
  resolvedByTransferId: z.optional(z.string()),
  pendingId: z.optional(z.string()),
  reversesTransferId: z.optional(z.string()),
});
const EntrySchema = z.object({
  entrySk: z.string(),
  id: z.string(),
  kind: z.enum(KINDS),
  amountMinor: z.int(),
  currency: z.string(),
  debitAccountId: z.string(),
  debitShard: z.int(),
  creditAccountId: z.string(),
  creditShard: z.int(),
  postedChange: counterSchema,
  pendingChange: counterSchema,
  recordedAtMs: z.int(),
  effectiveAtMs: z.int(),
});
const ReversalsSchema = z.object({ reversedMinor: z.int() });
const DueSchema = z.object({ dueSk: z.string() });

/** The reference parsers: ledger-items.ts's code as it was on zod. */
const reference = {
  account: (item: Item) => {
    const parsed = AccountSchema.parse(item);
    const account: AccountRecord = {
      id: parsed.id,
      currency: parsed.currency,
      flags: {
        debitsMustNotExceedCredits: parsed.debitsMustNotExceedCredits,
        creditsMustNotExceedDebits: parsed.creditsMustNotExceedDebits,
      },
      limitMinor: parsed.limitMinor,
      ...(parsed.code === undefined ? {} : { code: parsed.code }),
      ...(parsed.reference === undefined ? {} : { reference: parsed.reference }),
      balanceShards: parsed.balanceShards,
      createdAtMs: parsed.createdAtMs,
    };
    if (!isExact(account)) return { account };
    return {
      account,
      exactBalances: {
        debitsPosted: parsed.debitsPosted ?? 0n,
        creditsPosted: parsed.creditsPosted ?? 0n,
        debitsPending: parsed.debitsPending ?? 0n,
        creditsPending: parsed.creditsPending ?? 0n,
      },
    };
  },
  balances: (item: Item) => BalanceSchema.parse(item),
  transfer: (item: Item) => TransferSchema.parse(item),
  entry: (item: Item, side: EntrySide): EntryRecord => {
    const parsed = EntrySchema.parse(item);
    const debit = side === 'debit';
    return {
      accountId: debit ? parsed.debitAccountId : parsed.creditAccountId,
      shard: debit ? parsed.debitShard : parsed.creditShard,
      sortKey: parsed.entrySk,
      transferId: parsed.id,
      kind: parsed.kind,
      side,
      counterAccountId: debit ? parsed.creditAccountId : parsed.debitAccountId,
      amountMinor: parsed.amountMinor,
      currency: parsed.currency,
      change: {
        debitsPosted: debit ? parsed.postedChange : 0n,
        creditsPosted: debit ? 0n : parsed.postedChange,
        debitsPending: debit ? parsed.pendingChange : 0n,
        creditsPending: debit ? 0n : parsed.pendingChange,
      },
      recordedAtMs: parsed.recordedAtMs,
      effectiveAtMs: parsed.effectiveAtMs,
    };
  },
  reversed: (item: Item) => ReversalsSchema.parse(item).reversedMinor,
  pendingIdOfDue: (item: Item) => {
    const dueSk = DueSchema.parse(item).dueSk;
    return dueSk.slice(dueSk.indexOf('#') + 1);
  },
};

// What a field holds when it is right, and what it may hold when it is wrong.
const SAFE_EDGES = [0, -0, 1, -1, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER];
const int = fc.oneof(fc.integer(), fc.maxSafeInteger(), fc.constantFrom(...SAFE_EDGES));
const counter = fc.oneof(int, fc.bigInt({ min: -(2n ** 80n), max: 2n ** 80n }));
const text = fc.string({ maxLength: 12 });
const wrong = fc.oneof(
  text,
  fc.double(),
  fc.constantFrom(2 ** 53, -(2 ** 53), 1e21, 0.5, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY),
  fc.bigInt(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
  fc.array(fc.integer(), { maxLength: 2 }),
  fc.dictionary(text, fc.integer(), { maxKeys: 2 }),
  fc.constantFrom(...KINDS, ...STATES, 'toString', 'PENDING'),
);

interface FieldSpec {
  readonly valid: fc.Arbitrary<unknown>;
  readonly optional?: boolean;
}
const required = (valid: fc.Arbitrary<unknown>): FieldSpec => ({ valid });
const optional = (valid: fc.Arbitrary<unknown>): FieldSpec => ({ valid, optional: true });

const ACCOUNT_FIELDS: Record<string, FieldSpec> = {
  id: required(text),
  currency: required(text),
  debitsMustNotExceedCredits: required(fc.boolean()),
  creditsMustNotExceedDebits: required(fc.boolean()),
  limitMinor: required(int),
  code: optional(fc.oneof(int, text)),
  reference: optional(text),
  // Exact (1) and sharded accounts both.
  balanceShards: required(fc.oneof(fc.constantFrom(1, 1, 4), int)),
  createdAtMs: required(int),
  debitsPosted: optional(counter),
  creditsPosted: optional(counter),
  debitsPending: optional(counter),
  creditsPending: optional(counter),
};
const BALANCE_FIELDS: Record<string, FieldSpec> = {
  debitsPosted: required(counter),
  creditsPosted: required(counter),
  debitsPending: required(counter),
  creditsPending: required(counter),
};
const TRANSFER_FIELDS: Record<string, FieldSpec> = {
  id: required(text),
  kind: required(fc.constantFrom(...KINDS)),
  debitAccountId: required(text),
  creditAccountId: required(text),
  amountMinor: required(int),
  currency: required(text),
  code: optional(fc.oneof(int, text)),
  reference: optional(text),
  effectiveAtMs: required(int),
  recordedAtMs: required(int),
  timeoutSeconds: optional(int),
  expiresAtMs: optional(int),
  state: optional(fc.constantFrom(...STATES)),
  resolvedByTransferId: optional(text),
  pendingId: optional(text),
  reversesTransferId: optional(text),
};
const ENTRY_FIELDS: Record<string, FieldSpec> = {
  entrySk: required(text),
  id: required(text),
  kind: required(fc.constantFrom(...KINDS)),
  amountMinor: required(int),
  currency: required(text),
  debitAccountId: required(text),
  debitShard: required(int),
  creditAccountId: required(text),
  creditShard: required(int),
  postedChange: required(counter),
  pendingChange: required(counter),
  recordedAtMs: required(int),
  effectiveAtMs: required(int),
};
const REVERSALS_FIELDS: Record<string, FieldSpec> = { reversedMinor: required(int) };
const DUE_FIELDS: Record<string, FieldSpec> = { dueSk: required(fc.oneof(text, fc.constant('2026-11-27T05:00:00.000Z#tr_1'))) };

/**
 * Items for `fields`, with the keys and other attributes a stored item has: a valid one (optional
 * fields present or not), or one with a field dropped, a field set to anything, or extra
 * attributes (which may fill an absent optional field with anything); now and then not an object.
 */
const storedItems = (fields: Record<string, FieldSpec>): fc.Arbitrary<Item> => {
  const names = Object.keys(fields);
  const valid = fc.record(Object.fromEntries(names.map((name) => [name, fields[name]?.valid ?? fc.constant(undefined)])), {
    requiredKeys: names.filter((name) => fields[name]?.optional !== true),
  });
  const varied = valid.chain((item: Item) =>
    fc.oneof(
      fc.constant(item),
      fc.constantFrom(...names).map((name) => Object.fromEntries(Object.entries(item).filter(([key]) => key !== name))),
      fc.tuple(fc.constantFrom(...names), wrong).map(([name, value]) => ({ ...item, [name]: value })),
      fc.dictionary(fc.oneof(text, fc.constantFrom(...names)), wrong, { maxKeys: 3 }).map((extra) => ({ ...extra, ...item })),
    ),
  );
  const keyed = varied.map((item) => ({ pk: 'TRANSFER#tr_1', sk: 'TRANSFER', entity: 'x', debitPk: 'ENTRIES#a#0', ...item }));
  return fc.oneof(
    { arbitrary: keyed, weight: 20 },
    { arbitrary: fc.constantFrom<unknown>(null, [], 'item', 7).map((value) => value as Item), weight: 1 },
  );
};

type Outcome = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly error: unknown };
const outcomeOf = (parse: () => unknown): Outcome => {
  try {
    return { ok: true, value: parse() };
  } catch (error) {
    return { ok: false, error };
  }
};

/** The same accept or refuse, the same record (undefined-valued keys and bigints included), a kippu invariant error for a refusal. */
const expectSameAsReference = (ours: () => unknown, theirs: () => unknown): void => {
  const mine = outcomeOf(ours);
  const expected = outcomeOf(theirs);
  if (!expected.ok) expect(expected.error).toBeInstanceOf(z.core.$ZodError);
  expect(mine.ok).toBe(expected.ok);
  if (mine.ok && expected.ok) expect(mine.value).toStrictEqual(expected.value);
  if (!mine.ok) expect(mine.error).toBeInstanceOf(InvariantViolationError);
};

const RUNS = { numRuns: 1_000 };

describe('the stored ledger items, parsed by hand as their zod schemas did', () => {
  it('accounts (exact and sharded, with their balances)', () => {
    fc.assert(
      fc.property(storedItems(ACCOUNT_FIELDS), (item) =>
        expectSameAsReference(
          () => parseAccount(item),
          () => reference.account(item),
        ),
      ),
      RUNS,
    );
  });

  it('balance shards', () => {
    fc.assert(
      fc.property(storedItems(BALANCE_FIELDS), (item) =>
        expectSameAsReference(
          () => parseBalances(item),
          () => reference.balances(item),
        ),
      ),
      RUNS,
    );
  });

  it('transfers', () => {
    fc.assert(
      fc.property(storedItems(TRANSFER_FIELDS), (item) =>
        expectSameAsReference(
          () => parseTransfer(item),
          () => reference.transfer(item),
        ),
      ),
      RUNS,
    );
  });

  it('entries from either history index', () => {
    fc.assert(
      fc.property(storedItems(ENTRY_FIELDS), fc.constantFrom<EntrySide>('debit', 'credit'), (item, side) =>
        expectSameAsReference(
          () => parseEntry(item, side),
          () => reference.entry(item, side),
        ),
      ),
      RUNS,
    );
  });

  it('reversed totals and due-index items', () => {
    fc.assert(
      fc.property(storedItems(REVERSALS_FIELDS), storedItems(DUE_FIELDS), (reversals, due) => {
        expectSameAsReference(
          () => parseReversed(reversals),
          () => reference.reversed(reversals),
        );
        expectSameAsReference(
          () => pendingIdOfDueItem(due),
          () => reference.pendingIdOfDue(due),
        );
      }),
      RUNS,
    );
  });

  it('reads a counter past 2^53 exactly as the bigint the document client hands back, a smaller one from its number', () => {
    // Arrange
    const item = {
      pk: 'BALANCE#acc_1#0',
      sk: 'BALANCE',
      debitsPosted: 2n ** 60n + 1n,
      creditsPosted: 7,
      debitsPending: 0,
      creditsPending: -0,
    };

    // Act
    const balances = parseBalances(item);

    // Assess
    expect(balances).toStrictEqual({ debitsPosted: 2n ** 60n + 1n, creditsPosted: 7n, debitsPending: 0n, creditsPending: 0n });
  });

  it('names the item and the field that is wrong', () => {
    // Arrange
    const transfer = { pk: 'TRANSFER#tr_1', sk: 'TRANSFER', id: 'tr_1', kind: 'single', amountMinor: 1.5 };

    // Act & Assess
    expect(() => parseTransfer(transfer)).toThrow(
      new InvariantViolationError('the stored transfer item TRANSFER#tr_1/TRANSFER has no debitAccountId (expected a string)'),
    );
    expect(() => parseReversed({ pk: 'REVERSALS#tr_1', sk: 'REVERSALS', reversedMinor: 2 ** 53 })).toThrow(
      'the stored reversals item REVERSALS#tr_1/REVERSALS has a reversedMinor that is a number (expected a safe integer)',
    );
  });
});
