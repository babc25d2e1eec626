import { InvariantViolationError } from '../../errors';

/**
 * kippu's own checks of the items it reads back from DynamoDB: a shape names each attribute
 * with its check, and `parseStored` returns the attributes the shape names (keys and other
 * attributes dropped, an absent optional attribute left absent) or throws an
 * InvariantViolationError naming the item and the attribute. They replaced zod schemas that
 * every worker built and compiled at its cold start for items only kippu writes, and they give
 * exactly those schemas' results (test/unit/ledger/item-parsers.test.ts compares the two):
 * integers are safe integers, counters a safe integer or a bigint read as a bigint, and an
 * optional attribute present with the value `undefined` stays present and undefined.
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

/** The attributes `shape` names, checked; an InvariantViolationError names the first one that is wrong. */
export const parseStored = <S extends Shape>(what: string, shape: S, item: unknown): Stored<S> => {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) {
    throw new InvariantViolationError(`the stored ${what} item is not an object (${describe(item)})`);
  }
  const attributes = item as Readonly<Record<string, unknown>>;
  const parsed: Record<string, unknown> = {};
  for (const [name, { expected, optional: isOptional, read }] of Object.entries(shape)) {
    const value = attributes[name];
    if (value === undefined && isOptional) {
      if (name in attributes) parsed[name] = undefined;
      continue;
    }
    const checked = read(value);
    if (checked === INVALID) {
      throw new InvariantViolationError(
        `the stored ${what} item${nameOf(attributes)} has ${value === undefined ? `no ${name}` : `a ${name} that is ${describe(value)}`} (expected ${expected})`,
      );
    }
    parsed[name] = checked;
  }
  return parsed as Stored<S>;
};
