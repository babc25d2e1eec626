import { describe, expect, it } from 'vitest';
import { DomainError } from '../../../shared/errors';
import { hasFraction, inexactIntegerPaths } from '../../../shared/http/json-numbers';
import { INEXACT_INTEGER_MESSAGE, parseJsonBody } from '../../../shared/http/request';
import * as z from '../../../shared/zod';
import { apiEvent } from '../../fixtures/handlers';

const bodyEvent = (body: string) => ({ ...apiEvent({ method: 'POST', path: '/v1/things' }), body });

describe('number literals that JSON.parse rounds to an integer (shared/http/json-numbers.ts)', () => {
  it('tells an exact decimal with a non-zero fraction, after its exponent, from an exact integer', () => {
    // Act
    const fractional = ['1.5', '4503599627370497.5', '1.00000000000000001', '-0.5', '12.5e-1', '1e-400', '0.1e0', '5E-1'];
    const whole = ['1', '-7', '100.0', '1e2', '1.5e1', '-0.1e1', '0.0e5', '1e999', '9007199254740993', '0.000'];

    // Assess
    expect(fractional.filter((literal) => !hasFraction(literal))).toEqual([]);
    expect(whole.filter((literal) => hasFraction(literal))).toEqual([]);
  });

  it('answers the member path of each literal that is not an integer but parses to one, outside strings', () => {
    // Act
    const paths = inexactIntegerPaths(
      '{"transfers":[{"id":"a.5","reference":"1.5 \\" 2.5e0","amountMinor":9007199254740990.5},' +
        '{"amountMinor":1.00000000000000001,"k\\"\\u0041":1e-400}],"n":{"x":[1,2,3.0000000000000001]},"ok":[100.0,1e2,1.5]}',
    );
    const bare = inexactIntegerPaths('4503599627370497.5');

    // Assess
    expect(paths).toEqual(['transfers.0.amountMinor', 'transfers.1.amountMinor', 'transfers.1.k"A', 'n.x.2']);
    expect(bare).toEqual(['(body)']);
  });

  it('does nothing for a body without a digit followed by a point or an exponent', () => {
    // Act + Assess
    expect(inexactIntegerPaths('{"a":[1,2,3],"b":"x.y","c":-17}')).toEqual([]);
  });

  it('makes parseJsonBody refuse such a literal where the schema takes an integer, as 1.5 is, naming the field', () => {
    // Prepare
    const Request = z.strictObject({ amountMinor: z.int(), label: z.optional(z.string()), items: z.optional(z.array(z.int())) });
    const refusal = (body: string) => {
      try {
        return { accepted: parseJsonBody(Request, bodyEvent(body)) };
      } catch (error) {
        if (error instanceof DomainError) return { code: error.code, fields: error.fields };
        throw error;
      }
    };

    // Act
    const rounded = refusal('{"amountMinor":4503599627370497.5,"items":[1,9007199254740991.4]}');
    const withOther = refusal('{"amountMinor":1.00000000000000001,"label":7,"extra":2.0000000000000001}');
    const exact = refusal('{"amountMinor":100.0,"items":[1e2]}');

    // Assess
    expect(rounded).toEqual({
      code: 'VALIDATION_FAILED',
      fields: [
        { field: 'amountMinor', message: INEXACT_INTEGER_MESSAGE },
        { field: 'items.1', message: INEXACT_INTEGER_MESSAGE },
      ],
    });
    expect(withOther).toMatchObject({
      code: 'VALIDATION_FAILED',
      fields: [
        { field: 'label' },
        { field: 'extra', message: 'is not a known field' },
        { field: 'amountMinor', message: INEXACT_INTEGER_MESSAGE },
      ],
    });
    expect(exact).toEqual({ accepted: { amountMinor: 100, items: [100] } });
  });
});
