import { compileErrors, validate } from '@readme/openapi-parser';
import type { OpenAPIV3_1 } from 'openapi-types';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { operationFor } from '../../../shared/api/operations';
import { TransferCreateRequest, TransferResolveRequest } from '../../../shared/api/ledger';
import { OfferCreateRequest } from '../../../shared/api/offers';
import { TopUpRequest } from '../../../shared/api/parties';
import { DomainError, ERROR_STATUS, GATEWAY_PROBLEM_CODES, type ErrorCode } from '../../../shared/errors';
import { buildOpenApiDocument, integerFormat, withOpenAnswers } from '../../../shared/http/openapi';
import { OPENAPI_DOCUMENT_JSON } from '../../../shared/http/openapi-document';
import { problemOf } from '../../../shared/http/problem';
import { parseWith, refuseUndeclaredInputs } from '../../../shared/http/request';
import { NoBody } from '../../../shared/api/common';
import { apiEvent } from '../../fixtures/handlers';
import { contractChecker, type OpenApiDocument } from '../../fixtures/contract';
import { functions } from '../../../shared/resources/functions';
import { ROUTE_TAGS, operationIdOf, routes } from '../../../shared/resources/routes';

const document = () => buildOpenApiDocument('https://kippu.test') as unknown as OpenAPIV3_1.Document;

const operationOf = (doc: OpenAPIV3_1.Document, method: string, path: string) => {
  const operation = doc.paths?.[path]?.[method.toLowerCase() as OpenAPIV3_1.HttpMethods];
  expect(operation, `${method} ${path}`).toBeDefined();
  return operation as OpenAPIV3_1.OperationObject & Record<string, unknown>;
};

const parameterNames = (operation: OpenAPIV3_1.OperationObject, location: string): string[] =>
  (operation.parameters ?? [])
    .map((parameter) => parameter as OpenAPIV3_1.ParameterObject)
    .filter((parameter) => parameter.in === location)
    .map((parameter) => parameter.name);

/** Every `$ref` in a JSON value, with where it was found. */
const refsIn = (value: unknown, at = '#'): { ref: string; at: string }[] => {
  if (Array.isArray(value)) return value.flatMap((item, index) => refsIn(item, `${at}/${index}`));
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, member]) =>
    key === '$ref' && typeof member === 'string' ? [{ ref: member, at }] : refsIn(member, `${at}/${key}`),
  );
};

