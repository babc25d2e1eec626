import { describe, expect, it } from 'vitest';
import { passwordPolicyIssues, passwordPolicyPattern } from '../../../shared/resources/identity';

const LENGTH_ISSUE = /characters$/;
/** What the check says of a password but its length (the document states that apart). */
const acceptedByCheck = (password: string): boolean =>
  passwordPolicyIssues(password).filter((issue) => !LENGTH_ISSUE.test(issue)).length === 0;

describe("the registration password's pattern in the OpenAPI document", () => {
  const pattern = new RegExp(passwordPolicyPattern());
  const base = 'Aa1!bcdefgh';

  it('accepts exactly what the check accepts, for every character of the Basic Multilingual Plane at either end and inside', () => {
    // Prepare
    const samples: string[] = [];
    for (let code = 0; code < 0x10000; code += 1) {
      if (code >= 0xd800 && code <= 0xdfff) continue;
      const character = String.fromCharCode(code);
      samples.push(`${character}${base}`, `${base}${character}`, `Aa1${character}bcdefgh`, `aaaaaaaa${character}aaa`);
    }

    // Act
    const disagreements = samples.filter((password) => pattern.test(password) !== acceptedByCheck(password));

    // Assess
    expect(disagreements).toEqual([]);
  });

  it('refuses each rule the policy has: a missing class, a space at either end', () => {
    for (const password of [
      'aa1!bcdefgh',
      'AA1!BCDEFGH',
      'Aab!bcdefgh',
      'Aa1bbcdefgh',
      ` ${base}`,
      `${base}\n`,
      `\u3000${base}`,
    ]) {
      expect({ password, pattern: pattern.test(password), check: acceptedByCheck(password) }).toEqual({
        password,
        pattern: false,
        check: false,
      });
    }
    expect(pattern.test(`${base}~`)).toBe(true);
  });
});
