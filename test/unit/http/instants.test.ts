import { describe, expect, it } from 'vitest';
import { BillingRunCreateRequest, StatementListQuery } from '../../../shared/api/billing';
import { TicketCreateRequest } from '../../../shared/api/tickets';
import { AvailabilityQuery, ListingsQuery } from '../../../shared/api/reservations';
import { DomainError } from '../../../shared/errors';
import { parseWith } from '../../../shared/http/request';
import type * as z from '../../../shared/zod';

const refusedFields = (schema: z.core.$ZodType, value: unknown): string[] => {
  try {
    parseWith(schema, value);
    return [];
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return error.fields.map((field) => field.field);
  }
};

describe('instants a request may name (the shared Timestamp)', () => {
  it('refuses a range at the end of year 9999, whose last slot would end in year 10000, naming the field', () => {
    // Act
    const refused = refusedFields(AvailabilityQuery, { from: '9999-12-31T23:40:00Z', to: '9999-12-31T23:59:59Z' });

    // Assess
    expect(refused).toEqual(['from', 'to']);
  });

  it.each([
    ['listings before the epoch', ListingsQuery, { from: '1969-12-31T23:59:59Z', to: '2026-01-01T00:00:00Z' }, ['from']],
    ['listings at the bound', ListingsQuery, { from: '9989-12-31T00:00:00Z', to: '9990-01-01T00:00:00Z' }, ['to']],
    [
      'a ticket window starting in year 9999',
      TicketCreateRequest,
      {
        providerId: 'p',
        holderId: 'h',
        resource: 'r',
        validitySeconds: 60,
        capabilities: ['x'],
        notBefore: '9999-06-01T00:00:00Z',
      },
      ['notBefore'],
    ],
    ['a billing period in year 9999 (probe n F3)', BillingRunCreateRequest, { period: '9999-12' }, ['period']],
    ['a billing period after 9989', BillingRunCreateRequest, { period: '9990-01' }, ['period']],
    ['the last billing period', BillingRunCreateRequest, { period: '9989-12' }, []],
    ['a listed period in year 9999', StatementListQuery, { partyId: 'p', period: '9999-01' }, ['period']],
    ['a range well inside the bounds', AvailabilityQuery, { from: '2026-01-01T00:00:00Z', to: '2026-01-01T01:00:00+09:00' }, []],
  ] as const)('%s', (_name, schema, value, fields) => {
    // Act
    const refused = refusedFields(schema, value);

    // Assess
    expect(refused).toEqual(fields);
  });
});
