import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../shared/errors';
import * as z from '../../../shared/zod';
import { asSentence, problemOf, titleOf } from '../../../shared/http/problem';
import { parseWith } from '../../../shared/http/request';

describe('problem documents', () => {
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
    expect(refusal?.detail).toBe('The request body is invalid: email.');
  });
});
