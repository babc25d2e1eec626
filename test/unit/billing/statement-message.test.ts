import { describe, expect, it } from 'vitest';
import { parseStatementMessage } from '../../../shared/domain/billing/statement-worker';
import * as z from '../../../shared/zod';

/**
 * The statement worker reads its messages with a hand-written check instead of a schema built
 * at each cold start. This is the strict object schema it replaced; the two must accept the
 * same bodies and read the same message from them.
 */
const StatementMessageSchema = z.strictObject({
  runId: z.string().check(z.minLength(1)),
  kind: z.enum(['customer', 'provider', 'agent']),
  partyId: z.string().check(z.minLength(1)),
  currency: z.string().check(z.regex(/^[A-Z]{3}$/)),
});

const bySchema = (body: string) => {
  try {
    const parsed = StatementMessageSchema.safeParse(JSON.parse(body));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
};

const VALID = { runId: 'run-1', kind: 'customer', partyId: 'cust-1', currency: 'JPY' };
const FIELD_VALUES: readonly unknown[] = [
  '',
  'x',
  'JPY',
  'jpy',
  'JP',
  'JPYY',
  'JPY\n',
  'customer',
  'provider',
  'agent',
  'Customer',
  0,
  1,
  true,
  null,
  [],
  {},
  ['x'],
];

const bodies = (): string[] => {
  const result = [
    JSON.stringify(VALID),
    JSON.stringify({ ...VALID, kind: 'provider' }),
    '',
    'not json',
    '{',
    'null',
    '1',
    '"text"',
    '[]',
    JSON.stringify([VALID]),
    '{}',
  ];
  for (const field of Object.keys(VALID)) {
    const { [field]: _dropped, ...without } = VALID as Record<string, unknown>;
    result.push(JSON.stringify(without));
    for (const value of FIELD_VALUES) result.push(JSON.stringify({ ...VALID, [field]: value }));
  }
  for (const extra of ['extra', '__proto__', 'constructor', 'toString', 'runid'])
    result.push(`{${JSON.stringify(VALID).slice(1, -1)},"${extra}":1}`);
  result.push(`{"runId":"a","runId":"b","kind":"customer","partyId":"p","currency":"EUR"}`);
  return result;
};

describe('a statement message', () => {
  it('is read as the strict object schema reads it', () => {
    // Arrange
    const all = bodies();

    // Act
    const differences = all
      .map((body) => ({ body, kippu: parseStatementMessage(body), schema: bySchema(body) }))
      .filter(({ kippu, schema }) => JSON.stringify(kippu) !== JSON.stringify(schema));

    // Assess
    expect(all.filter((body) => parseStatementMessage(body) !== undefined).length).toBeGreaterThan(5);
    expect(differences).toEqual([]);
  });
});
