import {
  BillingRunCreateRequest,
  BillingRunResponse,
  RemittanceReport,
  RemittanceResponse,
  StatementListResponse,
  StatementResponse,
} from './billing';
import type { OperationDoc } from './operations';

/** The batch billing operations (docs/billing.md), part of `operations` (operations.ts). */
export const billingOperations: Readonly<Record<string, OperationDoc>> = {
  billingRunCreate: {
    summary:
      'Start a billing run for a closed month (operator): statements for every party with activity, payouts and collections posted, reconciled',
    roles: ['operator'],
    request: BillingRunCreateRequest,
    idempotencyKey: 'optional',
    responses: {
      201: { description: 'the run, running (a repeat with the same Idempotency-Key answers it)', schema: BillingRunResponse },
    },
  },
  billingRunGet: {
    summary: "A billing run's progress, and its reconciliation and failures once it ended (operator)",
    roles: ['operator'],
    responses: { 200: { description: 'the run', schema: BillingRunResponse } },
  },
  billingRemittanceImport: {
    summary:
      "Import a carrier's remittance report for a completed run (operator; text/csv with the header customerId,currency,remittedMinor; query: agentId)",
    roles: ['operator'],
    request: RemittanceReport,
    requestMediaType: 'text/csv',
    idempotencyKey: 'optional',
    responses: {
      201: { description: 'the differences, and the adjustments posted beyond the tolerance', schema: RemittanceResponse },
      200: { description: 'the same report was imported before: its import', schema: RemittanceResponse },
    },
  },
  statementList: {
    summary:
      "A party's statements by period (the party itself, or an operator naming partyId; query: partyId, period, limit, cursor)",
    roles: ['customer', 'provider', 'operator'],
    responses: { 200: { description: 'a page of statements', schema: StatementListResponse } },
  },
  statementGet: {
    summary:
      'A statement as its canonical JSON with token, or with format=csv as the signed CSV (the party itself, or an operator)',
    roles: ['customer', 'provider', 'operator'],
    responses: { 200: { description: 'the statement (text/csv with format=csv)', schema: StatementResponse } },
  },
};
