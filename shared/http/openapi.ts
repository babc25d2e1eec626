import * as z from '../zod';
import { createDocument, type ZodOpenApiOperationObject, type ZodOpenApiPathsObject } from 'zod-openapi';
import { Cursor, IdempotencyKeyHeader, NoBody, PathId, ProblemSchema } from '../api/common';
import { operationFor, type OperationDoc } from '../api/operations';
import { TRANSIENT_CODES, TRANSPORT_CODES } from '../domain/idempotency/idempotency';
import { assert, ERROR_STATUS, GATEWAY_PROBLEM_CODES, InvariantViolationError, isDomainError, type ErrorCode } from '../errors';
import { ROUTE_TAGS, operationIdOf, routes, type RouteDefinition } from '../resources/routes';
import { TransferCreateRequest } from '../api/ledger';
import { PROBLEM_CONTENT_TYPE, problemOf, type ProblemDocument } from './problem';
import { parseWith } from './request';
import { BEARER_SECURITY_SCHEME, CHALLENGE_HEADERS, challengeHeaderOf } from './openapi-auth';
import { mapObjects, type Json } from './openapi-json';
import { withPortablePatterns } from './portable-patterns';
import { withOpenAnswers, type DocumentShape } from './openapi-answers';

export { withOpenAnswers } from './openapi-answers';

/**
 * The OpenAPI 3.1 document, built by zod-openapi from the route table and the operation
 * entries (`shared/api/operations.ts`): the same zod schemas validate the requests, so the
 * document cannot drift from behaviour. Schemas with a `z.meta({ id })` land once under
 * `components.schemas` and are referenced from every use.
 */

/** Codes the transport answers for every operation, by what the operation accepts. */
export const transportProblems = (route: RouteDefinition, operation: OperationDoc): ErrorCode[] => {
  // The timeout guard (shared/http/middleware.ts) may answer any operation.
  const codes: ErrorCode[] = ['INTERNAL_ERROR', 'REQUEST_TIMED_OUT'];
  // A machine token (client credentials) whose client kippu does not map to a party is refused
  // too, and a customer's access token whose session ended (its device was removed): both
  // checks run on every token before the operation's role check, whatever roles it allows.
  if (!route.public) codes.push('UNAUTHENTICATED', 'CLIENT_NOT_REGISTERED', 'SESSION_REVOKED');
  if (!route.public && operation.roles.length < 4) codes.push('FORBIDDEN');
  if (route.path.includes('{')) codes.push('MALFORMED_PATH');
  // Every operation checks its body: one without a request schema takes nothing or `{}` (refuseUndeclaredInputs).
  if (operation.requestMediaType === undefined) codes.push('MALFORMED_JSON');
  codes.push('UNSUPPORTED_MEDIA_TYPE', 'PAYLOAD_TOO_LARGE', 'VALIDATION_FAILED');
  // What the deployed gateway answers itself: throttling, its own rejections, WAF blocks.
  codes.push(...GATEWAY_PROBLEM_CODES);
  // Query parameters are checked on every operation too: unknown ones are a 422.
  if (operation.idempotencyKey !== undefined) {
    // A change that kept losing races until its time budget ran out (shared/contention.ts)
    // answers this instead of running into the timeout guard: send it again.
    codes.push('TRANSACTION_CONFLICT');
    codes.push('INVALID_IDEMPOTENCY_KEY', 'IDEMPOTENCY_KEY_REUSED', 'IDEMPOTENCY_REQUEST_IN_PROGRESS');
    if (operation.idempotencyKey === 'required') codes.push('MISSING_IDEMPOTENCY_KEY');
  }
  return codes;
};

/** Every problem code an operation can answer, grouped by HTTP status. */
export const problemsByStatus = (route: RouteDefinition, operation: OperationDoc): Map<number, ErrorCode[]> => {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of new Set([...transportProblems(route, operation), ...(operation.problems ?? [])])) {
    const status = ERROR_STATUS[code];
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  return new Map([...byStatus.entries()].sort(([left], [right]) => left - right));
};

