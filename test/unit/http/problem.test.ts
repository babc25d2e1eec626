import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../shared/errors';
import { asSentence, problemOf } from '../../../shared/http/problem';

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
});
