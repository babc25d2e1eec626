import * as z from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { operationFor } from '../../shared/api/operations';
import type { Role } from '../../shared/domain/principal';
import { LEDGER_ID_LENGTH_MAX } from '../../shared/limits';
import { operationIdOf, routes } from '../../shared/resources/routes';
import { startTestApi, type TestApi } from '../fixtures/api';

/**
 * Every route, every kind of bad input: the answer is a 4xx problem+json, never a 5xx. The
 * table is built from the route table and the request schemas, so a new endpoint is covered
 * the day it is added.
 */
let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(async () => api.close());

const ONE_MEGABYTE = 1024 * 1024;

interface BadInput {
  readonly name: string;
  readonly rawBody: (fields: readonly string[]) => string;
  readonly contentType: string;
  /** Whether a schema that accepts an empty object could still take it (then it may pass). */
  readonly alwaysInvalid: boolean;
}

const badInputs: readonly BadInput[] = [
  { name: 'malformed JSON', rawBody: () => '{"providerId": ', contentType: 'application/json', alwaysInvalid: true },
  { name: 'a JSON array instead of an object', rawBody: () => '[1,2,3]', contentType: 'application/json', alwaysInvalid: true },
  { name: 'JSON null', rawBody: () => 'null', contentType: 'application/json', alwaysInvalid: true },
  { name: 'missing fields', rawBody: () => '{}', contentType: 'application/json', alwaysInvalid: false },
  {
    name: 'an extra field',
    rawBody: () => JSON.stringify({ notAField: 1 }),
    contentType: 'application/json',
    alwaysInvalid: true,
  },
  {
    name: 'wrong types',
    rawBody: (fields) => JSON.stringify(Object.fromEntries(fields.map((field) => [field, { wrong: [true] }]))),
    contentType: 'application/json',
    alwaysInvalid: true,
  },
  {
    name: 'a 1 MB body',
    rawBody: () => JSON.stringify({ padding: 'x'.repeat(ONE_MEGABYTE) }),
    contentType: 'application/json',
    alwaysInvalid: true,
  },
  {
    name: 'a wrong content type',
    rawBody: () => 'providerId=x',
    contentType: 'application/x-www-form-urlencoded',
    alwaysInvalid: true,
  },
  { name: 'invalid UTF-8', rawBody: () => '\u00ff\u00fe{', contentType: 'application/json', alwaysInvalid: true },
];

const fieldsOf = (schema: z.core.$ZodType | undefined): string[] =>
  schema instanceof z.core.$ZodObject ? Object.keys(schema._zod.def.shape) : [];

const cases = routes.flatMap((route) => {
  const operation = operationFor(operationIdOf(route));
  return badInputs.map((input) => ({ route, operation, input }));
});