/** Problems that say when to come back (their `retryAfterSeconds`, which the middleware also sends as Retry-After). */
const RETRY_AFTER_CODES: readonly ErrorCode[] = ['INTAKE_DRAINING', 'REQUEST_TIMED_OUT'];

/**
 * Problems that may also come as `application/json`: the WAF web ACL's 429 carries the same
 * problem body, but WAF can only label a custom body application/json.
 */
const PLAIN_JSON_PROBLEM_CODES: readonly ErrorCode[] = ['THROTTLED'];

const RETRY_AFTER_HEADER = {
  'Retry-After': {
    description: 'Seconds to wait before trying again.',
    required: true,
    schema: { type: 'integer' as const, minimum: 0 },
  },
};

/**
 * The response headers kippu sends, defined once under `components.headers` and referenced
 * from every answer that carries them.
 */
const RESPONSE_HEADERS = {
  ...CHALLENGE_HEADERS,
  IdempotentReplayed: {
    description:
      'Sent when the request carried an Idempotency-Key and its answer is the one stored under the key: false on the request that ran, true on a repeat that replays its answer (same status and body).',
    required: false,
    schema: { type: 'string' as const, enum: ['true', 'false'] },
  },
  Location: {
    description: 'The path of the object the answer names: the one created, or the one that existed already.',
    required: true,
    schema: { type: 'string' as const, format: 'uri-reference' },
  },
};

const headerReference = (name: keyof typeof RESPONSE_HEADERS) => ({ $ref: `#/components/headers/${name}` });

/**
 * Codes whose answers are never stored under the request's Idempotency-Key, so they carry no
 * Idempotent-Replayed: the transport answers them before the key is looked up (the token, the
 * path, the body's media type, size and JSON, the key itself: TRANSPORT_CODES, which the
 * idempotency layer never stores), the gateway answers them before kippu runs
 * (GATEWAY_PROBLEM_CODES), or they are about timing, not the request (TRANSIENT_CODES). A 5xx
 * is never stored either.
 */
const UNKEYED_CODES: ReadonlySet<string> = /* @__PURE__ */ new Set([
  ...TRANSPORT_CODES,
  'IDEMPOTENCY_KEY_REUSED',
  ...TRANSIENT_CODES,
  ...GATEWAY_PROBLEM_CODES,
]);

/** Whether an answer of this status, carrying one of `codes` (none: a success), may carry Idempotent-Replayed. */
const mayBeReplayed = (operation: OperationDoc, status: number, codes: readonly ErrorCode[] = []): boolean =>
  operation.idempotencyKey !== undefined && status < 500 && (status < 400 || codes.some((code) => !UNKEYED_CODES.has(code)));

const pathParameters = (path: string, operation: OperationDoc): z.ZodMiniObject | undefined => {
  const names = [...path.matchAll(/\{(\w+)\}/g)].map((match) => match[1] ?? '');
  const schemaOf = (name: string) => {
    const description = operation.pathDescriptions?.[name];
    return description === undefined ? PathId : PathId.check(z.meta({ id: undefined, description }));
  };
  return names.length === 0 ? undefined : z.object(Object.fromEntries(names.map((name) => [name, schemaOf(name)])));
};

const headerParameters = (operation: OperationDoc): z.ZodMiniObject | undefined => {
  const idempotency: z.core.$ZodShape =
    operation.idempotencyKey === undefined
      ? {}
      : {
          'Idempotency-Key': operation.idempotencyKey === 'required' ? IdempotencyKeyHeader : z.optional(IdempotencyKeyHeader),
        };
  const shape = { ...operation.headers?._zod.def.shape, ...idempotency };
  return Object.keys(shape).length === 0 ? undefined : z.object(shape);
};

/**
 * What an operation that takes no body declares: an optional empty object (NoBody), the one
 * body besides none that it accepts, on every method but GET (whose body has no meaning).
 */
const noBody = (route: RouteDefinition): Pick<ZodOpenApiOperationObject, 'requestBody'> =>
  route.method === 'GET' ? {} : { requestBody: { required: false, content: { 'application/json': { schema: NoBody } } } };

