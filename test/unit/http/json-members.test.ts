import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../shared/errors';
import { firstRepeatedMember } from '../../../shared/http/json-members';
import { REPEATED_MEMBER_MESSAGE, parseJsonBody } from '../../../shared/http/request';
import * as z from '../../../shared/zod';
import { apiEvent } from '../../fixtures/handlers';

const bodyEvent = (body: string) => ({
  ...apiEvent({ method: 'POST', path: '/v1/things' }),
  body,
  headers: { 'content-type': 'application/json' },
});

describe('member names repeated in one object (shared/http/json-members.ts)', () => {
  it('finds a name repeated at the top level, in a nested object and in an object inside an array, by its path', () => {
    // Act
    const top = firstRepeatedMember('{"offerId":"ofr_a","offerId":"ofr_b"}');
    const nested = firstRepeatedMember('{"name":"d","proxySettlement":{"trusted":false,"trusted":true},"platformFeeBps":1}');
    const inArray = firstRepeatedMember('{"transfers":[{"id":"a"},{"id":"b","amountMinor":1,"amountMinor":2}]}');
    const deep = firstRepeatedMember('[[{"a":{"b":[0,{"c":1,"c":1}]}}]]');

    // Assess
    expect(top).toEqual({ path: 'offerId', name: 'offerId' });
    expect(nested).toEqual({ path: 'proxySettlement.trusted', name: 'trusted' });
    expect(inArray).toEqual({ path: 'transfers.1.amountMinor', name: 'amountMinor' });
    expect(deep).toEqual({ path: '0.0.a.b.1.c', name: 'c' });
  });

  it('reads names as JSON decodes them: an escaped spelling of a name is the same name', () => {
    // Act
    const found = [
      '{"a":1,"\\u0061":2}',
      '{"\\u0061":1,"a":2}',
      '{"k\\"":1,"k\\u0022":2}',
      '{"\\/":1,"/":2}',
      '{"\\ud83d\\ude00":1,"😀":2}',
      '{"é":1,"\\u00E9":2}',
    ].map((text) => firstRepeatedMember(text)?.name);

    // Assess
    expect(found).toEqual(['a', 'a', 'k"', '/', '😀', 'é']);
  });

  it('takes the same name in different objects, names that differ only in case or normalization, and names inside string values', () => {
    // Act
    const distinct = [
      '{"a":{"a":{"a":1}},"b":[{"a":1},{"a":2}]}',
      '{"a":1,"A":2}',
      // U+00E9 and e + U+0301 are different names: JSON compares code units, not normalized text.
      '{"\\u00e9":1,"e\\u0301":2}',
      '{"a":"\\"a\\":1,\\"a\\":2","b":["a","a"],"c":{"x":"{\\"y\\":1,\\"y\\":2}"}}',
      '{"a":1,"b":{"a":2},"c":[{"b":3}],"a ":4}',
      '{}',
      '[]',
      '"{\\"a\\":1,\\"a\\":2}"',
      '17',
    ].map((text) => firstRepeatedMember(text));

    // Assess
    expect(distinct).toEqual(distinct.map(() => undefined));
  });

  it('answers the first repeat in the order of the text', () => {
    // Act
    const first = firstRepeatedMember('{"z":{"q":1,"q":2},"a":1,"a":2}');

    // Assess
    expect(first).toEqual({ path: 'z.q', name: 'q' });
  });

  it('scans a body with thousands of members and deep nesting without recursion', () => {
    // Prepare: 5000 distinct names, then one repeated at the end; 20000 nested arrays around an object.
    const many = `{${Array.from({ length: 5000 }, (_, index) => `"m${index}":${index}`).join(',')},"m4999":0}`;
    const nested = `${'['.repeat(20000)}{"x":1,"x":2}${']'.repeat(20000)}`;

    // Act
    const inMany = firstRepeatedMember(many);
    const inNested = firstRepeatedMember(nested);

    // Assess
    expect(inMany).toEqual({ path: 'm4999', name: 'm4999' });
    expect(inNested?.name).toBe('x');
  });

  it('makes parseJsonBody refuse the body with 400 MALFORMED_JSON naming the member, before its schema and its other checks', () => {
    // Prepare
    const Request = z.strictObject({ offerId: z.string(), settings: z.optional(z.strictObject({ trusted: z.boolean() })) });
    const refusal = (body: string) => {
      try {
        return { accepted: parseJsonBody(Request, bodyEvent(body)) };
      } catch (error) {
        if (error instanceof DomainError) return { code: error.code, detail: error.detail, fields: error.fields };
        throw error;
      }
    };

    // Act
    const top = refusal('{"offerId":"ofr_a","offerId":"ofr_b"}');
    const nested = refusal('{"offerId":"ofr_a","settings":{"trusted":false,"\\u0074rusted":true}}');
    // Also a field the schema does not know, and a lone surrogate: the repeat is what is answered.
    const beforeSchema = refusal('{"unknown":1,"unknown":2,"offerId":"\\ud800"}');
    const surrogateName = refusal('{"\\ud800":1,"\\ud800":2}');
    const distinct = refusal('{"offerId":"ofr_a","settings":{"trusted":true}}');

    // Assess
    expect(top).toEqual({
      code: 'MALFORMED_JSON',
      detail:
        'The request body is not I-JSON: the member "offerId" is given more than once in its object (RFC 7493 allows each name once).',
      fields: [{ field: 'offerId', message: REPEATED_MEMBER_MESSAGE }],
    });
    expect(nested).toMatchObject({ code: 'MALFORMED_JSON', fields: [{ field: 'settings.trusted' }] });
    expect(beforeSchema).toMatchObject({ code: 'MALFORMED_JSON', fields: [{ field: 'unknown' }] });
    // A lone surrogate is spelled as its JSON escape, in the detail (quoted) and in errors.
    expect(surrogateName).toMatchObject({
      code: 'MALFORMED_JSON',
      detail: expect.stringContaining('the member "\\ud800" is given more than once'),
      fields: [{ field: '\\ud800' }],
    });
    expect(distinct).toEqual({ accepted: { offerId: 'ofr_a', settings: { trusted: true } } });
  });
});