describe('bad input never yields a 5xx', () => {
  it.each(cases.map((entry) => [`${entry.route.method} ${entry.route.path} with ${entry.input.name}`, entry] as const))(
    '%s',
    async (_name, { route, operation, input }) => {
      // Prepare
      const role = (operation.roles[0] ?? 'operator') as Role;
      const token = await api.tokenFor(role, 'bad-input');
      const path = route.path.replace(/\{\w+\}/g, 'bad-input-id');
      const request = operation.request;
      const emptyAccepted = request === undefined || z.safeParse(request, {}).success;
      const rawBody = input.rawBody(fieldsOf(request));

      // Act
      const answer = await api.call(route.method, path, {
        token,
        rawBody,
        headers: { 'content-type': input.contentType, 'idempotency-key': `bad-${Math.random()}` },
      });

      // Assess
      expect(answer.status).toBeLessThan(500);
      // An operation without a body schema refuses a body as well (only `{}` passes: "wrong types" of no fields is that).
      if ((input.alwaysInvalid && rawBody !== '{}') || !emptyAccepted) {
        expect(answer.status).toBeGreaterThanOrEqual(400);
      }
      if (answer.status >= 400) {
        expect(answer.headers.get('content-type')).toBe('application/problem+json');
        expect(answer.body).toMatchObject({ status: answer.status, code: expect.stringMatching(/^[A-Z_]+$/) });
      }
    },
  );

  const withoutQuery = routes.filter((route) => operationFor(operationIdOf(route)).query === undefined);
  it.each(withoutQuery.map((route) => [`${route.method} ${route.path}`, route] as const))(
    '%s declares no query parameter: ?foo=1 is a 422 naming foo',
    async (_name, route) => {
      // Prepare
      const operation = operationFor(operationIdOf(route));
      const token = await api.tokenFor((operation.roles[0] ?? 'operator') as Role, 'bad-input');
      const path = `${route.path.replace(/\{\w+\}/g, 'bad-input-id')}?foo=1`;

      // Act
      const answer = await api.call(route.method, path, { token, headers: { 'idempotency-key': `bad-${Math.random()}` } });

      // Assess
      expect(answer.status).toBe(422);
      expect(answer.body).toMatchObject({
        code: 'VALIDATION_FAILED',
        errors: [{ field: 'foo', message: 'is not a known field' }],
      });
    },
  );

  it('a body that fails validation names each offending field', async () => {
    // Act
    const answer = await api.call('POST', '/v1/tickets', {
      token: await api.tokenFor('operator', 'bad-input'),
      body: { providerId: 'p', holderId: 'h', resource: 'r', validitySeconds: -5, capabilities: [], surprise: true },
    });

    // Assess
    expect(answer.status).toBe(422);
    expect(answer.body).toMatchObject({ code: 'VALIDATION_FAILED' });
    const fields = (answer.body.errors as { field: string }[]).map((issue) => issue.field).sort();
    expect(fields).toEqual(['capabilities', 'surprise', 'validitySeconds']);
  });

  it.each(['application/vnd.kippu+json', 'application/merge-patch+json', 'application/problem+json', 'text/json'])(
    'a body sent as %s is 415 UNSUPPORTED_MEDIA_TYPE and changes nothing: only application/json is JSON',
    async (contentType) => {
      // Prepare
      const token = await api.tokenFor('operator', 'bad-input');
      const name = `media-type ${contentType} ${Math.random()}`;
      const create = (type: string) =>
        api.call('POST', '/v1/customers', {
          token,
          rawBody: JSON.stringify({ name }),
          headers: { 'content-type': type, 'idempotency-key': `media-${Math.random()}` },
        });

      // Act
      const refused = await create(contentType);
      const accepted = await create('Application/JSON; charset=utf-8');

      // Assess
      expect([refused.status, refused.body.code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
      expect(refused.body.detail).toBe(`Send the body as application/json (got ${contentType}).`);
      expect([accepted.status, accepted.body.name]).toEqual([201, name]);
    },
  );

  it.each([
    ['POST', '/v1/billing-runs', { period: 'is required' }],
    ['POST', '/v1/accounts', { currency: 'is required' }],
    ['GET', '/v1/channels/ch-1/availability', { from: 'is required', to: 'is required' }],
    ['GET', '/v1/statements', { partyId: 'is required' }],
  ] as const)('a required field left out of %s %s says "is required", as on every route', async (method, path, expected) => {
    // Act: an operator, with nothing in the body or the query.
    const answer = await api.call(method, path, {
      token: await api.tokenFor('operator', 'bad-input'),
      ...(method === 'POST' ? { body: {}, headers: { 'idempotency-key': `missing-${path}` } } : {}),
    });

    // Assess
    expect(answer.status).toBe(422);
    expect(answer.body).toMatchObject({ code: 'VALIDATION_FAILED' });
    const messages = Object.fromEntries(
      (answer.body.errors as { field: string; message: string }[]).map((issue) => [issue.field, issue.message]),
    );
    expect(messages).toEqual(expected);
  });

  it.each(['/v1/tickets/%E0%A4%A', '/v1/tickets/%', '/v1/purchases/%G1'])(
    'a malformed percent-encoding in %s is a 400 problem',
    async (path) => {
      // Act
      const answer = await api.call('GET', path, { token: await api.tokenFor('operator', 'bad-input') });

      // Assess
      expect(answer.status).toBe(400);
      expect(answer.headers.get('content-type')).toBe('application/problem+json');
      expect(answer.body).toMatchObject({ status: 400, code: 'MALFORMED_PATH' });
    },
  );

  it.each([
    ['an id longer than the declared maximum', 'GET', `/v1/purchases/pur_${'x'.repeat(LEDGER_ID_LENGTH_MAX)}`],
    ['an id with a character no id has', 'GET', '/v1/tickets/tkt%20one'],
    ['a ledger id with a character no ledger id has', 'POST', '/v1/transfers/trf@1/void'],
    ['a nested id with a character no id has', 'DELETE', '/v1/reservations/rsv_1/viewers/tkt!1'],
  ] as const)(
    '%s in the path is 400 MALFORMED_PATH, as the document declares, before any lookup',
    async (_case, method, path) => {
      // Act
      const answer = await api.call(method, path, { token: await api.tokenFor('operator', 'bad-input') });

      // Assess
      expect(answer.status).toBe(400);
      expect(answer.body).toMatchObject({ status: 400, code: 'MALFORMED_PATH' });
    },
  );

  it.each([
    ['a list', '/v1/offers?__proto__=&limit=5'],
    ['a list served by a function of several routes', '/v1/contents?__proto__=x&constructor=y'],
  ] as const)('a query parameter named __proto__ on %s is refused as an unknown parameter, not a 5xx', async (_case, path) => {
    // Act
    const answer = await api.call('GET', path, { token: await api.tokenFor('operator', 'bad-input') });

    // Assess
    expect(answer.status).toBe(422);
    expect(answer.body).toMatchObject({ code: 'VALIDATION_FAILED' });
  });

  const NOT_DIGITS = 'must be a whole number written in digits';
  const REPEATED = 'is given more than once';
  it.each([
    ['an empty integer', '/v1/offers?limit=', 'limit', NOT_DIGITS],
    ['a tab for an integer', '/v1/offers?limit=%09', 'limit', NOT_DIGITS],
    ['an integer with spaces around it', '/v1/contents?limit=%207%20', 'limit', NOT_DIGITS],
    ['an integer with an exponent', '/v1/purchases?limit=1e1', 'limit', NOT_DIGITS],
    ['a hexadecimal integer', '/v1/statements?limit=0x10', 'limit', NOT_DIGITS],
    ['an integer with a sign', '/v1/offers?limit=%2B5', 'limit', NOT_DIGITS],
    ['a hexadecimal page of an account history', '/v1/accounts/acct-bad-input/entries?limit=0x10', 'limit', NOT_DIGITS],
    ['a decimal page of an account history', '/v1/accounts/acct-bad-input/entries?limit=5.0', 'limit', NOT_DIGITS],
    ['an exponent page of an account history', '/v1/accounts/acct-bad-input/entries?limit=1e1', 'limit', NOT_DIGITS],
    ['an empty version', '/v1/providers/prv_bad-input/revocations?since=', 'since', NOT_DIGITS],
    ['a fractional version', '/v1/providers/prv_bad-input/revocations?since=1.5', 'since', NOT_DIGITS],
    ['a list parameter twice', '/v1/offers?limit=5&limit=6', 'limit', REPEATED],
    ['a parameter twice on a function of several routes', '/v1/contents?q=a&q=b', 'q', REPEATED],
    ['the revocation version twice', '/v1/providers/prv_bad-input/revocations?since=0&since=%09', 'since', REPEATED],
  ] as const)('%s (%s) is 422 naming the parameter, not read leniently', async (_case, path, field, message) => {
    // Act
    const answer = await api.call('GET', path, { token: await api.tokenFor('operator', 'bad-input') });

    // Assess
    expect(answer.status).toBe(422);
    expect(answer.body).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field, message }] });
  });

  it.each([
    ['/v1/offers?limit=7', 200],
    ['/v1/offers?limit=007', 200],
    ['/v1/offers', 200],
  ] as const)('a well-formed or absent limit (%s) is still accepted', async (path, status) => {
    // Act
    const answer = await api.call('GET', path, { token: await api.tokenFor('operator', 'bad-input') });

    // Assess
    expect(answer.status).toBe(status);
  });

  it.each([
    ['an unknown path', 'GET', '/v1/nothing-here'],
    ['a path with a trailing slash', 'GET', '/v1/offers/'],
    ['a method the path does not declare', 'DELETE', '/health'],
    ['OPTIONS on a path with two methods', 'OPTIONS', '/v1/offers'],
    ['PUT on an id path', 'PUT', '/v1/purchases/pur_1'],
    ['an id path with a trailing slash', 'GET', '/v1/offers/ofr_1/'],
  ] as const)('%s (%s %s) is 404 ROUTE_NOT_FOUND problem+json, as the deployed API answers it', async (_case, method, path) => {
    // Act
    const answer = await api.call(method, path, { token: await api.tokenFor('operator', 'bad-input') });

    // Assess
    expect(answer.status).toBe(404);
    expect(answer.headers.get('content-type')).toBe('application/problem+json');
    expect(answer.body).toMatchObject({ status: 404, code: 'ROUTE_NOT_FOUND' });
    // The path is quoted, so the sentence's full stop never reads as a segment of it.
    expect(answer.body.detail).toBe(`No route for ${method} "${path}".`);
    expect(answer.headers.get('allow')).toBeNull();
  });

  it('names an id the caller sent in quotes, so an id ending in a dot reads as itself (OFFER_NOT_FOUND)', async () => {
    // Act
    const answer = await api.call('GET', '/v1/offers/ofr_x.', { token: await api.tokenFor('operator', 'bad-input') });

    // Assess
    expect([answer.status, answer.body.code, answer.body.detail]).toEqual([404, 'OFFER_NOT_FOUND', 'No offer "ofr_x.".']);
  });

  it.each([
    ['no token', 'GET', '/v1/me', undefined, 401, 'UNAUTHENTICATED'],
    ['a garbage token', 'POST', '/v1/tickets', 'not-a-token', 401, 'UNAUTHENTICATED'],
    ['an unknown route', 'GET', '/v1/nothing-here', 'operator', 404, 'ROUTE_NOT_FOUND'],
    ['a handler’s own refusal, for comparison', 'GET', '/v1/admin/intake', 'customer', 403, 'FORBIDDEN'],
  ] as const)(
    'the gateway’s refusal of %s carries the headers of every answer (and a 401 WWW-Authenticate: Bearer only)',
    async (_case, method, path, caller, status, code) => {
      // Prepare
      const token =
        caller === 'operator' || caller === 'customer' ? await api.tokenFor(caller, 'bad-input') : (caller ?? undefined);

      // Act
      const answer = await api.call(method, path, token === undefined ? {} : { token });

      // Assess
      expect([answer.status, answer.body.code]).toEqual([status, code]);
      expect(answer.headers.get('content-type')).toBe('application/problem+json');
      expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
      expect(answer.headers.get('cache-control')).toBe('no-store');
      expect(answer.headers.get('www-authenticate')).toBe(status === 401 ? 'Bearer' : null);
      expect(answer.body).toMatchObject({ type: `https://kippu.dev/problems/${code.toLowerCase().replaceAll('_', '-')}` });
    },
  );

  it.each([
    ['a lone surrogate in a name', 'operator', '/v1/customers', '{"name":"\\ud800"}', 'name', 'lone UTF-16 surrogate'],
    ['a lone surrogate in an offer title', 'operator', '/v1/offers', '{"title":"\\ud83d"}', 'title', 'lone UTF-16 surrogate'],
    ['NUL in a name', 'operator', '/v1/customers', '{"name":"Aiko\\u0000"}', 'name', 'must not hold a control character'],
    [
      'an escape character in a name',
      'operator',
      '/v1/customers',
      '{"name":"\\u001b[31mAiko"}',
      'name',
      'must not hold a control character',
    ],
    ['SOH in a channel name', 'provider', '/v1/channels', '{"name":"a\\u0001b"}', 'name', 'must not hold a control character'],
    ['a channel name of spaces only', 'provider', '/v1/channels', '{"name":"   "}', 'name', 'must hold a visible character'],
    ['BEL in a content title', 'provider', '/v1/contents', '{"title":"x\\u0007"}', 'title', 'must not hold a control character'],
    [
      'SOH in a content keyword',
      'provider',
      '/v1/contents',
      '{"keywords":["\\u0001"]}',
      'keywords.0',
      'must not hold a control character',
    ],
    ['SOH in a show genre', 'customer', '/v1/reservations', '{"genre":"x\\u0001"}', 'genre', 'must not hold a control character'],
    [
      'a C1 next line in a name',
      'operator',
      '/v1/customers',
      '{"name":"A\\u0085B"}',
      'name',
      'must not hold a control character',
    ],
    [
      'a C1 control sequence introducer in a show title',
      'customer',
      '/v1/reservations',
      '{"title":"\\u009b31mLive"}',
      'title',
      'must not hold a control character',
    ],
    [
      'zero-width spaces alone in a name',
      'operator',
      '/v1/customers',
      '{"name":"\\u200b\\u200b"}',
      'name',
      'must hold a visible character',
    ],
    [
      'a word joiner alone in a channel name',
      'provider',
      '/v1/channels',
      '{"name":"\\u2060"}',
      'name',
      'must hold a visible character',
    ],
  ] as const)('%s is 422 naming the field', async (_case, caller, path, rawBody, field, message) => {
    // Act
    const answer = await api.call<{ errors: { field: string; message: string }[] }>('POST', path, {
      token: await api.tokenFor(caller, 'bad-input'),
      rawBody,
      headers: { 'content-type': 'application/json' },
    });

    // Assess
    expect(answer.status).toBe(422);
    expect(answer.body).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(answer.body.errors.find((issue) => issue.field === field)?.message).toContain(message);
  });

  it('member names that are different lone surrogates are named apart, each spelled as its JSON escape, in an answer that is text', async () => {
    // Act
    const answer = await api.call<{ errors: { field: string }[]; detail: string }>('POST', '/v1/customers', {
      token: await api.tokenFor('operator', 'bad-input'),
      rawBody: '{"name":"x","\\ud83d":1,"\\ud83e":2}',
      headers: { 'content-type': 'application/json' },
    });

    // Assess
    expect([answer.status, answer.body.detail]).toEqual([422, 'The request body is invalid: "\\ud83d", "\\ud83e".']);
    expect(answer.body.errors.map((issue) => issue.field)).toEqual(['\\ud83d', '\\ud83e']);
    expect(JSON.stringify(answer.body)).not.toMatch(/\\ufffd|\ufffd/);
  });

  it('a body that repeats a member name, at any depth, is 400 MALFORMED_JSON naming it: no provider is registered as trusted', async () => {
    // Prepare
    const token = await api.tokenFor('operator', 'bad-input');
    const key = `repeated-${Math.random()}`;
    const send = (rawBody: string) =>
      api.call<{ errors: { field: string; message: string }[]; detail: string; proxySettlement: unknown }>(
        'POST',
        '/v1/providers',
        { token, rawBody, headers: { 'content-type': 'application/json', 'idempotency-key': key } },
      );

    // Act
    const repeated = await send('{"name":"d","proxySettlement":{"trusted":false,"trusted":true},"platformFeeBps":1}');
    const corrected = await send('{"name":"d","proxySettlement":{"trusted":false},"platformFeeBps":1}');

    // Assess
    expect(repeated.status).toBe(400);
    expect(repeated.body).toMatchObject({
      code: 'MALFORMED_JSON',
      errors: [{ field: 'proxySettlement.trusted', message: 'is given more than once in its object' }],
    });
    expect(repeated.body.detail).toContain('"proxySettlement.trusted"');
    expect(corrected.status).toBe(201);
    expect(corrected.body.proxySettlement).toEqual({ trusted: false });
  });

  it('HEAD on a GET route is 404 ROUTE_NOT_FOUND with no body: no route declares HEAD, as in the deployed API', async () => {
    // Act
    const answer = await api.call('HEAD', '/health');

    // Assess
    expect(answer.status).toBe(404);
    expect(answer.text).toBe('');
  });
});

