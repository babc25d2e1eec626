import { DomainError } from '../errors';

/**
 * Creates whose id derives from an Idempotency-Key return the stored record when the id
 * exists. Normally the HTTP idempotency layer answers a repeated key before the domain runs,
 * but once its record has expired or was released after a failure, the same key may come
 * back with another body: the stored record is then not what this request asked for, and
 * answering it as if created would be a lie. Such a repeat is refused like the HTTP layer
 * refuses it: 422 IDEMPOTENCY_KEY_REUSED naming each field that differs.
 */
export type ComparedValue = string | number | boolean | undefined | readonly string[];

const sameValue = (stored: ComparedValue, requested: ComparedValue): boolean => {
  if (Array.isArray(stored) || Array.isArray(requested)) {
    if (!Array.isArray(stored) || !Array.isArray(requested)) return false;
    return stored.length === requested.length && stored.every((value, index) => value === requested[index]);
  }
  return stored === requested;
};

/**
 * What a repeated request repeated: by default the Idempotency-Key, or a route's own
 * idempotency token (a redeem's nonce), which the refusal then names instead — the client may
 * have sent no key at all.
 */
export interface RepeatedToken {
  /** How the detail names it, e.g. `this Idempotency-Key`, `nonce n-1`. */
  readonly named: string;
  /** What the client should use a new one of, e.g. `key`, `nonce`. */
  readonly kind: string;
}

export const IDEMPOTENCY_KEY_TOKEN: RepeatedToken = { named: 'this Idempotency-Key', kind: 'key' };

const capitalized = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

/**
 * Field name → [stored, requested]. Throws IDEMPOTENCY_KEY_REUSED naming what was repeated
 * (the Idempotency-Key unless `repeated` says otherwise) and every field that differs.
 */
export const requireSameRequest = (
  what: string,
  comparisons: Readonly<Record<string, readonly [stored: ComparedValue, requested: ComparedValue]>>,
  repeated: RepeatedToken = IDEMPOTENCY_KEY_TOKEN,
): void => {
  const differing = Object.entries(comparisons)
    .filter(([, [stored, requested]]) => !sameValue(stored, requested))
    .map(([field]) => field);
  if (differing.length === 0) return;
  throw new DomainError(
    'IDEMPOTENCY_KEY_REUSED',
    `${capitalized(repeated.named)} already created ${what} with another ${differing.join(', ')}; use a new ${repeated.kind} for a different request.`,
    differing.map((field) => ({ field, message: `differs from the request first made with ${repeated.named}` })),
  );
};

/** The comparisons of fields that a record stores under the name they were requested by, in the order given. */
export const sameNamed = <Field extends string>(
  stored: Readonly<Partial<Record<Field, ComparedValue>>>,
  requested: Readonly<Partial<Record<Field, ComparedValue>>>,
  fields: readonly Field[],
): Record<string, readonly [ComparedValue, ComparedValue]> =>
  Object.fromEntries(fields.map((field) => [field, [stored[field], requested[field]] as const]));

/**
 * The fields of a request that a record stores under the names they were requested by, in the
 * order given: those that are set, arrays copied (the record shares nothing with the request).
 * The same names are what a repeat is compared by (sameNamed).
 */
export const requestedFields = <Source extends object, Field extends keyof Source & string>(
  source: Source,
  fields: readonly Field[],
): Pick<Source, Field> =>
  Object.fromEntries(
    fields.flatMap((field) => {
      const value: unknown = source[field];
      return value === undefined ? [] : [[field, Array.isArray(value) ? [...(value as unknown[])] : value]];
    }),
  ) as Pick<Source, Field>;

/** Currency lists compare as sets: the order a client lists them in changes nothing. */
export const currencySet = (currencies: readonly string[]): string[] => [...new Set(currencies)].sort();
