import { describe, expect, it } from 'vitest';
import { TransferCreateRequest } from '../../../shared/api/ledger';
import { RevocationsQuery } from '../../../shared/api/purchases';
import { DomainError, type FieldIssue } from '../../../shared/errors';
import { operationFor } from '../../../shared/api/operations';
import { MISSING_FIELD_MESSAGE, parseWith } from '../../../shared/http/request';
import { operationIdOf, routes } from '../../../shared/resources/routes';
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
    // probe aq3: a body without `transfers` is a single transfer, however many of its fields are missing.
    [
      'a reversal missing most of its fields',
      { id: 'rev-hand-2', reversesTransferId: 'hand-2' },
      ['debitAccountId', 'creditAccountId', 'amountMinor', 'currency'],
    ],
    ['a transfer with its id alone', { id: 't1' }, ['debitAccountId', 'creditAccountId', 'amountMinor', 'currency']],
    ['an empty body', {}, ['transfers']],
  ])('the union of a transfer and a linked batch reports %s on the branch the body is shaped like', (_name, body, fields) => {
    // Act
    const refused = refusal(TransferCreateRequest, body);

    // Assess
    expect(refused?.fields.map((field) => field.field)).toEqual(fields);
    expect(refused?.detail).toBe(`The request body is invalid: ${fields.map((field) => `"${field}"`).join(', ')}.`);
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

describe('a required field left out', () => {
  /** Every declared JSON body and query string (a CSV upload's body is a string, not fields). */
  const inputs = routes.flatMap((route) => {
    const operation = operationFor(operationIdOf(route));
    const name = `${route.method} ${route.path}`;
    return [
      ...(operation.request === undefined || operation.requestMediaType !== undefined
        ? []
        : [{ name: `${name} body`, schema: operation.request }]),
      ...(operation.query === undefined ? [] : [{ name: `${name} query`, schema: operation.query }]),
    ];
  });

  it('is "is required" on every route, whatever the type its schema expects', () => {
    // Act: `{}` where a body or a query is declared.
    const refusals = inputs.flatMap(({ name, schema }) =>
      (refusal(schema, {})?.fields ?? []).map((field) => ({ ...field, input: name })),
    );

    // Assess: zod's own wording ("expected string, received undefined", "expected one of …") never reaches a client.
    expect(refusals.length).toBeGreaterThan(20);
    expect(refusals.filter((field) => field.message !== MISSING_FIELD_MESSAGE)).toEqual([]);
  });

  it('is "is required" in a nested object and in a linked transfer, and a present field of the wrong type keeps its message', () => {
    // Act
    const nested = refusal(TransferCreateRequest, { transfers: [LEG, { ...LEG, id: 't2', currency: undefined }] });
    const wrongType = refusal(TransferCreateRequest, { ...LEG, currency: 7 });

    // Assess
    expect(nested?.fields).toEqual([{ field: 'transfers.1.currency', message: MISSING_FIELD_MESSAGE }]);
    expect(wrongType?.fields).toEqual([{ field: 'currency', message: 'must be an ISO 4217 currency code such as JPY' }]);
  });
});