/**
 * The transport's checks of a request (its path, its body's media type and JSON, its key) run
 * before the idempotency layer on every operation that takes an Idempotency-Key: their refusal
 * is never stored under the key (a repeat is not a replay, and the key stays free for the
 * corrected request). Built from the route table, so a new keyed operation is covered the day
 * it is added.
 */
describe('transport checks come before the Idempotency-Key', () => {
  const keyed = routes.filter((route) => operationFor(operationIdOf(route)).idempotencyKey !== undefined);
  const MALFORMED_ID = '%C3%97';
  const transportCases = keyed.flatMap((route) => {
    const operation = operationFor(operationIdOf(route));
    const names = [...route.path.matchAll(/\{(\w+)\}/g)].map((match) => match[1] ?? '');
    // A query the operation requires (a remittance import's agentId), each parameter an id, so only the path or body is wrong.
    const query = Object.fromEntries(fieldsOf(operation.query).map((name) => [name, 'transport-id']));
    const search =
      operation.query !== undefined && z.safeParse(operation.query, query).success ? `?${new URLSearchParams(query)}` : '';
    const pathWith = (malformed?: string) =>
      `${route.path.replace(/\{(\w+)\}/g, (_whole, name: string) => (name === malformed ? MALFORMED_ID : 'transport-id'))}${search}`;
    const jsonBody = operation.requestMediaType === undefined;
    return [
      ...names.map((name) => ({
        route,
        what: `a malformed ${name}`,
        path: pathWith(name),
        rawBody: jsonBody ? '{}' : 'agentId,amount\n',
        contentType: jsonBody ? 'application/json' : 'text/csv',
        code: 'MALFORMED_PATH',
      })),
      ...(jsonBody
        ? [
            {
              route,
              what: 'malformed JSON',
              path: pathWith(),
              rawBody: '{"a": ',
              contentType: 'application/json',
              code: 'MALFORMED_JSON',
            },
            {
              route,
              what: 'a member name given twice (I-JSON)',
              path: pathWith(),
              rawBody: '{"a":1,"\\u0061":2}',
              contentType: 'application/json',
              code: 'MALFORMED_JSON',
            },
          ]
        : []),
      {
        route,
        what: 'a body of another media type',
        path: pathWith(),
        rawBody: '<a/>',
        contentType: 'application/xml',
        code: 'UNSUPPORTED_MEDIA_TYPE',
      },
    ];
  });

  it('covers every operation that takes an Idempotency-Key', () => {
    expect(keyed.length).toBeGreaterThan(25);
    expect(new Set(transportCases.map((entry) => entry.route))).toEqual(new Set(keyed));
  });

  it.each(transportCases.map((entry) => [`${entry.route.method} ${entry.route.path} with ${entry.what}`, entry] as const))(
    '%s: refused, twice, never replayed',
    async (_name, { route, path, rawBody, contentType, code }) => {
      // Prepare: the caller the operation serves (no token on a public one), one key for both requests.
      const role = operationFor(operationIdOf(route)).roles[0];
      const token = role === undefined ? undefined : await api.tokenFor(role, 'transport-checks');
      const request = {
        ...(token === undefined ? {} : { token }),
        rawBody,
        headers: { 'content-type': contentType, 'idempotency-key': `transport-${Math.random()}` },
      };

      // Act
      const first = await api.call(route.method, path, request);
      const repeat = await api.call(route.method, path, request);

      // Assess
      for (const answer of [first, repeat]) {
        expect([answer.status, answer.body.code]).toEqual([code === 'UNSUPPORTED_MEDIA_TYPE' ? 415 : 400, code]);
        expect(answer.headers.get('idempotent-replayed')).toBeNull();
      }
    },
  );
});