const resolvePointer = (root: unknown, pointer: string): unknown =>
  pointer
    .replace(/^#\/?/, '')
    .split('/')
    .filter((part) => part !== '')
    .map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'))
    .reduce<unknown>(
      (node, part) => (typeof node === 'object' && node !== null ? (node as Record<string, unknown>)[part] : undefined),
      root,
    );

describe('the OpenAPI document', () => {
  it('is a valid OpenAPI 3.1 document for @readme/openapi-parser', async () => {
    // Act
    const result = await validate(document());

    // Assess
    expect(result.valid, result.valid ? '' : compileErrors(result)).toBe(true);
  });

  it('keeps every schema under components.schemas, every response header under components.headers, and every $ref resolves there', () => {
    // Prepare
    const doc = document();

    // Act
    const refs = refsIn(doc);

    // Assess
    expect(refs.length).toBeGreaterThan(50);
    for (const { ref, at } of refs) {
      expect(ref, at).toMatch(/^#\/components\/(schemas\/\w+|headers\/\w+)$/);
      expect(resolvePointer(doc, ref), `${ref} at ${at}`).toBeDefined();
    }
    expect(JSON.stringify(doc)).not.toContain('$defs');
  });

  it('documents every routed function, marks public routes as needing no security, and names the roles of the others', () => {
    // Prepare
    const doc = document();

    // Assess
    for (const route of routes) {
      const operation = operationOf(doc, route.method, route.path);
      expect(operation.operationId).toBe(operationIdOf(route));
      expect(operation.security === undefined).toBe(!route.public);
      if (!route.public) expect(operation['x-kippu-roles']).toEqual(operationFor(operationIdOf(route)).roles);
      expect(functions[route.functionId]).toBeDefined();
    }
  });

  it('declares every path and query parameter, and the Idempotency-Key where it is accepted (required where required)', () => {
    // Prepare
    const doc = document();
    const expectations: [string, string, string[]][] = [
      ['GET', '/v1/listings', ['from', 'to', 'limit', 'cursor']],
      ['GET', '/v1/channels/{id}/availability', ['from', 'to']],
      ['GET', '/v1/offers', ['q', 'providerId', 'include', 'limit', 'cursor']],
      ['GET', '/v1/accounts/{id}/entries', ['limit', 'cursor']],
      ['GET', '/v1/providers/{id}/revocations', ['since', 'cursor']],
    ];

    // Assess
    for (const [method, path, query] of expectations) {
      expect(parameterNames(operationOf(doc, method, path), 'query'), `${method} ${path}`).toEqual(query);
    }
    for (const route of routes) {
      const operation = operationOf(doc, route.method, route.path);
      const declared = operationFor(operationIdOf(route));
      const pathNames = [...route.path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]);
      expect(parameterNames(operation, 'path'), route.path).toEqual(pathNames);
      const key = (operation.parameters ?? [])
        .map((parameter) => parameter as OpenAPIV3_1.ParameterObject)
        .find((parameter) => parameter.in === 'header' && parameter.name === 'Idempotency-Key');
      expect(key === undefined ? undefined : key.required === true ? 'required' : 'optional', route.functionId).toBe(
        declared.idempotencyKey,
      );
      if (declared.query !== undefined) {
        expect(parameterNames(operation, 'query')).toEqual(Object.keys(declared.query._zod.def.shape));
      }
    }
  });

  it("says what a statement page's parameters are: `page` a page number, not an id, and `format` a page with no token whose CSV is not signed itself", () => {
    // Prepare
    const parameters = (method: string, path: string) =>
      Object.fromEntries(
        (operationOf(document(), method, path).parameters ?? [])
          .map((parameter) => parameter as OpenAPIV3_1.ParameterObject)
          .map((parameter) => [parameter.name, parameter.description ?? '']),
      );

    // Act
    const page = parameters('GET', '/v1/statements/{id}/pages/{page}');
    const statement = parameters('GET', '/v1/statements/{id}');

    // Assess
    expect(page['page']).toMatch(/^The page number, from 1/);
    expect(page['page']).not.toMatch(/id that kippu handed out/);
    expect(page['id']).toMatch(/id that kippu handed out/);
    expect(page['format']).toMatch(/no token/);
    expect(page['format']).not.toMatch(/with its token|the signed CSV/);
    expect(statement['format']).toBe('json: the canonical JSON with its token; csv: the signed CSV.');
  });

  it('answers every problem status with the problem codes it can carry, each code under its own status', () => {
    // Prepare
    const doc = document();

    // Assess
    for (const route of routes) {
      const operation = operationOf(doc, route.method, route.path);
      const problemStatuses = Object.entries(operation.responses ?? {}).filter(([status]) => Number(status) >= 400);
      expect(problemStatuses.map(([status]) => status)).toContain('500');
      if (!route.public) expect(problemStatuses.map(([status]) => status)).toContain('401');
      for (const [status, response] of problemStatuses) {
        const codes = (response as Record<string, unknown>)['x-problem-codes'] as ErrorCode[];
        expect(codes.length, `${route.functionId} ${status}`).toBeGreaterThan(0);
        for (const code of codes) expect(ERROR_STATUS[code], `${route.functionId} ${code}`).toBe(Number(status));
      }
    }
  });

  it("declares the gateway's own answers on every operation: 429 THROTTLED (as problem+json and as WAF's application/json), 400 REQUEST_REJECTED, 403 REQUEST_BLOCKED", () => {
    // Prepare
    const doc = document();
    const problemCodes = (doc.components?.schemas?.['Problem'] as { properties: { code: { enum: string[] } } }).properties.code
      .enum;

    // Assess
    expect(problemCodes).toEqual(expect.arrayContaining([...GATEWAY_PROBLEM_CODES]));
    for (const route of routes) {
      const operation = operationOf(doc, route.method, route.path);
      for (const code of GATEWAY_PROBLEM_CODES) {
        const response = operation.responses?.[String(ERROR_STATUS[code])] as Record<string, unknown> | undefined;
        expect(response?.['x-problem-codes'], `${route.functionId} ${code}`).toContain(code);
      }
      const throttled = operation.responses?.['429'] as OpenAPIV3_1.ResponseObject;
      expect(Object.keys(throttled.content ?? {}).sort(), route.functionId).toEqual([
        'application/json',
        'application/problem+json',
      ]);
    }
  });

  it('tags every operation with exactly one area, each declared once at the top level with a description', () => {
    // Prepare
    const doc = document();
    const declared = (doc.tags ?? []).map((tag) => tag.name);

    // Assess
    expect(declared).toEqual(Object.keys(ROUTE_TAGS));
    for (const tag of doc.tags ?? []) expect(tag.description, tag.name).toBeTruthy();
    const used = new Set<string>();
    for (const route of routes) {
      const operation = operationOf(doc, route.method, route.path);
      expect(operation.tags, `${route.method} ${route.path}`).toHaveLength(1);
      expect(declared).toContain(operation.tags?.[0]);
      used.add(operation.tags?.[0] ?? '');
    }
    expect([...used].sort()).toEqual([...declared].sort());
  });

  it('declares Retry-After on the answer of a redeem refused while the intake drains', () => {
    const drained = operationOf(document(), 'POST', '/v1/tickets/{id}/redeem').responses?.['503'] as OpenAPIV3_1.ResponseObject;

    expect(drained.headers?.['Retry-After']).toMatchObject({ required: true, schema: { type: 'integer', minimum: 0 } });
  });

  it('declares Idempotent-Replayed on the answers stored under an Idempotency-Key, and Location where kippu sends it', () => {
    // Prepare
    const doc = document();
    const headersOf = (method: string, path: string, status: string): string[] =>
      Object.keys((operationOf(doc, method, path).responses?.[status] as OpenAPIV3_1.ResponseObject | undefined)?.headers ?? {});

    // Assess
    for (const route of routes) {
      const declared = operationFor(operationIdOf(route));
      for (const [status, response] of Object.entries(declared.responses)) {
        const headers = headersOf(route.method, route.path, status);
        expect(headers.includes('Idempotent-Replayed'), `${route.functionId} ${status}`).toBe(
          declared.idempotencyKey !== undefined,
        );
        expect(headers.includes('Location'), `${route.functionId} ${status}`).toBe(response.location !== undefined);
      }
      // Answered before the key is looked up, or never stored: no replay header.
      for (const status of ['401', '413', '415', '500']) {
        expect(headersOf(route.method, route.path, status), `${route.functionId} ${status}`).not.toContain('Idempotent-Replayed');
      }
    }
    expect(headersOf('POST', '/v1/purchases', '201')).toEqual(['Location', 'Idempotent-Replayed']);
    expect(headersOf('POST', '/v1/purchases', '402')).toEqual(['Idempotent-Replayed']);
    expect(headersOf('POST', '/v1/purchases', '400')).toEqual([]);
    expect(headersOf('POST', '/v1/accounts', '200')).toEqual(['Location', 'Idempotent-Replayed']);
    expect(headersOf('POST', '/v1/transfers', '201')).toEqual(['Location', 'Idempotent-Replayed']);
    expect(headersOf('GET', '/v1/purchases/{id}', '200')).toEqual([]);
    expect((doc.components as Record<string, unknown>)['headers']).toMatchObject({
      Location: { required: true },
      IdempotentReplayed: { required: false, schema: { enum: ['true', 'false'] } },
    });
  });

  it('declares SESSION_REVOKED and CLIENT_NOT_REGISTERED under 401 on every operation that takes a token, whatever its roles', () => {
    // Prepare
    const doc = document();

    // Assess: the session and client checks run on every token, before the role check.
    for (const route of routes.filter((candidate) => !candidate.public)) {
      const unauthorized = operationOf(doc, route.method, route.path).responses?.['401'] as Record<string, unknown> | undefined;
      expect(unauthorized?.['x-problem-codes'], `${route.method} ${route.path}`).toEqual(
        expect.arrayContaining(['UNAUTHENTICATED', 'CLIENT_NOT_REGISTERED', 'SESSION_REVOKED']),
      );
    }
  });

  it('declares WWW-Authenticate (under components.headers) on every 401 and on no other answer: Bearer where a token is taken, DPoP on the sign-in', () => {
    // Prepare
    const doc = document();
    const challengeOf = (route: (typeof routes)[number]) =>
      route.method === 'POST' && route.path === '/v1/sessions'
        ? { $ref: '#/components/headers/WWWAuthenticateDPoP' }
        : { $ref: '#/components/headers/WWWAuthenticate' };

    // Assess
    for (const route of routes) {
      const responses = operationOf(doc, route.method, route.path).responses ?? {};
      if (!route.public) expect(responses['401'], `${route.method} ${route.path}`).toBeDefined();
      for (const [status, response] of Object.entries(responses)) {
        const headers = (response as OpenAPIV3_1.ResponseObject).headers ?? {};
        expect(headers['WWW-Authenticate'], `${route.method} ${route.path} ${status}`).toEqual(
          status === '401' ? challengeOf(route) : undefined,
        );
      }
    }
    expect(operationOf(doc, 'POST', '/v1/sessions').responses?.['401']).toBeDefined();
    expect((doc.components as Record<string, unknown>)['headers']).toMatchObject({
      WWWAuthenticate: { required: true, schema: { type: 'string', enum: ['Bearer'] } },
      WWWAuthenticateDPoP: {
        required: true,
        schema: { type: 'string', enum: ['DPoP algs="ES256"', 'DPoP error="invalid_dpop_proof", algs="ES256"'] },
      },
    });
  });

  it('says what a token is: a bearer token, a customer’s too, with no cnf and no DPoP proof per request', () => {
    // Prepare
    const doc = document();
    const components = doc.components as Record<string, Record<string, { description?: string }>>;

    // Assess
    expect(components['securitySchemes']?.['bearer']).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(components['securitySchemes']?.['bearer']?.description).toContain('carries no cnf');
    expect(components['headers']?.['WWWAuthenticate']?.description).toContain('does not accept the DPoP scheme');
    const signIn = operationOf(doc, 'POST', '/v1/sessions');
    expect(signIn.description).toContain('bearer token');
    expect(JSON.stringify(doc)).not.toMatch(/device-bound access token|DPoP-bound/);
  });

  it('declares Location only as the path of a GET route, which reads the object the answer names', () => {
    // Prepare
    const readable = new Set(routes.filter((route) => route.method === 'GET').map((route) => route.path));
    const declared = routes.flatMap((route) =>
      Object.entries(operationFor(operationIdOf(route)).responses).flatMap(([status, response]) =>
        response.location === undefined ? [] : [{ at: `${route.method} ${route.path} ${status}`, location: response.location }],
      ),
    );

    // Assess
    for (const { at, location } of declared) expect(readable.has(location), `${at}: Location ${location}`).toBe(true);
    expect(declared.map(({ at }) => at)).toEqual(
      expect.arrayContaining(['POST /v1/offers 201', 'POST /v1/channels 201', 'POST /v1/reservations/{id}/viewers 201']),
    );
    expect(declared.map(({ at }) => at)).not.toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^POST \/v1\/(registrations|devices|device-pairs|tickets\/\{id\}\/grants) /),
      ]),
    );
  });

  it('declares an optional empty body (NoBody) on every operation but a GET that takes none, and the request layer takes exactly what it says', () => {
    // Prepare
    const doc = document();
    const bodies = ['', '{}', ' {} ', '{"x":1}', '[]', 'null', '0', '"x"'];
    const takes = (operationId: string, method: string, path: string, body: string): boolean => {
      try {
        refuseUndeclaredInputs(
          { ...apiEvent({ method, path }), resource: path, body, headers: { 'content-type': 'application/json' } },
          { [`${method} ${path}`]: 'none' },
        );
        return true;
      } catch (error) {
        if (error instanceof DomainError) return false;
        throw new Error(`${operationId}: ${String(error)}`);
      }
    };

    // Act
    const withoutBody = routes.filter((route) => operationFor(operationIdOf(route)).request === undefined);
    const declared = withoutBody.map((route) => [
      `${route.method} ${route.path}`,
      operationOf(doc, route.method, route.path).requestBody,
    ]);

    // Assess
    expect(withoutBody.filter((route) => route.method !== 'GET').length).toBeGreaterThanOrEqual(9);
    expect(Object.fromEntries(declared)).toEqual(
      Object.fromEntries(
        withoutBody.map((route) => [
          `${route.method} ${route.path}`,
          route.method === 'GET'
            ? undefined
            : { required: false, content: { 'application/json': { schema: { $ref: '#/components/schemas/NoBody' } } } },
        ]),
      ),
    );
    expect(doc.components?.schemas?.['NoBody']).toMatchObject({ type: 'object', additionalProperties: false, maxProperties: 0 });
    for (const route of withoutBody) {
      const operationId = operationIdOf(route);
      const outcomes = bodies.map((body) => [body, takes(operationId, route.method, route.path, body)]);
      const expected = bodies.map((body) => [body, body === '' || z.safeParse(NoBody, JSON.parse(body)).success]);
      expect(outcomes, operationId).toEqual(expected);
    }
  });

  it('carries request examples that the request schemas accept', () => {
    for (const route of routes) {
      const operation = operationFor(operationIdOf(route));
      if (operation.example === undefined) continue;
      expect(operation.request !== undefined && z.safeParse(operation.request, operation.example).success, route.functionId).toBe(
        true,
      );
    }
  });

  it('shows as the Problem example a refusal kippu sends, and every money amount refuses 0 with that one message', () => {
    // Prepare
    const example = (document().components?.schemas?.['Problem'] as { example: Record<string, unknown> }).example;
    const refusalOf = (schema: z.core.$ZodType, body: unknown) => {
      try {
        parseWith(schema, body);
      } catch (error) {
        if (error instanceof DomainError) return problemOf(error).errors;
      }
      return undefined;
    };

    // Act
    const refusals = [
      refusalOf(TransferCreateRequest, { id: 't-1', debitAccountId: 'a', creditAccountId: 'b', amountMinor: 0, currency: 'JPY' }),
      refusalOf(TransferResolveRequest, { amountMinor: 0 }),
      refusalOf(TopUpRequest, { amountMinor: 0, currency: 'JPY', reference: 'r-1' }),
      refusalOf(OfferCreateRequest, {
        providerId: 'prov-1',
        title: 'T',
        resource: 'r',
        priceMinor: 0,
        currency: 'JPY',
        validitySeconds: 60,
        capabilities: ['image'],
      })?.map((issue) => ({ ...issue, field: issue.field.replace('priceMinor', 'amountMinor') })),
    ];

    // Assess
    expect(example).toEqual({
      type: 'https://kippu.dev/problems/validation-failed',
      title: 'Validation failed',
      status: 422,
      code: 'VALIDATION_FAILED',
      detail: 'The request body is invalid: "amountMinor".',
      errors: [{ field: 'amountMinor', message: 'too small: expected number to be >=1' }],
    });
    for (const refusal of refusals) expect(refusal).toEqual(example['errors']);
  });
});

