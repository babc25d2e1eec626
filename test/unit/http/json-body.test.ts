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
  it('takes a body as application/json alone (any case, with parameters): every other media type, +json suffixes included, is 415', () => {
    // Prepare
    const as = (contentType: string) => ({ ...bodyEvent('{"label":"x"}'), headers: { 'content-type': contentType } });
    const outcome = (contentType: string): string => {
      try {
        parseJsonBody(Request, as(contentType));
        return 'accepted';
      } catch (error) {
        if (error instanceof DomainError) return error.code;
        throw error;
      }
    };
    const accepted = [
      'application/json',
      'Application/JSON',
      'application/json; charset=utf-8',
      'application/json;charset=UTF-8',
    ];
    const refused = [
      'application/merge-patch+json',
      'application/problem+json',
      'application/vnd.kippu+json',
      'application/json-seq',
      'text/json',
      'text/plain',
      '',
    ];

    // Act
    const outcomes = Object.fromEntries([...accepted, ...refused].map((contentType) => [contentType, outcome(contentType)]));

    // Assess
    expect(outcomes).toEqual(
      Object.fromEntries([
        ...accepted.map((contentType) => [contentType, 'accepted']),
        ...refused.map((contentType) => [contentType, 'UNSUPPORTED_MEDIA_TYPE']),
      ]),
    );
  });

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

  it('refuses a lone UTF-16 surrogate in any string or member name (I-JSON) as a 422 naming each field, and takes paired surrogates', () => {
    // Prepare
    const Loose = z.looseObject({});
    const refused = (body: string) => {
      try {
        parseJsonBody(Loose, bodyEvent(body));
        return undefined;
      } catch (error) {
        if (error instanceof DomainError) return { code: error.code, fields: error.fields.map((issue) => issue.field) };
        throw error;
      }
    };
    const detailOf = (body: string) => {
      try {
        parseJsonBody(Loose, bodyEvent(body));
        return undefined;
      } catch (error) {
        if (error instanceof DomainError) return error.detail;
        throw error;
      }
    };

    // Act
    const high = refused('{"label":"\\ud800"}');
    const low = refused('{"label":"a\\udc00b"}');
    const reversed = refused('{"label":"\\udc00\\ud800"}');
    const nested = refused('{"a":{"keywords":["ok","\\ud83d"]},"b":[["\\ud800x"]]}');
    const name = refused('{"\\ud800":1}');
    const twoNames = refused('{"name":"x","\\ud83d":1,"\\ud83e":2,"x\\udc00":{"y":"\\ud800"}}');
    const twoNamesDetail = detailOf('{"name":"x","\\ud83d":1,"\\ud83e":2,"x\\udc00":{"y":"\\ud800"}}');
    const paired = parseJsonBody(Loose, bodyEvent('{"label":"\\ud83d\\ude00 ok","keywords":["\\u00e9"]}'));

    // Assess
    expect(high).toEqual({ code: 'VALIDATION_FAILED', fields: ['label'] });
    expect(low).toEqual({ code: 'VALIDATION_FAILED', fields: ['label'] });
    expect(reversed).toEqual({ code: 'VALIDATION_FAILED', fields: ['label'] });
    expect(nested).toEqual({ code: 'VALIDATION_FAILED', fields: ['a.keywords.1', 'b.0.0'] });
    // Each lone surrogate spelled as its JSON escape: two different names stay apart, the answer stays text.
    expect(name).toEqual({ code: 'VALIDATION_FAILED', fields: ['\\ud800'] });
    expect(twoNames).toEqual({ code: 'VALIDATION_FAILED', fields: ['\\ud83d', '\\ud83e', 'x\\udc00', 'x\\udc00.y'] });
    expect(twoNamesDetail).toBe('The request body is invalid: "\\ud83d", "\\ud83e", "x\\udc00", "x\\udc00.y".');
    expect(paired).toEqual({ label: '😀 ok', keywords: ['é'] });
  });
});
