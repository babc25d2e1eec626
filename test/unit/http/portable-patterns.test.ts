import { describe, expect, it } from 'vitest';
import { declaredDocument } from '../../../shared/http/openapi';
import { portablePattern } from '../../../shared/http/portable-patterns';
import { OPENAPI_DOCUMENT_JSON } from '../../../shared/http/openapi-document';

/**
 * README "OpenAPI document": every `pattern` of the served document is one that JavaScript,
 * Python's `re` and RE2 (Go's regexp, the engine of kin-openapi and libopenapi-validator) read
 * the same, and its portable form (portablePattern, shared/http/portable-patterns.ts) accepts exactly the
 * strings the server's own regular expression accepts.
 */

/** Members whose values are data, not schemas. */
const DATA_MEMBERS = new Set(['example', 'examples', 'const', 'enum', 'default']);

/** Every `pattern` of a JSON value, with where it is. */
const patternsIn = (value: unknown, at = '#'): { pattern: string; at: string }[] => {
  if (Array.isArray(value)) return value.flatMap((item, index) => patternsIn(item, `${at}/${index}`));
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, member]) => {
    if (key === 'pattern' && typeof member === 'string') return [{ pattern: member, at }];
    return DATA_MEMBERS.has(key) ? [] : patternsIn(member, `${at}/${key}`);
  });
};

/**
 * What RE2 does not read, or reads otherwise than ECMA-262 and Python: look-arounds, `\u`
 * escapes, Unicode property escapes, back-references, named groups in JavaScript's spelling,
 * and `\d`, `\w`, `\b` (Unicode-aware in Python's `re`).
 */
const NOT_PORTABLE = /\(\?[=!<]|\\[upPkdDwWbB1-9]/;

/** Whether a schema fragment of patterns (pattern, not, allOf) accepts a string, as a JSON Schema validator would. */
const accepts = (fragment: Readonly<Record<string, unknown>>, value: string): boolean =>
  (typeof fragment['pattern'] !== 'string' || new RegExp(fragment['pattern'], 'u').test(value)) &&
  (fragment['not'] === undefined || !accepts(fragment['not'] as Record<string, unknown>, value)) &&
  ((fragment['allOf'] as Record<string, unknown>[] | undefined) ?? []).every((part) => accepts(part, value));

/** Strings around every character of the Basic Multilingual Plane, and values the patterns name. */
const SAMPLES: readonly string[] = (() => {
  const base = 'Aa1!bcdefgh';
  const named = [
    'wallet:x',
    'x:wallet:',
    'carrier:cus_1',
    'payouts:EUR',
    'trf_1',
    'x-trf_',
    'purchase_hold',
    'purchase_holds',
    'reservation',
    'topup_fee',
    '2024-02-29T00:00:00Z',
    '2026-02-29T00:00:00Z',
    '2026-01-31T23:59:59.5+09:00',
    '\u0662\u0660\u0662\u0666-01-01T00:00:00Z',
    '2026-01',
    '123456',
    '\u0661\u0662\u0663\u0664\u0665\u0666',
    'a@example.com',
    ` ${base}`,
    `${base}\n`,
    `\u3000${base}`,
    base,
  ];
  const around: string[] = [];
  for (let code = 0; code < 0x10000; code += 1) {
    if (code >= 0xd800 && code <= 0xdfff) continue;
    const character = String.fromCharCode(code);
    around.push(character, `${character}${base}`, `${base}${character}`, `Aa1${character}bcdefgh`);
  }
  return [...named, ...around];
})();

describe('the patterns of the OpenAPI document', () => {
  it('are all portable to RE2 (no look-around, no \\u escape, no Unicode-aware class) and compile as ECMA-262 with the u flag', () => {
    // Prepare
    const served = patternsIn(JSON.parse(OPENAPI_DOCUMENT_JSON));

    // Act
    const unportable = served.filter(({ pattern }) => NOT_PORTABLE.test(pattern));
    const uncompiled = served.filter(({ pattern }) => {
      try {
        new RegExp(pattern, 'u');
        return false;
      } catch {
        return true;
      }
    });

    // Assess
    expect(served.length).toBeGreaterThan(100);
    expect(unportable).toEqual([]);
    expect(uncompiled).toEqual([]);
  });

  it("accept in their portable form exactly what the server's own regular expressions accept", () => {
    // Prepare: every distinct pattern the schemas declare, look-aheads and \u escapes among them.
    const declared = [...new Set(patternsIn(declaredDocument('https://kippu.test')).map(({ pattern }) => pattern))];

    // Act
    const disagreements = declared.flatMap((pattern) => {
      const server = new RegExp(pattern, 'u');
      const portable = portablePattern(pattern);
      const differing = SAMPLES.filter((value) => server.test(value) !== accepts(portable, value));
      return differing.length === 0 ? [] : [{ pattern, portable, differing: differing.slice(0, 5) }];
    });

    // Assess
    expect(declared.filter((pattern) => NOT_PORTABLE.test(pattern)).length).toBeGreaterThanOrEqual(5);
    expect(disagreements).toEqual([]);
  });

  it('split a pattern of look-aheads into patterns that must match and patterns that must not', () => {
    expect(portablePattern('^(?!trf_)')).toEqual({ not: { pattern: '^trf_' } });
    expect(portablePattern('^(?=[\\s\\S]*[a-z])(?![\\s\\S]*[\\t ]$)(?![\\u00a0])')).toEqual({
      allOf: [{ pattern: '[a-z]' }, { not: { pattern: '[\\t ]$' } }, { not: { pattern: '^[\u00a0]' } }],
    });
    expect(portablePattern('^[\\d.]\\d{2}\\\\u0041$')).toEqual({ pattern: '^[0-9.][0-9]{2}\\\\u0041$' });
  });
});