/** Every schema object of a JSON value (data members left out), with where it was found. */
const schemaNodes = (value: unknown, at = '#'): { node: Record<string, unknown>; at: string }[] => {
  if (Array.isArray(value)) return value.flatMap((item, index) => schemaNodes(item, `${at}/${index}`));
  if (typeof value !== 'object' || value === null) return [];
  const node = value as Record<string, unknown>;
  return [
    { node, at },
    ...Object.entries(node)
      .filter(([key]) => !['example', 'examples', 'const', 'enum', 'default'].includes(key))
      .flatMap(([key, member]) => schemaNodes(member, `${at}/${key}`)),
  ];
};

/** The components a value reaches through `$ref`, transitively. */
const reachedComponents = (doc: OpenAPIV3_1.Document, roots: unknown[]): Set<string> => {
  const reached = new Set<string>();
  const pending = roots.flatMap((root) => refsIn(root).map(({ ref }) => ref));
  for (let ref = pending.pop(); ref !== undefined; ref = pending.pop()) {
    const name = ref.replace('#/components/schemas/', '');
    if (!ref.startsWith('#/components/schemas/') || reached.has(name)) continue;
    reached.add(name);
    pending.push(...refsIn(doc.components?.schemas?.[name]).map((found) => found.ref));
  }
  return reached;
};

