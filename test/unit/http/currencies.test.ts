import { describe, expect, it } from 'vitest';
import { AccountCreateRequest } from '../../../shared/api/ledger';
import { OfferCreateRequest } from '../../../shared/api/offers';
import { ProviderCreateRequest, TopUpRequest } from '../../../shared/api/parties';
import { ChannelCreateRequest } from '../../../shared/api/reservations';
import { isIsoCurrency } from '../../../shared/currencies';
import { parseRemittanceCsv } from '../../../shared/domain/billing/remittance-csv';
import { DomainError } from '../../../shared/errors';
import { parseWith } from '../../../shared/http/request';
import type * as z from '../../../shared/zod';

/** The fields a refusal names, or undefined when the value passes. */
const refusedFields = (schema: z.core.$ZodType, value: unknown): string[] | undefined => {
  try {
    parseWith(schema, value);
    return undefined;
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return [error.code, ...error.fields.map((field) => field.field)];
  }
};

describe('currencies are ISO 4217 codes', () => {
  it('knows JPY, USD and EUR, and neither made-up codes nor the codes without a minor unit', () => {
    // Act
    const known = ['JPY', 'USD', 'EUR', 'KWD', 'XOF'].map(isIsoCurrency);
    const unknown = ['ZZZ', 'XYZ', 'XXX', 'XTS', 'XAU', 'jpy', 'JP'].map(isIsoCurrency);

    // Assess
    expect(known.every(Boolean)).toBe(true);
    expect(unknown.some(Boolean)).toBe(false);
  });

  it.each([
    [
      'POST /v1/channels',
      ChannelCreateRequest,
      { name: 'A', capacity: 1, bandwidthKbps: 1, feePerSlotMinor: 1, currency: 'ZZZ' },
      'currency',
    ],
    [
      'POST /v1/offers',
      OfferCreateRequest,
      { providerId: 'p', resource: 's/1', priceMinor: 1, currency: 'ZZZ', validitySeconds: 60 },
      'currency',
    ],
    ['POST /v1/accounts', AccountCreateRequest, { id: 'acct-1', currency: 'XYZ' }, 'currency'],
    ['POST /v1/customers/{id}/topups', TopUpRequest, { amountMinor: 1, currency: 'XYZ', reference: 'r1' }, 'currency'],
    ['POST /v1/providers', ProviderCreateRequest, { id: 'p', name: 'P', currencies: ['JPY', 'ZZZ'] }, 'currencies.1'],
  ] as const)('%s refuses an unknown currency with a 422 naming it', (_name, schema, body, field) => {
    // Act
    const unknown = refusedFields(schema, body);
    const known = refusedFields(schema, { ...body, ...(field === 'currency' ? { currency: 'JPY' } : { currencies: ['JPY'] }) });

    // Assess
    expect(unknown?.[0]).toBe('VALIDATION_FAILED');
    expect(unknown).toContain(field);
    expect(known?.some((named) => named.startsWith('currenc')) ?? false).toBe(false);
  });

  it('a remittance report row in an unknown currency is refused naming its line and field, in a singular sentence', () => {
    // Act
    const refusal = (() => {
      try {
        parseRemittanceCsv('customerId,currency,remittedMinor\ncust-1,ZZZ,5\n');
        return undefined;
      } catch (error) {
        return error instanceof DomainError ? error : undefined;
      }
    })();

    // Assess
    expect(refusal?.fields).toHaveLength(1);
    expect(refusal?.fields[0]?.field).toContain('currency');
    expect(refusal?.detail).toBe('The report has 1 invalid field.');
  });
});
