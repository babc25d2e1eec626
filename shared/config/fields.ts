import { ConfigError } from './errors';

/**
 * kippu's own parsers for its environment variables: one small function per variable, for
 * exactly the shapes the configuration uses. It replaced a zod schema whose building and
 * parsing cost every function a few milliseconds of cold init, and it keeps that schema's
 * problems, worded as zod's English messages were, each as `NAME: message`; an unset variable
 * takes its default, which is not checked. A number is written in plain decimal: an integer is
 * its digits, with a `-` before them where the bounds allow negatives, and any other number
 * may have a fraction after a `.`; `Number(text)` alone would read '' as 0, ' 12 ' as 12,
 * '1e3' as 1000 and '0x10' as 16, so those are refused before it reads them.
 */

/** A variable's value, or what is wrong with it (one or more messages). */
export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problems: readonly string[] };

/** Parses one variable's text (`undefined` when it is not set). */
export type Field<T> = (text: string | undefined) => Parsed<T>;

export type Fields = Readonly<Record<string, Field<unknown>>>;

/** The values of a set of fields, by variable name. */
export type Values<F extends Fields> = { readonly [K in keyof F]: F[K] extends Field<infer T> ? T : never };

const value = <T>(parsed: T): Parsed<T> => ({ ok: true, value: parsed });
const problems = (...messages: string[]): Parsed<never> => ({ ok: false, problems: messages });

const MISSING_TEXT = 'Invalid input: expected string, received undefined';

/**
 * Required text matching `pattern` (with a default, optional text). `expected` says what the
 * pattern means, for a pattern too long to read (a list of every currency code); without it,
 * the message shows the pattern.
 */
export const text =
  (pattern: RegExp, defaultValue?: string, expected?: string): Field<string> =>
  (raw) => {
    if (raw === undefined) return defaultValue === undefined ? problems(MISSING_TEXT) : value(defaultValue);
    pattern.lastIndex = 0;
    if (pattern.test(raw)) return value(raw);
    return problems(`Invalid string: ${expected ?? `must match pattern ${pattern.toString()}`}`);
  };

/** A required absolute URL; surrounding white space, tabs and line breaks are dropped. */
export const url = (): Field<string> => (raw) => {
  if (raw === undefined) return problems(MISSING_TEXT);
  const trimmed = raw.trim();
  return URL.canParse(trimmed) ? value(trimmed.replace(/[\t\n\r]/g, '')) : problems('Invalid URL');
};

/** A comma-separated list; items are trimmed and empty ones dropped; unset is the empty list. */
export const list = (): Field<readonly string[]> => (raw) =>
  value(
    (raw ?? '')
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item !== ''),
  );

/** Bounds of a number: `above` is exclusive, `atLeast` and `atMost` inclusive. */
export interface Bounds {
  readonly atLeast?: number;
  readonly above?: number;
  readonly atMost?: number;
}

const DECIMAL_INTEGER = /^-?[0-9]+$/;
const DECIMAL_NUMBER = /^-?[0-9]+(?:\.[0-9]+)?$/;

/**
 * The text's decimal number, refused unless written in plain decimal (`DECIMAL_INTEGER` when
 * `whole`, else `DECIMAL_NUMBER`) and finite; when `whole`, unless a safe integer. The checks
 * run in zod's order: a text that is no number or a fraction stops there, the others are each
 * reported.
 */
const numeric =
  (defaultValue: number, bounds: Bounds, whole: boolean): Field<number> =>
  (raw) => {
    if (raw === undefined) return value(defaultValue);
    const kind = whole ? 'int' : 'number';
    if (raw === '') return problems(`Invalid input: expected ${kind}, received an empty value`);
    if (whole && !DECIMAL_INTEGER.test(raw) && DECIMAL_NUMBER.test(raw))
      return problems('Invalid input: expected int, received number');
    if (!(whole ? DECIMAL_INTEGER : DECIMAL_NUMBER).test(raw))
      return problems(`Invalid input: expected ${kind} written in decimal digits`);
    // `+ 0` reads '-0' as 0.
    const parsed = Number(raw) + 0;
    if (!Number.isFinite(parsed)) return problems(`Invalid input: expected number, received ${String(parsed)}`);
    const found: string[] = [];
    if (whole && parsed > Number.MAX_SAFE_INTEGER)
      found.push(`Too big: expected int to be <=${Number.MAX_SAFE_INTEGER.toString()}`);
    if (whole && parsed < Number.MIN_SAFE_INTEGER)
      found.push(`Too small: expected int to be >=${Number.MIN_SAFE_INTEGER.toString()}`);
    if (bounds.atLeast !== undefined && !(parsed >= bounds.atLeast))
      found.push(`Too small: expected number to be >=${bounds.atLeast.toString()}`);
    if (bounds.above !== undefined && !(parsed > bounds.above))
      found.push(`Too small: expected number to be >${bounds.above.toString()}`);
    if (bounds.atMost !== undefined && !(parsed <= bounds.atMost))
      found.push(`Too big: expected number to be <=${bounds.atMost.toString()}`);
    return found.length === 0 ? value(parsed) : problems(...found);
  };

/** A finite number within `bounds`; unset is `defaultValue`. */
export const number = (defaultValue: number, bounds: Bounds): Field<number> => numeric(defaultValue, bounds, false);

/** A safe integer within `bounds`; unset is `defaultValue`. */
export const integer = (defaultValue: number, bounds: Bounds): Field<number> => numeric(defaultValue, bounds, true);

/** One of `options` (compared after upper-casing the text when `upperCase`); unset is `defaultValue`. */
export const oneOf =
  <const T extends string>(options: readonly T[], defaultValue: T, { upperCase = false } = {}): Field<T> =>
  (raw) => {
    if (raw === undefined) return value(defaultValue);
    const candidate = upperCase ? raw.toUpperCase() : raw;
    const option = options.find((item) => item === candidate);
    if (option !== undefined) return value(option);
    return problems(`Invalid option: expected one of ${options.map((item) => `"${item}"`).join('|')}`);
  };

/** Every field's value from `env`, or every problem (`NAME: message`), in the order the fields are declared. */
export const parseEnvironment = <F extends Fields>(
  fields: F,
  env: NodeJS.ProcessEnv,
): { readonly ok: true; readonly values: Values<F> } | { readonly ok: false; readonly problems: readonly string[] } => {
  const values: Record<string, unknown> = {};
  const found: string[] = [];
  for (const [name, field] of Object.entries(fields)) {
    const parsed = field(env[name]);
    if (parsed.ok) values[name] = parsed.value;
    else for (const message of parsed.problems) found.push(`${name}: ${message}`);
  }
  return found.length === 0 ? { ok: true, values: values as Values<F> } : { ok: false, problems: found };
};

/** Every field's value from `env`; a `ConfigError` naming every problem when any is wrong. */
export const environmentValues = <F extends Fields>(fields: F, env: NodeJS.ProcessEnv): Values<F> => {
  const parsed = parseEnvironment(fields, env);
  if (!parsed.ok) throw new ConfigError(`invalid configuration: ${parsed.problems.join('; ')}`);
  return parsed.values;
};