const operationObject = (route: RouteDefinition, operation: OperationDoc): ZodOpenApiOperationObject => {
  const path = pathParameters(route.path, operation);
  const header = headerParameters(operation);
  const responses: ZodOpenApiOperationObject['responses'] = {};
  for (const [status, response] of Object.entries(operation.responses)) {
    const headers = {
      ...(response.location === undefined ? {} : { Location: headerReference('Location') }),
      ...(mayBeReplayed(operation, Number(status)) ? { 'Idempotent-Replayed': headerReference('IdempotentReplayed') } : {}),
    };
    responses[status as `2${string}`] = {
      description: response.description,
      ...(Object.keys(headers).length === 0 ? {} : { headers }),
      ...(response.schema === undefined
        ? {}
        : {
            content: {
              'application/json': { schema: response.schema },
              ...Object.fromEntries(Object.entries(response.alternatives ?? {}).map(([type, schema]) => [type, { schema }])),
            },
          }),
    };
  }
  for (const [status, codes] of problemsByStatus(route, operation)) {
    const headers = {
      ...(status === 401 ? { 'WWW-Authenticate': headerReference(challengeHeaderOf(route, codes)) } : {}),
      ...(codes.some((code) => RETRY_AFTER_CODES.includes(code)) ? RETRY_AFTER_HEADER : {}),
      ...(mayBeReplayed(operation, status, codes) ? { 'Idempotent-Replayed': headerReference('IdempotentReplayed') } : {}),
    };
    responses[String(status) as `4${string}`] = {
      description: `Problem codes: ${codes.join(', ')}.`,
      'x-problem-codes': codes,
      ...(Object.keys(headers).length === 0 ? {} : { headers }),
      content: {
        [PROBLEM_CONTENT_TYPE]: { schema: ProblemSchema },
        ...(codes.some((code) => PLAIN_JSON_PROBLEM_CODES.includes(code))
          ? { 'application/json': { schema: ProblemSchema } }
          : {}),
      },
    };
  }
  const roles = route.public ? 'Public: no token needed.' : `Roles: ${operation.roles.join(', ')}.`;
  assert(route.tag !== undefined, `route ${route.method} ${route.path} is in no route group (routeGroup)`);
  return {
    operationId: operationIdOf(route),
    tags: [route.tag],
    summary: operation.summary,
    description: [operation.description, roles].filter((part) => part !== undefined).join('\n\n'),
    ...(route.public ? { security: [] } : { 'x-kippu-roles': [...operation.roles] }),
    requestParams: {
      ...(path === undefined ? {} : { path }),
      ...(operation.query === undefined ? {} : { query: operation.query }),
      ...(header === undefined ? {} : { header }),
    },
    ...(operation.request === undefined
      ? noBody(route)
      : {
          requestBody: {
            required: !z.safeParse(operation.request, {}).success,
            content: {
              [operation.requestMediaType ?? 'application/json']: {
                schema: operation.request,
                ...(operation.example === undefined ? {} : { example: operation.example }),
              },
            },
          },
        }),
    responses,
  };
};

/**
 * The example of the Problem schema: what kippu answers to the transfer example of the
 * document with `amountMinor: 0`, made by the code that answers it (the request schema's
 * refusal, then the problem document), so its message is one kippu sends and cannot drift.
 */
export const problemExample = (): ProblemDocument => {
  const example = operationFor('transferCreate').example as Record<string, unknown>;
  try {
    parseWith(TransferCreateRequest, { ...example, amountMinor: 0 });
  } catch (error) {
    if (isDomainError(error)) return problemOf(error);
    throw error;
  }
  throw new InvariantViolationError('a transfer of amountMinor 0 is refused');
};

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

/**
 * The `format` an integer schema carries: `int32` when both its bounds (minimum/maximum, or the
 * exclusive ones) lie within a signed 32-bit integer, else `int64` (a missing bound is no bound).
 * Typed clients pick the width of the field from it (OpenAPI 3.1 §4.2): without it, generators
 * default to 32 bits, and an amount over 2,147,483,647 minor units overflows.
 */