describe('public endpoints', () => {
  it('GET /health answers without authentication', async () => {
    const answer = await api.call('GET', '/health');
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ status: 'ok' });
  });

  it('GET /v1/openapi.json is an OpenAPI 3.1 document describing every route with its request schema', async () => {
    // Act
    const answer = await api.call<{ openapi: string; paths: Record<string, Record<string, { requestBody?: unknown }>> }>(
      'GET',
      '/v1/openapi.json',
    );

    // Assess
    expect(answer.status).toBe(200);
    expect(answer.body.openapi).toBe('3.1.0');
    for (const route of routes) {
      const documented = answer.body.paths[route.path]?.[route.method.toLowerCase()];
      expect(documented, `${route.method} ${route.path}`).toBeDefined();
      // An operation without a request schema but a GET declares the optional empty body it accepts (NoBody).
      expect(documented?.requestBody !== undefined).toBe(
        operationFor(operationIdOf(route)).request !== undefined || route.method !== 'GET',
      );
    }
  });
});

describe('the headers of every answer', () => {
  it('nosniff on each, and the Cache-Control README names: no-store for API and local answers, cacheable JWKS and document, no-cache docs', async () => {
    // Prepare
    const ask = (path: string, init: RequestInit = {}) => fetch(`${api.url}${path}`, init);
    const token = await api.tokenFor('operator', 'op-headers');

    // Act
    const answers: [string, Response, string | RegExp][] = [
      ['GET /health', await ask('/health'), 'no-store'],
      ['GET /v1/me', await ask('/v1/me', { headers: { authorization: `Bearer ${token}` } }), 'no-store'],
      ['GET /.well-known/jwks.json', await ask('/.well-known/jwks.json'), /^public, max-age=\d+$/],
      ['GET /v1/openapi.json', await ask('/v1/openapi.json'), 'public, max-age=300'],
      ['GET /docs', await ask('/docs'), 'no-cache'],
      ['GET /local/clock', await ask('/local/clock'), 'no-store'],
      ['GET /local/outbox', await ask('/local/outbox?to=nobody%40example.com'), 'no-store'],
      [
        'POST /local/token',
        await ask('/local/token', { method: 'POST', body: JSON.stringify({ role: 'operator', sub: 'op-headers' }) }),
        'no-store',
      ],
    ];

    // Assess
    for (const [what, answer, cacheControl] of answers) {
      expect(answer.status, what).toBe(200);
      expect(answer.headers.get('x-content-type-options'), what).toBe('nosniff');
      expect(answer.headers.get('cache-control'), what).toMatch(cacheControl);
    }
  });
});

