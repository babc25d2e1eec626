import type { APIGatewayProxyEvent } from 'aws-lambda';
import * as z from '../zod';
import { ID_PATTERN } from '../domain/ledger/validation';
import { LONE_SURROGATE, LONE_SURROGATE_MESSAGE, escapeLoneSurrogates } from '../domain/stored-text';
import { DomainError, assert, quoted, quotedList, type FieldIssue } from '../errors';
import { IDEMPOTENCY_KEY_LENGTH_MAX, LEDGER_ID_LENGTH_MAX, REQUEST_BODY_BYTES_MAX } from '../limits';
import { firstRepeatedMember } from './json-members';
import { inexactIntegerPaths } from './json-numbers';
import { OPERATION_IDS } from './operation-inputs';
import { withUnionsResolved } from './union-issues';

/** Header lookup is case-insensitive, as in HTTP. */
export const header = (event: APIGatewayProxyEvent, name: string): string | undefined => {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(event.headers ?? {})) {
    if (key.toLowerCase() === wanted && value !== undefined) return value;
  }
  return undefined;
};

/**
 * The one media type a JSON body is sent as (README "API conventions"): `application/json`, in
 * any case, with or without parameters such as `; charset=utf-8`. Every other type is 415, the
 * structured-syntax `+json` forms included (`application/merge-patch+json` promises RFC 7396
 * semantics kippu does not have, and the document declares `application/json` alone).
 */
const JSON_MEDIA_TYPE = /^application\/json$/i;

/**
 * One entry per field: a field that failed several checks has their messages together, but
 * one message per kind of failure. A check that repeats another's kind says the same thing
 * again (`z.int()` carries its own safe-integer bounds, so a schema's `lte(MAX_SAFE_INTEGER)`
 * and the int's own bound both report "too big"): the first one speaks for the field.
 */
const oncePerField = (issues: readonly (FieldIssue & { readonly kind: string })[]): FieldIssue[] => {
  const messages = new Map<string, { kinds: Set<string>; texts: string[] }>();
  for (const { field, message, kind } of issues) {
    const known = messages.get(field) ?? { kinds: new Set<string>(), texts: [] };
    if (!known.kinds.has(kind) && !known.texts.includes(message)) {
      known.kinds.add(kind);
      known.texts.push(message);
    }
    messages.set(field, known);
  }
  return [...messages].map(([field, { texts }]) => ({ field, message: texts.join('; ') }));
};

/** What an issue says about its field: bounds by their direction, formats by their format, custom checks by their message. */
const kindOf = (issue: z.core.$ZodIssue): string => {
  if (issue.code === 'invalid_format') return `${issue.code}:${issue.format}`;
  if (issue.code === 'custom') return `${issue.code}:${issue.message}`;
  return issue.code;
};

/** The one message for a field that is not there, whatever its schema (zod words it by the type it expected). */
export const MISSING_FIELD_MESSAGE = 'is required';

