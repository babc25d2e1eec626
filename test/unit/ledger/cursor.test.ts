import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as z from '../../../shared/zod';
import { DomainError } from '../../../shared/errors';
import { decodeEntriesCursor } from '../../../shared/domain/ledger';
import { encodeJsonCursor } from '../../../shared/domain/cursor';

/**
 * An account history's cursor is read by hand. The schema it replaced is kept here as the
 * reference, with the code that used it; both get the same cursors: ones the ledger issues
 * (running sums as decimal strings, or as numbers from older cursors), and ones with a field
 * missing, of a wrong type, out of range, for another account, or not JSON objects at all.
 */
const RunningMinor = z.pipe(
  z.union([z.int(), z.string().check(z.regex(/^-?\d{1,40}$/))]),
  z.transform((value) => BigInt(value)),
);
const CursorSchema = z.object({
  version: z.literal(1),
  accountId: z.string(),
  afterSortKey: z.string(),
  postedMinor: RunningMinor,
  pendingMinor: RunningMinor,
});

const ACCOUNT = 'acc_1';

const referenceDecode = (accountId: string, value: unknown) => {
  const parsed = CursorSchema.safeParse(value);
  if (!parsed.success || parsed.data.accountId !== accountId) return 'INVALID_CURSOR';
  return {
    accountId: parsed.data.accountId,
    afterSortKey: parsed.data.afterSortKey,
    postedMinor: parsed.data.postedMinor,
    pendingMinor: parsed.data.pendingMinor,
  };
};

const decoded = (accountId: string, cursor: string) => {
  try {
    return decodeEntriesCursor(accountId, cursor);
  } catch (error) {
    if (error instanceof DomainError) return error.code;
    throw error;
  }
};

const running = fc.oneof(
  fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }).map(String),
  fc.maxSafeInteger(),
  fc.constantFrom('-0', '0', '1'.repeat(40), '1'.repeat(41), '+1', '1.0', ' 1', '1e3', '', 2 ** 53, 1.5, Number.MAX_SAFE_INTEGER),
);
const anything = fc.oneof(fc.jsonValue({ maxDepth: 1 }), running);
const fields = ['version', 'accountId', 'afterSortKey', 'postedMinor', 'pendingMinor'] as const;
const issued = fc.record({
  version: fc.oneof({ arbitrary: fc.constant(1), weight: 5 }, fc.constantFrom(2, '1', 1.0000001)),
  accountId: fc.oneof({ arbitrary: fc.constant(ACCOUNT), weight: 5 }, fc.constant('acc_2')),
  afterSortKey: fc.string({ maxLength: 10 }),
  postedMinor: running,
  pendingMinor: running,
});
const cursors = fc.oneof(
  issued,
  fc
    .tuple(issued, fc.constantFrom(...fields))
    .map(([cursor, name]) => Object.fromEntries(Object.entries(cursor).filter(([key]) => key !== name))),
  fc.tuple(issued, fc.constantFrom(...fields), anything).map(([cursor, name, value]) => ({ ...cursor, [name]: value })),
  fc.tuple(issued, fc.dictionary(fc.string({ maxLength: 5 }), anything, { maxKeys: 2 })).map(([cursor, extra]) => ({
    ...extra,
    ...cursor,
  })),
  fc.jsonValue({ maxDepth: 2 }),
);

describe("an account history's cursor, read by hand as its schema did", () => {
  it('accepts and refuses the same cursors, with the same running balance', () => {
    fc.assert(
      fc.property(cursors, (value) => {
        // The cursor as the client hands it back, and the JSON value the ledger reads from it.
        const cursor = encodeJsonCursor(value as object);
        const json: unknown = JSON.parse(JSON.stringify(value));

        expect(decoded(ACCOUNT, cursor)).toStrictEqual(referenceDecode(ACCOUNT, json));
      }),
      { numRuns: 2_000 },
    );
  });

  it('refuses a cursor that is not base64url JSON, and one for another account', () => {
    // Arrange
    const cursor = encodeJsonCursor({ version: 1, accountId: ACCOUNT, afterSortKey: 'k', postedMinor: '-5', pendingMinor: 3 });

    // Act & Assess
    expect(decoded(ACCOUNT, cursor)).toStrictEqual({ accountId: ACCOUNT, afterSortKey: 'k', postedMinor: -5n, pendingMinor: 3n });
    expect(decoded('acc_2', cursor)).toBe('INVALID_CURSOR');
    expect(decoded(ACCOUNT, '%%%')).toBe('INVALID_CURSOR');
  });
});