describe('the development issuer (POST /local/token, local only)', () => {
  const post = async (body: string) => {
    const answer = await fetch(`${api.url}/local/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    return {
      status: answer.status,
      type: answer.headers.get('content-type'),
      body: (await answer.json()) as Record<string, unknown>,
    };
  };

  it('answers a body that is not JSON with 400 MALFORMED_JSON, like the API', async () => {
    const answer = await post('garbage');

    expect(answer.status).toBe(400);
    expect(answer.type).toContain('application/problem+json');
    expect(answer.body).toMatchObject({ status: 400, code: 'MALFORMED_JSON' });
  });

  it('names each wrong field of a token request in errors', async () => {
    const answer = await post(JSON.stringify({ role: 'root', sub: '' }));

    expect(answer.status).toBe(422);
    expect(answer.body).toMatchObject({ status: 422, code: 'VALIDATION_FAILED' });
    expect((answer.body.errors as { field: string }[]).map((issue) => issue.field)).toEqual(['role', 'sub']);
  });
});

describe('one message per kind of failure', () => {
  it('an amount of 0 gets the message of the served Problem example on every route that takes money', async () => {
    // Prepare
    const document = (
      await api.call<{ components: { schemas: { Problem: { example: { errors: unknown } } } } }>('GET', '/v1/openapi.json')
    ).body;
    const operator = await api.tokenFor('operator', 'op-amounts');
    const agent = await api.tokenFor('agent', 'agent-amounts');

    // Act
    const transfer = await api.call('POST', '/v1/transfers', {
      token: operator,
      body: { id: 'trf-zero', debitAccountId: 'acct-a', creditAccountId: 'acct-b', amountMinor: 0, currency: 'JPY' },
    });
    const post = await api.call('POST', '/v1/transfers/hold-zero/post', { token: operator, body: { amountMinor: 0 } });
    const topUp = await api.call('POST', '/v1/customers/cust-zero/topups', {
      token: agent,
      body: { amountMinor: 0, currency: 'JPY', reference: 'receipt-zero' },
    });

    // Assess
    for (const answer of [transfer, post, topUp]) {
      expect(answer.status).toBe(422);
      expect(answer.body).toMatchObject({
        code: 'VALIDATION_FAILED',
        errors: document.components.schemas.Problem.example.errors,
      });
    }
  });
});