/** Whether the validated value has nothing at `path` (an own property at each step; JSON has no `undefined`). */
const isAbsent = (value: unknown, path: readonly PropertyKey[]): boolean => {
  let current = value;
  for (const key of path) {
    if (typeof current !== 'object' || current === null || !Object.hasOwn(current, key)) return true;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current === undefined;
};

const zodIssuesToFields = (issues: readonly z.core.$ZodIssue[], input: unknown): FieldIssue[] =>
  oncePerField(
    withUnionsResolved(issues).flatMap((issue) => {
      const path = issue.path.map(String).join('.');
      if (issue.code === 'unrecognized_keys') {
        return issue.keys.map((key) => ({
          field: path === '' ? key : `${path}.${key}`,
          message: 'is not a known field',
          kind: `${issue.code}:${key}`,
        }));
      }
      // A required field left out fails its schema's type or option check on `undefined`; it says so in one way everywhere.
      if ((issue.code === 'invalid_type' || issue.code === 'invalid_value') && path !== '' && isAbsent(input, issue.path)) {
        return [{ field: path, message: MISSING_FIELD_MESSAGE, kind: 'missing' }];
      }
      return [{ field: path === '' ? '(body)' : path, message: issue.message, kind: kindOf(issue) }];
    }),
  );

/** A 422 naming every field of `input` (the value that was validated) that `issues` are about. */
export const validationError = (issues: readonly z.core.$ZodIssue[], input: unknown, what = 'request body'): DomainError => {
  const fields = zodIssuesToFields(issues, input);
  const named = quotedList(fields.map((field) => field.field));
  return new DomainError('VALIDATION_FAILED', `The ${what} is invalid: ${named}.`, fields);
};

/** Validate any value against a schema; failures are a 422 naming every offending field. */
export const parseWith = <Schema extends z.core.$ZodType>(schema: Schema, value: unknown, what?: string): z.output<Schema> => {
  const result = z.safeParse(schema, value);
  if (!result.success) throw validationError(result.error.issues, value, what);
  return result.data;
};

const rawBody = (event: APIGatewayProxyEvent): string | undefined => {
  if (event.body === null || event.body === undefined) return undefined;
  return event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
};

/**
 * Parse a JSON request body: content type, size, syntax, then the schema. Every failure is a
 * 4xx with a stable code; nothing the client sends can make this throw anything else.
 */
export const parseJsonBody = <Schema extends z.core.$ZodType>(schema: Schema, event: APIGatewayProxyEvent): z.output<Schema> => {
  // No body at all reads as `{}`; a JSON `null` is a value, and the schema refuses it.
  const body = readJsonBody(event);
  const input = body === undefined ? {} : body.value;
  const result = z.safeParse(schema, input);
  const inexact = body?.inexactIntegers ?? [];
  if (result.success && inexact.length === 0) return result.data;
  throw validationErrorWith(zodIssuesToFields(result.success ? [] : result.error.issues, input), inexact, 'request body');
};

/**
 * The message for a number literal whose exact value is not an integer but reads as one (`4503599627370497.5`):
 * every number a kippu request takes is an integer, so it is refused as `1.5` is, never rounded.
 */
export const INEXACT_INTEGER_MESSAGE = 'expected int, received a number with a fractional part (JSON reads it rounded)';

/**
 * The 422 for the schema's field issues plus the inexact integer literals at `inexact` paths
 * that the schema accepted (a path it refused, or a parent of it, keeps the schema's message:
 * an unknown field stays unknown, a string stays a string).
 */
const validationErrorWith = (schemaFields: readonly FieldIssue[], inexact: readonly string[], what: string): DomainError => {
  const refused = new Set(schemaFields.map((issue) => issue.field));
  const refusedAbove = (path: string): boolean => {
    const parts = path.split('.');
    return parts.some((_, end) => refused.has(parts.slice(0, end + 1).join('.')));
  };
  const fields = [
    ...schemaFields,
    ...[...new Set(inexact)].filter((path) => !refusedAbove(path)).map((field) => ({ field, message: INEXACT_INTEGER_MESSAGE })),
  ];
  return new DomainError(
    'VALIDATION_FAILED',
    `The ${what} is invalid: ${quotedList(fields.map((field) => field.field))}.`,
    fields,
  );
};

/**
 * The body as JSON (content type, size and syntax checked), or undefined when there is none;
 * with the paths of its number literals that are not integers but parse to one.
 */
const readJsonBody = (
  event: APIGatewayProxyEvent,
): { readonly value: unknown; readonly inexactIntegers: string[] } | undefined => {
  const body = rawBody(event);
  if (body !== undefined && Buffer.byteLength(body, 'utf8') > REQUEST_BODY_BYTES_MAX) {
    throw new DomainError('PAYLOAD_TOO_LARGE', `The request body exceeds ${REQUEST_BODY_BYTES_MAX} bytes.`);
  }
  // An empty body is none; whitespace alone is not JSON (MALFORMED_JSON), as a strict client would say.
  if (body === undefined || body === '') return undefined;
  const mediaType = (header(event, 'content-type') ?? '').split(';')[0]?.trim() ?? '';
  if (!JSON_MEDIA_TYPE.test(mediaType)) {
    throw new DomainError(
      'UNSUPPORTED_MEDIA_TYPE',
      `Send the body as application/json (got ${mediaType === '' ? 'no content type' : mediaType}).`,
    );
  }
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (error) {
    const reason = error instanceof SyntaxError ? error.message : 'unparseable';
    throw new DomainError('MALFORMED_JSON', `The request body is not valid JSON: ${reason}.`);
  }
  refuseRepeatedMembers(body);
  refuseLoneSurrogates(value);
  return { value, inexactIntegers: inexactIntegerPaths(body) };
};

/** The message for a member whose name its object has already (the field it names in `errors`). */
export const REPEATED_MEMBER_MESSAGE = 'is given more than once in its object';

/**
 * I-JSON (RFC 7493 §2.3): an object whose members repeat a name is not a body kippu reads
 * (JSON.parse would keep the last value, another reader the first), on every operation, before
 * its schema: 400 MALFORMED_JSON, as for any other body that is not the JSON kippu takes, the
 * detail naming the first repeated member by its path (quoted, JSON-escaped; in `errors` a lone
 * surrogate in it is spelled as its escape, `\ud83d`, so the answer is text).
 */
const refuseRepeatedMembers = (body: string): void => {
  const repeated = firstRepeatedMember(body);
  if (repeated === undefined) return;
  throw new DomainError(
    'MALFORMED_JSON',
    `The request body is not I-JSON: the member ${quoted(repeated.path)} is given more than once in its object (RFC 7493 allows each name once).`,
    [{ field: escapeLoneSurrogates(repeated.path), message: REPEATED_MEMBER_MESSAGE }],
  );
};

/**
 * I-JSON (RFC 7493 §2.1): a string, or a member name, with a lone surrogate is not text that
 * kippu stores or answers (strict clients reject or replace it), so the body is refused with a
 * 422 naming each such field, on every operation, before its schema. The walk keeps its own
 * stack: a body may nest deeper than the call stack.
 */
const refuseLoneSurrogates = (value: unknown): void => {
  const paths: string[] = [];
  const pending: { readonly value: unknown; readonly path: string }[] = [{ value, path: '' }];
  const at = (path: string, name: string | number): string => (path === '' ? String(name) : `${path}.${name}`);
  while (pending.length > 0) {
    const { value: current, path } = pending.pop() as { readonly value: unknown; readonly path: string };
    if (typeof current === 'string') {
      if (LONE_SURROGATE.test(current)) paths.push(path === '' ? '(body)' : path);
    } else if (Array.isArray(current)) {
      current.forEach((item, index) => pending.push({ value: item, path: at(path, index) }));
    } else if (typeof current === 'object' && current !== null) {
      for (const [name, member] of Object.entries(current)) {
        if (LONE_SURROGATE.test(name)) paths.push(at(path, name));
        pending.push({ value: member, path: at(path, name) });
      }
    }
  }
  if (paths.length === 0) return;
  // The detail quotes each path JSON-escaped (a lone surrogate as `\ud83d`); `errors` spells it
  // the same way, so the answer is text and two different names stay apart.
  const sorted = paths
    .map((path) => ({ path, field: escapeLoneSurrogates(path) }))
    .sort((left, right) => (left.field < right.field ? -1 : left.field > right.field ? 1 : 0));
  throw new DomainError(
    'VALIDATION_FAILED',
    `The request body is invalid: ${quotedList(sorted.map(({ path }) => path))}.`,
    sorted.map(({ field }) => ({ field, message: LONE_SURROGATE_MESSAGE })),
  );
};

/**
 * The body of an operation that declares none: nothing, or `{}`. A field is a 422 naming it
 * and any other JSON a 422 on the body, as a strict empty schema would answer (without
 * bundling zod's constructors into the functions that validate nothing else with it).
 */
const refuseBody = (event: APIGatewayProxyEvent): void => {
  const value = readJsonBody(event)?.value;
  if (value === undefined) return;
  const isObject = typeof value === 'object' && value !== null && !Array.isArray(value);
  const fields: FieldIssue[] = isObject
    ? Object.keys(value).map((field) => ({ field, message: 'is not a known field' }))
    : [{ field: '(body)', message: 'this operation takes no body, or an empty JSON object' }];
  if (fields.length === 0) return;
  throw new DomainError(
    'VALIDATION_FAILED',
    `The request body is invalid: ${quotedList(fields.map((issue) => issue.field))}.`,
    fields,
  );
};

/**
 * The query string, parsed with the operation's declared query schema (a failure is a 422
 * naming each parameter). Every parameter kippu declares takes one value, so one given more
 * than once is refused too (API Gateway would otherwise hand over only the last).
 */
export const parseQuery = <Schema extends z.core.$ZodType>(schema: Schema, event: APIGatewayProxyEvent): z.output<Schema> => {
  const repeated = Object.entries(event.multiValueQueryStringParameters ?? {}).flatMap(([name, values]) =>
    (values?.length ?? 0) > 1 ? [{ field: name, message: 'is given more than once' }] : [],
  );
  if (repeated.length > 0) {
    throw new DomainError(
      'VALIDATION_FAILED',
      `The query string is invalid: ${quotedList(repeated.map((issue) => issue.field))}.`,
      repeated,
    );
  }
  return parseWith(schema, event.queryStringParameters ?? {}, 'query string');
};

/**
 * What an operation declares it takes decides what a request may carry (the table is
 * generated from shared/api/operations.ts): without a body schema, a body is refused as any
 * other route would refuse it (an empty body or `{}` passes; bad JSON is 400 MALFORMED_JSON,
 * a field 422 naming it), and without a query schema every query parameter is a 422 naming
 * it. A request on no declared route (a unit test's made-up path) is left to its handler.
 */
export const refuseUndeclaredInputs = (event: APIGatewayProxyEvent, declaredInputs: Readonly<Record<string, string>>): void => {
  const declared = declaredInputs[`${event.httpMethod} ${event.resource}`];
  if (declared === undefined) return;
  if (!declared.includes('query')) {
    const names = [
      ...new Set([
        ...Object.keys(event.queryStringParameters ?? {}),
        ...Object.keys(event.multiValueQueryStringParameters ?? {}),
      ]),
    ];
    if (names.length > 0) {
      throw new DomainError(
        'VALIDATION_FAILED',
        `The query string is invalid: ${quotedList(names)}.`,
        names.map((name) => ({ field: name, message: 'is not a known field' })),
      );
    }
  }
  if (!declared.includes('body')) refuseBody(event);
};

/**
 * The rules of the document's PathId and IdempotencyKey (shared/api/common.ts) as plain
 * tests: every function checks its path and its Idempotency-Key, and building the two
 * schemas at init cost each of them more than the checks ever do. test/unit/http/request-rules.test.ts
 * compares each with its schema.
 */
export const isPathId = (value: string): boolean => value.length <= LEDGER_ID_LENGTH_MAX && ID_PATTERN.test(value);

const VISIBLE_ASCII = /^[\x21-\x7e]+$/;

export const isIdempotencyKey = (value: string): boolean =>
  value.length <= IDEMPOTENCY_KEY_LENGTH_MAX && VISIBLE_ASCII.test(value);

/**
 * A path parameter the route declares. The gateway only routes a request whose path has it
 * (a non-empty segment), so its absence is a routing bug, not bad input: an invariant that
 * fails, logged with the request id and answered with a 500. Its value is checked against the
 * rule the document declares for it (PathId, isPathId): an id no kippu id can look like is
 * 400 MALFORMED_PATH before any lookup.
 */
export const pathParameter = (event: APIGatewayProxyEvent, name: string): string => {
  const value = event.pathParameters?.[name];
  assert(value !== undefined && value !== '', `the route of ${event.httpMethod} ${event.path} declares path parameter ${name}`);
  if (!isPathId(value)) {
    throw new DomainError(
      'MALFORMED_PATH',
      `The path parameter ${name} must be 1 to ${LEDGER_ID_LENGTH_MAX} letters, digits and _ . : - characters.`,
      [{ field: name, message: 'is not an id kippu hands out' }],
    );
  }
  return value;
};

/** The path parameters that are no ids: a statement's `page` is a number, any other page is its 404 (docs/billing.md). */
const NON_ID_PATH_PARAMETERS: readonly string[] = ['page'];

/**
 * Every path parameter of the request that is an id, checked as pathParameter checks it (the
 * first malformed one is 400 MALFORMED_PATH): apiHandler runs this before any handler, so a
 * malformed path is refused by the transport, before an Idempotency-Key is claimed.
 */
export const refuseMalformedPath = (event: APIGatewayProxyEvent): void => {
  for (const name of Object.keys(event.pathParameters ?? {}))
    if (!NON_ID_PATH_PARAMETERS.includes(name)) pathParameter(event, name);
};

/** The Idempotency-Key header, validated; `required` makes its absence a 400. */
export function idempotencyKey(event: APIGatewayProxyEvent, required: true): string;
export function idempotencyKey(event: APIGatewayProxyEvent, required: false): string | undefined;
export function idempotencyKey(event: APIGatewayProxyEvent, required: boolean): string | undefined {
  const value = header(event, 'idempotency-key');
  // An empty header is present but invalid (as the document says: at least one character).
  if (value === undefined) {
    if (required) throw new DomainError('MISSING_IDEMPOTENCY_KEY', 'This request needs an Idempotency-Key header.');
    return undefined;
  }
  if (!isIdempotencyKey(value)) {
    throw new DomainError(
      'INVALID_IDEMPOTENCY_KEY',
      `The Idempotency-Key must be 1 to ${IDEMPOTENCY_KEY_LENGTH_MAX} visible ASCII characters.`,
    );
  }
  return value;
}

/** Which party a `/v1/providers/{id}/…` or `/v1/agents/{id}/…` route serves, from its resource path. */
export const partyRoleOf = (event: APIGatewayProxyEvent): 'provider' | 'agent' => {
  const resource = event.resource ?? '';
  if (resource.startsWith('/v1/providers/')) return 'provider';
  assert(resource.startsWith('/v1/agents/'), `route ${resource} serves providers or agents`);
  return 'agent';
};

/**
 * The operation a request is, for a function that serves several routes: the operation id of
 * the declared route with this method and resource path (shared/resources/routes.ts), from the
 * generated table of them (operation-inputs.ts), so that such a function does not bundle the
 * route table. Another route reaching the function is a routing bug.
 */
export const operationOf = (event: APIGatewayProxyEvent): string => {
  const operationId = OPERATION_IDS[`${event.httpMethod} ${event.resource}`];
  assert(operationId !== undefined, `no declared route ${event.httpMethod} ${event.resource} of a function that serves several`);
  return operationId;
};
