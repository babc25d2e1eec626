import { describe, expect, it } from 'vitest';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { operationFor } from '../../../shared/api/operations';
import { isDomainError } from '../../../shared/errors';
import { parseQuery } from '../../../shared/http/request';
import * as z from '../../../shared/zod';
import { operationIdOf, routes } from '../../../shared/resources/routes';

/**
 * Every list reads its `limit` with the one query rule (queryInteger in shared/api/common.ts):
 * plain digits only. A value JavaScript's Number() would read (hex, exponent, sign, blanks,
 * a decimal point) is a 422 naming `limit` on each of them, and plain digits are taken.
 */
const NOT_DIGITS = ['0x10', '1e1', '+5', ' 5', '5 ', '5.0', '0b11', '0o7', '', ' ', '\t', '-1', '1.5', 'abc', '５'];

const lists = routes.flatMap((route) => {
  const query = operationFor(operationIdOf(route)).query;
  return query !== undefined && 'limit' in query._zod.def.shape ? [{ route, query }] : [];
});

const eventWith = (limit: string): APIGatewayProxyEvent =>
  ({ queryStringParameters: { limit }, multiValueQueryStringParameters: { limit: [limit] } }) as unknown as APIGatewayProxyEvent;

const refusal = (parse: () => unknown): unknown => {
  try {
    parse();
  } catch (error) {
    if (isDomainError(error)) return { code: error.code, limit: error.fields.some((issue) => issue.field === 'limit') };
    throw error;
  }
  return 'accepted';
};

describe('the limit of every list', () => {
  it('covers the lists of the API', () => {
    expect(lists.map(({ route }) => `${route.method} ${route.path}`)).toEqual(
      expect.arrayContaining(['GET /v1/accounts/{id}/entries', 'GET /v1/me/accounts/{accountId}/entries', 'GET /v1/purchases']),
    );
    expect(lists.length).toBeGreaterThanOrEqual(11);
  });

  it.each(lists.map(({ route, query }) => [`${route.method} ${route.path}`, query] as const))(
    '%s refuses a limit that is not plain digits, naming limit, and takes plain digits',
    (_name, query) => {
      const refused = NOT_DIGITS.filter(
        (limit) =>
          JSON.stringify(refusal(() => parseQuery(query, eventWith(limit)))) !==
          JSON.stringify({ code: 'VALIDATION_FAILED', limit: true }),
      );

      expect(refused).toEqual([]);
      expect(z.parse(query._zod.def.shape['limit'] as z.core.$ZodType, '1')).toBe(1);
    },
  );
});
