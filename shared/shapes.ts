import { InvariantViolationError } from './errors';

/**
 * kippu's own checks of plain values that need no schema library: the items it reads back
 * from DynamoDB (`parseStored`) and the queue messages its workers receive (`readShape`). A
 * shape names each attribute with its check; reading it returns the attributes the shape names
 * (an absent optional attribute left absent) or says which one is wrong. They replaced zod
 * schemas that every worker built and compiled at its cold start, and give exactly those
 * schemas' results (test/unit/ledger/item-parsers.test.ts,
 * test/unit/purchases/settlement-message.test.ts and test/unit/billing/statement-message.test.ts
 * compare them): integers are safe integers, counters a safe integer or a bigint read as a
 * bigint, and an optional attribute present with the value `undefined` stays present and undefined.
 */

const INVALID: unique symbol = Symbol('invalid');

/** One attribute's check: its value, or INVALID. */
export interface Check<T, Optional extends boolean = boolean> {
  readonly expected: string;
  readonly optional: Optional;
  readonly read: (value: unknown) => T | typeof INVALID;
}

export const string: Check<string, false> = {
  expected: 'a string',
  optional: false,
  read: (value) => (typeof value === 'string' ? value : INVALID),
};
export const boolean: Check<boolean, false> = {
  expected: 'a boolean',
  optional: false,
  read: (value) => (typeof value === 'boolean' ? value : INVALID),
};
export const int: Check<number, false> = {
  expected: 'a safe integer',
  optional: false,
  read: (value) => (typeof value === 'number' && Number.isSafeInteger(value) ? value : INVALID),
};
/** A counter as the document client reads it: a number while it is a safe integer, a bigint beyond. */
export const counter: Check<bigint, false> = {
  expected: 'a safe integer or a bigint',
  optional: false,
  read: (value) =>
    typeof value === 'bigint' ? value : typeof value === 'number' && Number.isSafeInteger(value) ? BigInt(value) : INVALID,
};
/** A string the pattern matches. */
export const matching = (pattern: RegExp, expected: string): Check<string, false> => ({
  expected,
  optional: false,
  read: (value) => (typeof value === 'string' && pattern.test(value) ? value : INVALID),
});
export const nonEmptyString = /* @__PURE__ */ matching(/./s, 'a non-empty string');
export const intOrString: Check<number | string, false> = {
  expected: 'a safe integer or a string',
  optional: false,
  read: (value) => (typeof value === 'string' || (typeof value === 'number' && Number.isSafeInteger(value)) ? value : INVALID),
};
export const oneOf = <const T extends string>(values: readonly T[]): Check<T, false> => ({
  expected: `one of ${values.join('|')}`,
  optional: false,
  read: (value) => (values.includes(value as T) ? (value as T) : INVALID),
});

export const optional = <T>(inner: Check<T, false>): Check<T, true> => ({ ...inner, optional: true });

export type Shape = Readonly<Record<string, Check<unknown>>>;

type Value<C> = C extends Check<infer T> ? T : never;
/** What a shape reads: its required attributes, and its optional ones as optional properties. */
export type Stored<S extends Shape> = {
  -readonly [K in keyof S as S[K] extends Check<unknown, true> ? never : K]: Value<S[K]>;
} & { -readonly [K in keyof S as S[K] extends Check<unknown, true> ? K : never]?: Value<S[K]> };

const describe = (value: unknown): string =>
  value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value === 'bigint' ? 'a bigint' : `a ${typeof value}`;

/** The item's key, to name it in a message (when it has one). */
const nameOf = (item: Readonly<Record<string, unknown>>): string =>
  typeof item.pk === 'string' ? ` ${item.pk}${typeof item.sk === 'string' ? `/${item.sk}` : ''}` : '';

/** What reading a shape gives: the attributes it names, or what is wrong with the value. */
type Read<S extends Shape> = { readonly ok: true; readonly value: Stored<S> } | { readonly ok: false; readonly problem: string };

/**
 * The attributes `shape` names, checked, or the first problem. With `exact`, an attribute the
 * shape does not name is a problem too (a message has exactly its fields).
 */
const read = <S extends Shape>(shape: S, value: unknown, exact: boolean): Read<S> => {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, problem: `is not an object (${describe(value)})` };
  }
  const attributes = value as Readonly<Record<string, unknown>>;
  if (exact) {
    const unknown = Object.keys(attributes).find((name) => !Object.hasOwn(shape, name));
    if (unknown !== undefined) return { ok: false, problem: `has an attribute ${unknown} it should not have` };
  }
  const parsed: Record<string, unknown> = {};
  for (const [name, { expected, optional: isOptional, read: check }] of Object.entries(shape)) {
    const attribute = attributes[name];
    if (attribute === undefined && isOptional) {
      if (name in attributes) parsed[name] = undefined;
      continue;
    }
    const checked = check(attribute);
    if (checked === INVALID) {
      const found = attribute === undefined ? `no ${name}` : `a ${name} that is ${describe(attribute)}`;
      return { ok: false, problem: `has ${found} (expected ${expected})` };
    }
    parsed[name] = checked;
  }
  return { ok: true, value: parsed as Stored<S> };
};

/** A stored item's attributes that `shape` names, checked; an InvariantViolationError names the first one that is wrong. */
export const parseStored = <S extends Shape>(what: string, shape: S, item: unknown): Stored<S> => {
  const result = read(shape, item, false);
  if (result.ok) return result.value;
  const name = typeof item === 'object' && item !== null ? nameOf(item as Readonly<Record<string, unknown>>) : '';
  throw new InvariantViolationError(`the stored ${what} item${name} ${result.problem}`);
};

/** A message with exactly the attributes `shape` names, each as it says, or undefined. */
export const readShape = <S extends Shape>(shape: S, value: unknown): Stored<S> | undefined => {
  const result = read(shape, value, true);
  return result.ok ? result.value : undefined;
};
