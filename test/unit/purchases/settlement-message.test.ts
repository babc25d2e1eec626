import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import * as z from '../../../shared/zod';
import { settlementMessageOf } from '../../../shared/domain/purchases/settlement-message';

/**
 * The settlement worker reads its message body by hand; the strict schema it replaced is kept
 * here as the reference, and both get the same JSON values: messages, near misses of the
 * purchase id, extra keys, other JSON.
 */
const SettlementMessageSchema = z.strictObject({
  purchaseId: z.string().check(z.regex(/^pur_[A-Za-z0-9_-]{1,64}$/)),
});

const referenceOf = (value: unknown) => {
  const parsed = SettlementMessageSchema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
};

const purchaseIds = fc.oneof(
  fc.stringMatching(/^pur_[A-Za-z0-9_-]{1,64}$/),
  fc.string({ maxLength: 8 }).map((tail) => `pur_${tail}`),
  fc.constantFrom('pur_', `pur_${'a'.repeat(64)}`, `pur_${'a'.repeat(65)}`, 'pur_a\n', 'PUR_a', 'pur_a b', ' pur_a'),
  fc.string(),
);
const messages = fc.oneof(
  purchaseIds.map((purchaseId) => ({ purchaseId })),
  fc
    .tuple(purchaseIds, fc.dictionary(fc.string({ maxLength: 6 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 2 }))
    .map(([purchaseId, extra]) => ({ ...extra, purchaseId })),
  fc.record({ purchaseId: fc.jsonValue({ maxDepth: 1 }) }),
  fc.jsonValue({ maxDepth: 2 }),
);

describe('the settlement message, read by hand as its strict schema did', () => {
  it('accepts and refuses the same JSON values, with the same message', () => {
    fc.assert(
      fc.property(messages, (body) => {
        // A body as the worker reads it: JSON text parsed.
        const value: unknown = JSON.parse(JSON.stringify(body));

        expect(settlementMessageOf(value)).toStrictEqual(referenceOf(value));
      }),
      { numRuns: 2_000 },
    );
  });

  it('takes a message that is exactly a purchase id, and nothing more', () => {
    // Act & Assess
    expect(settlementMessageOf({ purchaseId: 'pur_01J-x_Y' })).toStrictEqual({ purchaseId: 'pur_01J-x_Y' });
    expect(settlementMessageOf({ purchaseId: 'pur_01J', attempt: 2 })).toBeUndefined();
    expect(settlementMessageOf({ purchaseId: 'tr_01J' })).toBeUndefined();
    expect(settlementMessageOf(JSON.parse('{"__proto__":{},"purchaseId":"pur_1"}'))).toBeUndefined();
    expect(settlementMessageOf(['pur_1'])).toBeUndefined();
  });
});
