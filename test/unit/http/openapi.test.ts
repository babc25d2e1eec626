import { compileErrors, validate } from '@readme/openapi-parser';
import type { OpenAPIV3_1 } from 'openapi-types';
import { describe, expect, it } from 'vitest';
import * as z from 'zod';
import { operationFor } from '../../../shared/api/operations';
import { TransferCreateRequest, TransferResolveRequest } from '../../../shared/api/ledger';
import { OfferCreateRequest } from '../../../shared/api/offers';
import { TopUpRequest } from '../../../shared/api/parties';
import { DomainError, ERROR_STATUS, GATEWAY_PROBLEM_CODES, type ErrorCode } from '../../../shared/errors';
import { buildOpenApiDocument } from '../../../shared/http/openapi';
import { problemOf } from '../../../shared/http/problem';
import { parseWith } from '../../../shared/http/request';
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
      ['GET', '/v1/offers', ['q', 'providerId', 'limit', 'cursor']],
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

  it('declares WWW-Authenticate (once, under components.headers) on every 401, and on no other answer', () => {
    // Prepare
    const doc = document();

    // Assess
    for (const route of routes) {
      const responses = operationOf(doc, route.method, route.path).responses ?? {};
      if (!route.public) expect(responses['401'], `${route.method} ${route.path}`).toBeDefined();
      for (const [status, response] of Object.entries(responses)) {
        const headers = (response as OpenAPIV3_1.ResponseObject).headers ?? {};
        expect(headers['WWW-Authenticate'], `${route.method} ${route.path} ${status}`).toEqual(
          status === '401' ? { $ref: '#/components/headers/WWWAuthenticate' } : undefined,
        );
      }
    }
    expect((doc.components as Record<string, unknown>)['headers']).toMatchObject({
      WWWAuthenticate: {
        required: true,
        schema: { type: 'string', enum: ['Bearer, DPoP algs="ES256"', 'Bearer, DPoP error="invalid_dpop_proof", algs="ES256"'] },
      },
    });
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
      detail: 'The request body is invalid: amountMinor.',
      errors: [{ field: 'amountMinor', message: 'too small: expected number to be >=1' }],
    });
    for (const refusal of refusals) expect(refusal).toEqual(example['errors']);
  });
});