const operationsOf = (doc: OpenAPIV3_1.Document) =>
  Object.values(doc.paths ?? {}).flatMap((item) => Object.values(item ?? {}) as OpenAPIV3_1.OperationObject[]);

describe('the integers of the OpenAPI document', () => {
  it('each carry format int32 when both bounds fit a signed 32-bit integer, else int64 (amounts up to 2^53 - 1), in the served document too', () => {
    for (const doc of [
      document(),
      JSON.parse(OPENAPI_DOCUMENT_JSON) as unknown,
      buildOpenApiDocument('https://kippu.test', 'closed'),
    ]) {
      // Prepare
      const integers = schemaNodes(doc).filter(
        ({ node }) => node['type'] === 'integer' || (Array.isArray(node['type']) && node['type'].includes('integer')),
      );

      // Assess
      expect(integers.length).toBeGreaterThan(200);
      for (const { node, at } of integers) {
        const lower =
          typeof node['minimum'] === 'number'
            ? node['minimum']
            : typeof node['exclusiveMinimum'] === 'number'
              ? node['exclusiveMinimum'] + 1
              : undefined;
        const upper =
          typeof node['maximum'] === 'number'
            ? node['maximum']
            : typeof node['exclusiveMaximum'] === 'number'
              ? node['exclusiveMaximum'] - 1
              : undefined;
        const fits = lower !== undefined && upper !== undefined && lower >= -(2 ** 31) && upper <= 2 ** 31 - 1;
        expect(node['format'], `${at} ${JSON.stringify(node)}`).toBe(fits ? 'int32' : 'int64');
      }
    }
  });

  it('declares amounts as int64 and basis points and page sizes as int32', () => {
    // Prepare
    const doc = document();
    const schemas = doc.components?.schemas as Record<string, { properties: Record<string, { format?: string }> }>;
    const limit = (operationOf(doc, 'GET', '/v1/offers').parameters ?? [])
      .map((parameter) => parameter as OpenAPIV3_1.ParameterObject)
      .find((parameter) => parameter.name === 'limit');

    // Assess
    expect(schemas['TopUp']?.properties['amountMinor']?.format).toBe('int64');
    expect(schemas['TopUpRequest']?.properties['amountMinor']?.format).toBe('int64');
    expect(schemas['AccountEntry']?.properties['amountMinor']?.format).toBe('int64');
    expect(schemas['ProviderCreateRequest']?.properties['platformFeeBps']?.format).toBe('int32');
    expect((limit?.schema as { format?: string }).format).toBe('int32');
    expect(integerFormat({ type: 'integer', minimum: -(2 ** 31), maximum: 2 ** 31 - 1 })).toBe('int32');
    expect(integerFormat({ type: 'integer', minimum: 0, maximum: 2 ** 31 })).toBe('int64');
    expect(integerFormat({ type: 'integer', exclusiveMinimum: 0, exclusiveMaximum: 2 ** 31 })).toBe('int32');
    expect(integerFormat({ type: 'integer', minimum: 0 })).toBe('int64');
  });
});

