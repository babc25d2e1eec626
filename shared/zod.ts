/**
 * kippu's schemas use zod's functional API (`zod/mini`): the same validation and the same
 * JSON Schema as the classic API, in about a sixth of the code and without building dozens of
 * methods per schema, which is what a function's cold init pays for (docs/cost.md, Cold
 * start). `zod/mini` loads no locale of its own; kippu's problem details carry zod's English
 * messages, so they are configured here, once, for every module that imports its zod from
 * this one. Describe and annotate with checks: `schema.check(z.describe('…'))`,
 * `schema.check(z.meta({ … }))` (each makes a new schema, as the classic methods did).
 */
import * as z from 'zod/mini';

/** zod's English words for a size's unit, by the issue's origin. */
const SIZE_UNITS: Readonly<Record<string, string>> = {
  string: 'characters',
  file: 'bytes',
  array: 'items',
  set: 'items',
  map: 'entries',
};

/**
 * zod's English names of the string formats kippu's schemas use (zod's own list names about
 * thirty, each bundled into every function that configures its locale); a format not listed
 * is named by its id, as zod does. test/unit/http/zod-messages.test.ts walks every schema of
 * kippu and fails on a format missing here.
 */
export const FORMAT_NOUNS: Readonly<Record<string, string>> = {
  regex: 'input',
  datetime: 'ISO datetime',
  email: 'email address',
};

/** zod's name of an input's type (`util.parsedType`): NaN, null, an array and a class instance apart. */
const receivedType = (input: unknown): string => {
  if (typeof input === 'number') return Number.isNaN(input) ? 'nan' : 'number';
  if (typeof input !== 'object') return typeof input;
  if (input === null) return 'null';
  if (Array.isArray(input)) return 'array';
  const prototype: unknown = Object.getPrototypeOf(input);
  const constructor: unknown = 'constructor' in input ? input.constructor : undefined;
  return prototype !== Object.prototype && typeof constructor === 'function' ? constructor.name : 'object';
};

/** A primitive as zod quotes it in a message (`util.stringifyPrimitive`): strings quoted, bigints with an n. */
const quoted = (value: unknown): string =>
  typeof value === 'bigint' ? `${value.toString()}n` : typeof value === 'string' ? `"${value}"` : `${String(value)}`;

const typeName = (type: string, input?: unknown): string =>
  type === 'number' && typeof input === 'number' && !Number.isFinite(input) ? String(input) : type === 'nan' ? 'NaN' : type;

/**
 * zod's English messages (`zod/v4/locales/en`), word for word, for the issues kippu's schemas
 * raise, without the names of formats kippu never uses: test/unit/http/zod-messages.test.ts
 * compares the two over every issue code, origin and format.
 */
export const englishMessage = (issue: z.core.$ZodRawIssue): string => {
  switch (issue.code) {
    case 'invalid_type':
      return `Invalid input: expected ${typeName(issue.expected)}, received ${typeName(receivedType(issue.input), issue.input)}`;
    case 'invalid_value':
      return issue.values.length === 1
        ? `Invalid input: expected ${quoted(issue.values[0])}`
        : `Invalid option: expected one of ${issue.values.map(quoted).join('|')}`;
    case 'too_big': {
      const bound = `${issue.exact === true ? 'exactly ' : issue.inclusive === true ? '<=' : '<'}${issue.maximum.toString()}`;
      const unit = SIZE_UNITS[issue.origin];
      return `Too big: expected ${issue.origin ?? 'value'} to ${unit === undefined ? `be ${bound}` : `have ${bound} ${unit}`}`;
    }
    case 'too_small': {
      const bound = `${issue.exact === true ? 'exactly ' : issue.inclusive === true ? '>=' : '>'}${issue.minimum.toString()}`;
      const unit = SIZE_UNITS[issue.origin];
      return `Too small: expected ${issue.origin} to ${unit === undefined ? `be ${bound}` : `have ${bound} ${unit}`}`;
    }
    case 'invalid_format': {
      const format = issue as {
        readonly format: string;
        readonly prefix?: string;
        readonly suffix?: string;
        readonly includes?: string;
      };
      if (format.format === 'starts_with') return `Invalid string: must start with "${format.prefix}"`;
      if (format.format === 'ends_with') return `Invalid string: must end with "${format.suffix}"`;
      if (format.format === 'includes') return `Invalid string: must include "${format.includes}"`;
      if (format.format === 'regex') return `Invalid string: must match pattern ${issue.pattern}`;
      return `Invalid ${FORMAT_NOUNS[format.format] ?? format.format}`;
    }
    case 'not_multiple_of':
      return `Invalid number: must be a multiple of ${issue.divisor}`;
    case 'unrecognized_keys':
      return `Unrecognized key${issue.keys.length > 1 ? 's' : ''}: ${issue.keys.map(quoted).join(', ')}`;
    case 'invalid_key':
      return `Invalid key in ${issue.origin}`;
    case 'invalid_union': {
      const options = 'options' in issue ? issue.options : undefined;
      if (Array.isArray(options) && options.length > 0) {
        return `Invalid discriminator value. Expected ${options.map((option) => `'${String(option)}'`).join(' | ')}`;
      }
      return issue.inclusive === false ? 'Invalid input: more than one option matched' : 'Invalid input';
    }
    case 'invalid_element':
      return `Invalid value in ${issue.origin}`;
    default:
      return 'Invalid input';
  }
};

z.config({ localeError: englishMessage });

export * from 'zod/mini';

/**
 * Builds a schema at import, as `export const X = z.object(…)` would: shared/pure.ts's
 * `atImport` under the name the schema modules use. Called as
 * `/* @__PURE__ *\/ z.schema(() => …)`, it lets the bundler leave the schema out of every
 * function that never uses it. An API module declares its requests, its answers and their
 * parts together, and a handler uses a few of them (docs/cost.md, Cold start).
 */
export { atImport as schema } from './pure';
