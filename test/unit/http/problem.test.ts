import { describe, expect, it } from 'vitest';
import { DomainError, quoted, quotedList } from '../../../shared/errors';
import * as z from '../../../shared/zod';
import { AccountCreateRequest, TransferCreateRequest } from '../../../shared/api/ledger';
import { asFragment, asSentence, problemOf, titleOf } from '../../../shared/http/problem';
import { parseWith } from '../../../shared/http/request';

describe('problem documents', () => {
  it("delimit a caller's text in a detail: quoted and JSON-escaped, so the full stop after it is the sentence's", () => {
    // Act
    const detail = problemOf(new DomainError('ROUTE_NOT_FOUND', `No route for GET ${quoted('/v1/offers/x/')}.`)).detail;
    const fields = problemOf(new DomainError('VALIDATION_FAILED', `The request body is invalid: ${quotedList(['a.', 'b"c'])}.`));

    // Assess
    expect(detail).toBe('No route for GET "/v1/offers/x/".');
    expect(fields.detail).toBe('The request body is invalid: "a.", "b\\"c".');
  });

  it('carry a detail that reads as a sentence whatever the domain wrote', () => {
    // Act
    const problem = problemOf(new DomainError('ACCOUNT_NOT_FOUND', 'account acc_1 does not exist'));

    // Assess
    expect(problem.detail).toBe('Account acc_1 does not exist.');
    expect(problem).toMatchObject({ status: 404, code: 'ACCOUNT_NOT_FOUND', title: 'Account not found' });
  });

  it('leave a detail that is already a sentence as it is', () => {
    expect(asSentence('Send a valid bearer token.')).toBe('Send a valid bearer token.');
    expect(asSentence('Retry later?')).toBe('Retry later?');
  });

  it('titles spell the acronyms in codes (DPoP, OTP, JSON, KMS …)', () => {
    // Act
    const titles = (['DPOP_PROOF_INVALID', 'OTP_INVALID', 'MALFORMED_JSON', 'LINKED_BATCH_DUPLICATE_ID'] as const).map(titleOf);

    // Assess
    expect(titles).toEqual(['DPoP proof invalid', 'OTP invalid', 'Malformed JSON', 'Linked batch duplicate ID']);
  });

  it('a validation detail names a field once, however many checks it failed', () => {
    // Prepare
    const schema = z.strictObject({ email: z.string().check(z.minLength(5), z.regex(/@/)) });

    // Act
    const refusal = (() => {
      try {
        parseWith(schema, { email: 'x' });
        return undefined;
      } catch (error) {
        return error instanceof DomainError ? error : undefined;
      }
    })();

    // Assess
    expect(refusal?.fields).toEqual([{ field: 'email', message: expect.stringContaining('; ') as unknown }]);
    expect(refusal?.detail).toBe('The request body is invalid: "email".');
  });

  it('an integer past its bounds has one message, not the schema bound and the int bound both', () => {
    // Prepare
    const refusalOf = (schema: Parameters<typeof parseWith>[0], value: unknown) => {
      try {
        parseWith(schema, value);
        return undefined;
      } catch (error) {
        return error instanceof DomainError ? error : undefined;
      }
    };

    // Act
    const amount = refusalOf(TransferCreateRequest, {
      id: 't-1',
      debitAccountId: 'a',
      creditAccountId: 'b',
      amountMinor: 2 ** 53,
      currency: 'JPY',
    });
    const limit = refusalOf(AccountCreateRequest, {
      currency: 'JPY',
      flags: { debitsMustNotExceedCredits: true },
      limitMinor: 2 ** 53,
    });

    // Assess
    for (const refusal of [amount, limit]) {
      expect(refusal?.fields).toHaveLength(1);
      expect(refusal?.fields[0]?.message).toMatch(/^Too big: expected int to be <=9007199254740991$/);
    }
  });

  it('field messages read as lower-case fragments whoever wrote them; acronyms and ids keep their case', () => {
    // Act
    const problem = problemOf(
      new DomainError('PENDING_TRANSFER_NOT_FOUND', 'Hold h-1 does not exist.', [
        { field: 'pendingId', message: 'Hold h-1 does not exist.' },
        { field: 'amountMinor', message: 'Too big: expected int to be <=9007199254740991' },
        { field: 'currency', message: 'ISO 4217 code of a currency in use' },
      ]),
    );

    // Assess
    expect(problem.detail).toBe('Hold h-1 does not exist.');
    expect(problem.errors).toEqual([
      { field: 'pendingId', message: 'hold h-1 does not exist' },
      { field: 'amountMinor', message: 'too big: expected int to be <=9007199254740991' },
      { field: 'currency', message: 'ISO 4217 code of a currency in use' },
    ]);
    expect(asFragment('is not a known field')).toBe('is not a known field');
  });
});
