import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../shared/errors';
import { parseJsonBody } from '../../../shared/http/request';
import * as z from '../../../shared/zod';
import { apiEvent } from '../../fixtures/handlers';

const Request = z.strictObject({ label: z.optional(z.string()) });

const bodyEvent = (body: string | null) => ({
  ...apiEvent({ method: 'POST', path: '/v1/things' }),
  body,
  headers: { 'content-type': 'application/json' },
});

const refusalOf = (body: string | null): DomainError | undefined => {
  try {
    parseJsonBody(Request, bodyEvent(body));
    return undefined;
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
};

describe('parseJsonBody (shared/http/request.ts)', () => {
  it('reads no body as an empty object, refuses a JSON null, array or string as the schema would, and whitespace alone as no JSON', () => {
    // Act
    const absent = parseJsonBody(Request, bodyEvent(null));
    const empty = parseJsonBody(Request, bodyEvent(''));
    const refusals = ['null', '[]', '"x"', '1'].map((body) => refusalOf(body)?.code);
    const whitespace = ['\r', ' ', '\n\t'].map((body) => refusalOf(body)?.code);

    // Assess
    expect(absent).toEqual({});
    expect(empty).toEqual({});
    expect(refusals).toEqual(['VALIDATION_FAILED', 'VALIDATION_FAILED', 'VALIDATION_FAILED', 'VALIDATION_FAILED']);
    expect(whitespace).toEqual(['MALFORMED_JSON', 'MALFORMED_JSON', 'MALFORMED_JSON']);
  });
});