describe('the objects of the OpenAPI document', () => {
  it('are open in answers and closed in requests: no additionalProperties false in a response or a component only answers reach', () => {
    // Prepare
    const doc = document();
    const closed = buildOpenApiDocument('https://kippu.test', 'closed') as unknown as OpenAPIV3_1.Document;
    const operations = operationsOf(doc);
    const requested = reachedComponents(
      doc,
      operations.flatMap((operation) => [operation.requestBody, operation.parameters]),
    );
    const answered = reachedComponents(
      doc,
      operations.map((operation) => operation.responses),
    );
    const isClosed = ({ node }: { node: Record<string, unknown> }) => node['additionalProperties'] === false;

    // Assess: answers open, in the published document and in the one served.
    expect(answered.size).toBeGreaterThan(50);
    for (const name of answered) {
      if (requested.has(name)) continue;
      expect(schemaNodes(doc.components?.schemas?.[name]).filter(isClosed), name).toEqual([]);
    }
    for (const operation of operations) {
      expect(schemaNodes(operation.responses).filter(isClosed), operation.operationId).toEqual([]);
    }
    const served = JSON.parse(OPENAPI_DOCUMENT_JSON) as OpenAPIV3_1.Document;
    expect(schemaNodes(served.components?.schemas?.['TopUp']).filter(isClosed)).toEqual([]);
    // Requests closed: what a request reaches is the same in both forms, and its objects are closed.
    for (const name of requested) expect(doc.components?.schemas?.[name], name).toEqual(closed.components?.schemas?.[name]);
    for (const [index, operation] of operations.entries()) {
      const same = operationsOf(closed)[index];
      expect(operation.requestBody, operation.operationId).toEqual(same?.requestBody);
      expect(operation.parameters, operation.operationId).toEqual(same?.parameters);
    }
    expect(doc.components?.schemas?.['TopUpRequest']).toMatchObject({ additionalProperties: false });
    // The closed form closes the answers' objects.
    expect(closed.components?.schemas?.['TopUp']).toMatchObject({ additionalProperties: false });
    expect(closed.components?.schemas?.['Problem']).toMatchObject({ additionalProperties: false });
  });

  it("gives an answer a component shares with requests an open copy, <name>Output, and keeps the requests' one closed", () => {
    // Prepare
    const closedShape = {
      type: 'object',
      properties: { amount: { type: 'integer', format: 'int64' } },
      additionalProperties: false,
    };
    const shared = {
      paths: {
        '/things': {
          post: {
            requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' } } } },
            responses: { '200': { content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' } } } } },
          },
        },
      },
      components: { schemas: { Thing: closedShape } },
    };

    // Act
    const opened = withOpenAnswers(shared);

    // Assess
    expect(opened.components.schemas).toEqual({
      Thing: closedShape,
      ThingOutput: { type: 'object', properties: { amount: { type: 'integer', format: 'int64' } } },
    });
    expect(opened.paths['/things']?.['post']).toEqual({
      requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Thing' } } } },
      responses: { '200': { content: { 'application/json': { schema: { $ref: '#/components/schemas/ThingOutput' } } } } },
    });
  });

  it("lets kippu's own answer check (test/fixtures/contract.ts) refuse an undeclared member, which the published document allows", () => {
    // Prepare
    const answer = (text: string) => ({ status: 200, contentType: 'application/json', text, headers: new Headers() });
    const closed = contractChecker(buildOpenApiDocument('https://kippu.test', 'closed') as unknown as OpenApiDocument);
    const published = contractChecker(document() as unknown as OpenApiDocument);

    // Assess
    expect(() => closed.check('GET', '/health', answer('{"status":"ok"}'))).not.toThrow();
    expect(() => closed.check('GET', '/health', answer('{"status":"ok","uptime":1}'))).toThrow(/additionalProperty/);
    expect(() => published.check('GET', '/health', answer('{"status":"ok","uptime":1}'))).not.toThrow();
  });
});

describe('the instants of the OpenAPI document', () => {
  const instants = (value: unknown) => schemaNodes(value).filter(({ node }) => node['format'] === 'date-time');
  const patternsOf = (node: Record<string, unknown>): unknown[] => [
    ...(node['pattern'] === undefined ? [] : [node['pattern']]),
    ...(Array.isArray(node['allOf']) ? (node['allOf'] as Record<string, unknown>[]).flatMap(patternsOf) : []),
  ];

  it("carry format date-time without a pattern in answers (openapi-generator's clients refuse it), and keep their patterns in requests", () => {
    for (const doc of [document(), JSON.parse(OPENAPI_DOCUMENT_JSON) as OpenAPIV3_1.Document]) {
      // Prepare
      const operations = operationsOf(doc);
      const answered = reachedComponents(
        doc,
        operations.map((operation) => operation.responses),
      );
      const requested = reachedComponents(
        doc,
        operations.flatMap((operation) => [operation.requestBody, operation.parameters]),
      );
      const answerInstants = [
        ...[...answered].flatMap((name) => instants(doc.components?.schemas?.[name])),
        ...operations.flatMap((operation) => instants(operation.responses)),
      ];
      const requestInstants = [
        ...[...requested].flatMap((name) => instants(doc.components?.schemas?.[name])),
        ...operations.flatMap((operation) => instants([operation.requestBody, operation.parameters])),
      ];

      // Assess
      expect(answerInstants.length).toBeGreaterThan(60);
      for (const { node, at } of answerInstants) expect(patternsOf(node), at).toEqual([]);
      expect(requestInstants.length).toBeGreaterThan(5);
      // A request's instant keeps zod's date-time expression and the years 1970 to 9989 (Instant).
      for (const { node, at } of requestInstants) expect(patternsOf(node).length, at).toBeGreaterThan(0);
      expect(requestInstants.some(({ node }) => patternsOf(node).some((pattern) => String(pattern).includes('99[0-8]')))).toBe(
        true,
      );
    }
  });

  it('gives an answer an Output copy of a component it shares with requests whose instants carry a pattern, and of one referencing it', () => {
    // Prepare
    const instant = { type: 'string', format: 'date-time', pattern: '^[0-9]{4}-' };
    const request = (name: string) => ({ content: { 'application/json': { schema: { $ref: `#/components/schemas/${name}` } } } });
    const shared = {
      paths: { '/things': { post: { requestBody: request('Outer'), responses: { '200': request('Outer') } } } },
      components: {
        schemas: {
          Outer: { type: 'object', properties: { inner: { $ref: '#/components/schemas/Inner' } } },
          Inner: { type: 'object', properties: { at: instant } },
        },
      },
    };

    // Act
    const opened = withOpenAnswers(shared);

    // Assess
    expect(opened.components.schemas).toEqual({
      ...shared.components.schemas,
      OuterOutput: { type: 'object', properties: { inner: { $ref: '#/components/schemas/InnerOutput' } } },
      InnerOutput: { type: 'object', properties: { at: { type: 'string', format: 'date-time' } } },
    });
    expect(opened.paths['/things']?.['post']).toEqual({
      requestBody: request('Outer'),
      responses: { '200': request('OuterOutput') },
    });
  });
});

describe('the PublicJwk of the OpenAPI document', () => {
  it('lists only public members and refuses the private ones through additionalProperties false, as the request schema does, naming the member', () => {
    // Prepare
    const jwk = (document().components?.schemas?.['PublicJwk'] ?? {}) as OpenAPIV3_1.SchemaObject;
    const devices = routes.find((route) => route.method === 'POST' && route.path === '/v1/devices');
    const request = operationFor(operationIdOf(devices as NonNullable<typeof devices>)).request as z.ZodType;
    const publicJwk = { kty: 'EC', crv: 'P-256', x: 'A'.repeat(43), y: 'B'.repeat(43) };

    // Act
    const refused = z.safeParse(request, { name: 'phone', publicJwk: { ...publicJwk, d: 'C'.repeat(43) } });

    // Assess
    expect(Object.keys(jwk.properties ?? {}).sort()).toEqual(['alg', 'crv', 'key_ops', 'kid', 'kty', 'use', 'x', 'y']);
    expect(jwk.additionalProperties).toBe(false);
    expect(jwk.description).toContain('a private member (d, p, q, dp, dq, qi, k, oth) is refused');
    expect(z.safeParse(request, { name: 'phone', publicJwk }).success).toBe(true);
    expect(refused.error?.issues.map((issue) => [issue.path.join('.'), issue.message])).toEqual([
      ['publicJwk.d', 'is a private key member: send the public key only'],
    ]);
  });
});