export const integerFormat = (schema: Readonly<Record<string, Json>>): 'int32' | 'int64' => {
  const bound = (inclusive: Json, exclusive: Json, step: number): number | undefined =>
    typeof inclusive === 'number' ? inclusive : typeof exclusive === 'number' ? exclusive + step : undefined;
  const lower = bound(schema['minimum'], schema['exclusiveMinimum'], 1);
  const upper = bound(schema['maximum'], schema['exclusiveMaximum'], -1);
  return lower !== undefined && upper !== undefined && lower >= INT32_MIN && upper <= INT32_MAX ? 'int32' : 'int64';
};

const isIntegerSchema = (node: Readonly<Record<string, Json>>): boolean => {
  const type = node['type'];
  return type === 'integer' || (Array.isArray(type) && type.includes('integer'));
};

/** Every integer schema of the document (components, parameters, headers, nested) gains its `format`, placed after `type`. */
export const withIntegerFormats = (document: Json): Json =>
  mapObjects(document, (node) => {
    if (!isIntegerSchema(node)) return node;
    const format = integerFormat(node);
    assert(
      node['format'] === undefined || node['format'] === format,
      `an integer schema declares format ${String(node['format'])}, not ${format}`,
    );
    const { format: _declared, ...rest } = node;
    return Object.fromEntries(
      Object.entries(rest).flatMap(([key, member]) =>
        key === 'type'
          ? [
              [key, member],
              ['format', format],
            ]
          : [[key, member]],
      ),
    );
  });

/**
 * The document as published (served at /v1/openapi.json, generated into the checked-in files):
 * answers open, their instants without patterns (`withOpenAnswers`). `answers: 'closed'` keeps
 * every schema as its zod schema declares it, for kippu's own tests to check that answers carry
 * no undeclared member (and their instants the form requests accept). Both
 * carry the `format` of every integer (`withIntegerFormats`) and every pattern in a form
 * RE2-based validators read too (`withPortablePatterns`).
 */
export const buildOpenApiDocument = (serverUrl: string, answers: 'open' | 'closed' = 'open'): Record<string, unknown> => {
  const formatted = withPortablePatterns(withIntegerFormats(declaredDocument(serverUrl))) as DocumentShape;
  return (answers === 'open' ? withOpenAnswers(formatted) : formatted) as unknown as Record<string, unknown>;
};

/**
 * The document as zod-openapi builds it from the route table and the schemas, before the rules
 * above: its patterns are the server's own regular expressions (tests compare them with their
 * portable forms).
 */
export const declaredDocument = (serverUrl: string): Json => {
  const paths: ZodOpenApiPathsObject = {};
  for (const route of routes) {
    const item = (paths[route.path] ??= {});
    item[route.method.toLowerCase() as 'get'] = operationObject(route, operationFor(operationIdOf(route)));
  }
  const document = createDocument({
    openapi: '3.1.0',
    info: {
      title: 'kippu',
      version: '1',
      description:
        'Signed tickets, proxy settlement, reservations and batch billing. Errors are application/problem+json with a stable `code`; every list answers `{ items, nextCursor }`. A request body is I-JSON (RFC 7493) sent as application/json: a member name given twice in one object (at any depth, however its characters are escaped) is 400 MALFORMED_JSON naming the first one, a string with a lone UTF-16 surrogate 422 VALIDATION_FAILED naming its field.',
    },
    servers: [{ url: serverUrl }],
    security: [{ bearer: [] }],
    tags: Object.entries(ROUTE_TAGS).map(([name, description]) => ({ name, description })),
    paths,
    components: {
      securitySchemes: { bearer: BEARER_SECURITY_SCHEME },
      schemas: { Problem: ProblemSchema, Cursor },
      headers: RESPONSE_HEADERS,
    },
  });
  const problem: unknown = document.components?.schemas?.['Problem'];
  assert(typeof problem === 'object' && problem !== null && !('$ref' in problem), 'the Problem schema is a component');
  Object.assign(problem, { example: problemExample() });
  return document;
};
