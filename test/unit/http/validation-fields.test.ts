import { describe, expect, it } from 'vitest';
import { TransferCreateRequest } from '../../../shared/api/ledger';
import { RevocationsQuery } from '../../../shared/api/purchases';
import { DomainError, type FieldIssue } from '../../../shared/errors';
import { parseWith } from '../../../shared/http/request';
import type * as z from '../../../shared/zod';

const refusal = (schema: z.core.$ZodType, value: unknown): { detail: string; fields: readonly FieldIssue[] } | undefined => {
  try {
    parseWith(schema, value);
    return undefined;
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return { detail: error.detail, fields: error.fields };
  }
};

const LEG = { id: 't1', debitAccountId: 'a', creditAccountId: 'b', amountMinor: 5, currency: 'JPY' };

describe('validation problems name the field the client sent', () => {
  it.each([
    ['a fractional amount', { ...LEG, amountMinor: 1.5 }, ['amountMinor']],
    ['an amount as a string', { ...LEG, amountMinor: '10' }, ['amountMinor']],
    ['an infinite amount (1e400)', { ...LEG, amountMinor: Number.POSITIVE_INFINITY }, ['amountMinor']],
    ['a linked leg with a bad amount', { transfers: [LEG, { ...LEG, id: 't2', amountMinor: 1.5 }] }, ['transfers.1.amountMinor']],
    [
      '17 linked transfers',
      { transfers: Array.from({ length: 17 }, (_, index) => ({ ...LEG, id: `t${index}` })) },
      ['transfers'],
    ],
    ['an amount past the safe integers, once', { ...LEG, amountMinor: 9007199254740992 }, ['amountMinor']],
  ])('the union of a transfer and a linked batch reports %s on the branch the body is shaped like', (_name, body, fields) => {
    // Act
    const refused = refusal(TransferCreateRequest, body);

    // Assess
    expect(refused?.fields.map((field) => field.field)).toEqual(fields);
    expect(refused?.detail).toBe(`The request body is invalid: ${fields.join(', ')}.`);
  });

  it('a query integer of too many digits says it is too large, not that it is not digits', () => {
    // Act
    const tooLarge = refusal(RevocationsQuery, { since: '99999999999999999999' });
    const notDigits = refusal(RevocationsQuery, { since: '1e3' });

    // Assess
    expect(tooLarge?.fields).toEqual([{ field: 'since', message: 'is too large (at most 16 digits)' }]);
    expect(notDigits?.fields).toEqual([{ field: 'since', message: 'must be a whole number written in digits' }]);
  });
});
