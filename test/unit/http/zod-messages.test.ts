import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import en from 'zod/v4/locales/en.js';
import * as z from '../../../shared/zod';
import { FORMAT_NOUNS, englishMessage } from '../../../shared/zod';

/**
 * kippu's 422 problem details quote zod's English messages. shared/zod.ts writes them itself
 * instead of configuring zod's English locale (which names about thirty string formats kippu
 * never uses, in every function's bundle). This compares the two over every issue code, with
 * every origin, bound and input type, and every string format that a schema of kippu uses: it
 * walks every schema exported by a module of shared/ that builds schemas.
 */
const ROOT = join(__dirname, '..', '..', '..');
const zodEnglish = en().localeError;

type RawIssue = z.core.$ZodRawIssue;

const INPUTS: readonly unknown[] = [
  undefined,
  null,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  Number.NEGATIVE_INFINITY,
  0,
  12.5,
  '',
  'text',
  true,
  10n,
  [],
  [1, 'a'],
  {},
  { a: 1 },
  Object.create(null),
  new Date(0),
  new Map(),
  new Set(),
  new Uint8Array(2),
  () => 1,
  Symbol('s'),
];
const EXPECTED = ['string', 'number', 'int', 'boolean', 'bigint', 'object', 'array', 'nan', 'null', 'undefined', 'date', 'never'];
const ORIGINS = ['string', 'array', 'set', 'map', 'file', 'number', 'int', 'bigint', 'date', 'value', 'something'];
const PRIMITIVES = ['a', 'b c', 1, 2.5, 10n, true, null, undefined];

/** Every string format a kippu schema declares (format schemas and format checks), found by walking the schemas. */
const formatsOfSchemas = async (): Promise<Set<string>> => {
  const files: string[] = [];
  const walk = (directory: string): void => {
    for (const name of readdirSync(directory)) {
      const path = join(directory, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (path.endsWith('.ts') && /from '(\.\.?\/)+zod'/.test(readFileSync(path, 'utf8'))) files.push(path);
    }
  };
  walk(join(ROOT, 'shared'));
  const formats = new Set<string>();
  const seen = new Set<unknown>();
  const visit = (value: unknown): void => {
    if (typeof value !== 'object' || value === null || seen.has(value)) return;
    seen.add(value);
    if (Array.isArray(value)) {
      for (const item of value) visit(item);
      return;
    }
    const internals = (value as { _zod?: { def?: Record<string, unknown> } })._zod;
    if (internals?.def === undefined) return;
    const def = internals.def;
    // String formats only: a number's format (int's safeint) raises type and range issues, never invalid_format.
    if (typeof def['format'] === 'string' && (def['type'] === 'string' || def['check'] === 'string_format'))
      formats.add(def['format']);
    for (const key of [
      'shape',
      'element',
      'innerType',
      'options',
      'in',
      'out',
      'keyType',
      'valueType',
      'items',
      'rest',
      'left',
      'right',
      'checks',
    ]) {
      const member = def[key];
      if (typeof member === 'object' && member !== null)
        visit(Array.isArray(member) ? member : key === 'shape' ? Object.values(member) : member);
    }
  };
  for (const file of files) {
    const module = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
    for (const exported of Object.values(module)) visit(exported);
  }
  expect(files.map((file) => relative(ROOT, file))).toContain('shared/api/common.ts');
  return formats;
};

const issuesOf = (formats: readonly string[]): RawIssue[] => [
  ...EXPECTED.flatMap((expected) => INPUTS.map((input) => ({ code: 'invalid_type', expected, input }) as RawIssue)),
  ...ORIGINS.flatMap((origin) =>
    [false, true].flatMap((inclusive) =>
      [false, true].flatMap((exact) =>
        [0, 7, 2.5, 9007199254740991, 5n].flatMap((bound) => [
          { code: 'too_big', origin, maximum: bound, inclusive, exact, input: 1 } as RawIssue,
          { code: 'too_small', origin, minimum: bound, inclusive, exact, input: 1 } as RawIssue,
        ]),
      ),
    ),
  ),
  { code: 'too_big', origin: undefined, maximum: 3, input: 1 } as unknown as RawIssue,
  { code: 'too_small', origin: undefined, minimum: 3, input: 1 } as unknown as RawIssue,
  { code: 'too_big', origin: 'number', maximum: 3, input: 1 } as RawIssue,
  ...PRIMITIVES.map((value) => ({ code: 'invalid_value', values: [value], input: 'x' }) as RawIssue),
  { code: 'invalid_value', values: PRIMITIVES, input: 'x' } as RawIssue,
  { code: 'invalid_value', values: ['a', 'b'], input: 'x' } as RawIssue,
  ...[...formats, 'regex', 'starts_with', 'ends_with', 'includes', 'unknown_format'].map(
    (format) =>
      ({
        code: 'invalid_format',
        format,
        pattern: '/^[a-z]+$/',
        prefix: 'pre',
        suffix: 'suf',
        includes: 'mid',
        input: 'x',
      }) as unknown as RawIssue,
  ),
  { code: 'not_multiple_of', divisor: 5, input: 7 } as RawIssue,
  { code: 'unrecognized_keys', keys: ['extra'], input: {} } as RawIssue,
  { code: 'unrecognized_keys', keys: ['extra', 'more'], input: {} } as RawIssue,
  { code: 'invalid_key', origin: 'record', issues: [], input: {} } as RawIssue,
  { code: 'invalid_element', origin: 'set', key: 1, issues: [], input: new Set() } as RawIssue,
  { code: 'invalid_union', errors: [], input: 1 } as RawIssue,
  { code: 'invalid_union', errors: [], options: ['a', 1, 2n, true], discriminator: 'kind', input: 1 } as RawIssue,
  { code: 'invalid_union', errors: [], options: [], input: 1 } as RawIssue,
  { code: 'invalid_union', errors: [], inclusive: false, matches: [0, 1], input: 1 } as RawIssue,
  { code: 'custom', input: 1 } as RawIssue,
  { code: 'something_new', input: 1 } as unknown as RawIssue,
];

const messageOf = (answer: ReturnType<typeof zodEnglish>): string | undefined =>
  typeof answer === 'object' && answer !== null ? answer.message : (answer ?? undefined);

describe("kippu's English messages for zod issues", () => {
  it("are zod's English locale's, word for word, for every issue kippu's schemas can raise", { timeout: 60_000 }, async () => {
    // Arrange
    const formats = await formatsOfSchemas();
    const issues = issuesOf([...formats]);

    // Act
    const differences = issues
      .map((issue) => ({ issue, kippu: englishMessage(issue), zod: messageOf(zodEnglish(issue)) }))
      .filter(({ kippu, zod }) => kippu !== zod);

    // Assess
    expect(formats).toContain('datetime');
    expect(differences).toEqual([]);
    for (const format of formats) expect(Object.keys(FORMAT_NOUNS)).toContain(format);
  });

  it('are the messages a parse reports', () => {
    // Arrange
    const schema = z.strictObject({ amountMinor: z.int().check(z.positive()), at: z.iso.datetime(), kind: z.enum(['a', 'b']) });

    // Act
    const parsed = schema.safeParse({ amountMinor: 0, at: 'soon', kind: 'c', extra: 1 });

    // Assess
    expect(parsed.error?.issues.map((issue) => issue.message)).toEqual([
      'Too small: expected number to be >0',
      'Invalid ISO datetime',
      'Invalid option: expected one of "a"|"b"',
      'Unrecognized key: "extra"',
    ]);
  });
});
