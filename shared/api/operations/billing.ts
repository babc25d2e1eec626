import {
  BillingRunCreateRequest,
  BillingRunListQuery,
  BillingRunListResponse,
  BillingRunResponse,
  RemittanceDifferenceListQuery,
  RemittanceDifferenceListResponse,
  RemittanceQuery,
  RemittanceReport,
  RemittanceResponse,
  StatementCsv,
  StatementGetQuery,
  StatementPageGetQuery,
  StatementListQuery,
  StatementListResponse,
  StatementPageCsv,
  StatementPageResponse,
  StatementResponse,
} from '../billing';
import { getOperation, listOperation, type OperationDoc } from './types';

/** Batch billing: runs, remittance imports and statements (docs/billing.md). */
export const billingOperations: Readonly<Record<string, OperationDoc>> = {
  billingRunCreate: {
    summary: 'Start a billing run for a closed month (operator)',
    description:
      'Statements for every party with activity, payouts and collections posted, then reconciled. The month must have ended (409 PERIOD_NOT_CLOSED), the month before must be billed (409 PREVIOUS_PERIOD_NOT_BILLED) and the month may not precede the first billed one (409 PERIOD_BEFORE_BILLING_START). The first run ever is for the last closed month (the month before the current UTC month, what the monthly schedule bills, also in the minute after it ended while it is PERIOD_NOT_CLOSED) or a month with recorded activity (409 PERIOD_WITHOUT_ACTIVITY).',
    roles: ['operator'],
    request: BillingRunCreateRequest,
    example: { period: '2026-10' },
    idempotencyKey: 'optional',
    responses: {
      201: {
        description: 'The run, running (a repeat with the same Idempotency-Key answers it).',
        schema: BillingRunResponse,
        location: '/v1/billing-runs/{id}',
      },
    },
    problems: ['PERIOD_NOT_CLOSED', 'PREVIOUS_PERIOD_NOT_BILLED', 'PERIOD_BEFORE_BILLING_START', 'PERIOD_WITHOUT_ACTIVITY'],
  },
  billingRunList: listOperation({
    summary: "A month's billing runs, newest first (operator)",
    description:
      'Every run of the period, the one the monthly schedule started included (trigger schedule), with its progress, and its reconciliation and failures once it ended.',
    roles: ['operator'],
    query: BillingRunListQuery,
    page: { description: 'A page of runs.', schema: BillingRunListResponse },
  }),
  billingRunGet: getOperation(
    "A billing run's progress, and its reconciliation and failures once it ended (operator)",
    ['operator'],
    { description: 'The run.', schema: BillingRunResponse },
    'BILLING_RUN_NOT_FOUND',
  ),
  billingRemittanceImport: {
    summary: "Import a carrier's remittance report for a completed run (operator)",
    description:
      'The body is text/csv with the header customerId,currency,remittedMinor. The run must be completed (409 BILLING_RUN_NOT_COMPLETED) and agentId an agent (404 AGENT_NOT_FOUND) that its bills asked to collect (422 NO_COLLECTIONS_BILLED). The report is checked whole before anything is stored or posted: a row naming a customer and currency the bills did not ask of that carrier is 422 REMITTANCE_NOT_BILLED. A different report for the same run and carrier is 409 REMITTANCE_ALREADY_IMPORTED. An accepted report is compared at once and its differences are posted by the billing worker in chunks: the answer is 202 with the import `importing` (or already `completed` when no difference needs posting); read it at its Location until it is `completed`, and its differences at …/differences. The same report again, also sent several times at once, answers 200 with the import as it stands (one request answers 202); a repeat with the same Idempotency-Key answers 202 while the import is importing and 200 once it is completed.',
    roles: ['operator'],
    query: RemittanceQuery,
    request: RemittanceReport,
    requestMediaType: 'text/csv',
    example: 'customerId,currency,remittedMinor\ncust-1,JPY,1200\n',
    idempotencyKey: 'optional',
    responses: {
      202: {
        description: 'The report was accepted: the import, its counts, its adjustments being posted.',
        schema: RemittanceResponse,
        location: '/v1/billing-runs/{id}/remittances/{agentId}',
      },
      200: {
        description: 'The same report was imported before: its import as it stands.',
        schema: RemittanceResponse,
        location: '/v1/billing-runs/{id}/remittances/{agentId}',
      },
    },
    problems: [
      'BILLING_RUN_NOT_FOUND',
      'BILLING_RUN_NOT_COMPLETED',
      'REMITTANCE_ALREADY_IMPORTED',
      'AGENT_NOT_FOUND',
      'NO_COLLECTIONS_BILLED',
      'REMITTANCE_NOT_BILLED',
    ],
  },
  billingRemittanceGet: {
    summary: "A carrier's remittance import of a run's period: its state, counts and totals (operator)",
    description:
      'importing while the billing worker posts its differences, chunk after chunk (chunksDone of chunks); completed once all are. The differences themselves are listed by GET /v1/billing-runs/{id}/remittances/{agentId}/differences.',
    roles: ['operator'],
    responses: { 200: { description: 'The import.', schema: RemittanceResponse } },
    problems: ['BILLING_RUN_NOT_FOUND', 'REMITTANCE_NOT_FOUND'],
  },
  billingRemittanceDifferenceList: listOperation({
    summary: "A remittance import's differences, by customer and currency (operator)",
    description:
      'Each customer and currency whose remittance differs from its bill, with its outcome and the adjustment posted. While the import is importing, the page holds the differences of the chunks posted so far.',
    roles: ['operator'],
    query: RemittanceDifferenceListQuery,
    page: { description: 'A page of differences.', schema: RemittanceDifferenceListResponse },
    problems: ['BILLING_RUN_NOT_FOUND', 'REMITTANCE_NOT_FOUND'],
  }),
  statementList: listOperation({
    summary: "A party's statements by period (the party itself, or an operator naming partyId)",
    description:
      'A customer lists its bills, a provider its statements and an agent (carrier, kiosk) its agent statements; naming another party is 404 STATEMENT_NOT_FOUND. An operator names the party with partyId (without it: 422 VALIDATION_FAILED), a registered customer, provider or agent: anyone else is 404 PARTY_NOT_FOUND naming partyId. A token whose subject is no registered party of its role is the 404 of that party, naming no field: CUSTOMER_NOT_FOUND, PROVIDER_NOT_FOUND or AGENT_NOT_FOUND.',
    roles: ['customer', 'provider', 'agent', 'operator'],
    query: StatementListQuery,
    page: { description: 'A page of statements.', schema: StatementListResponse },
    problems: ['STATEMENT_NOT_FOUND', 'PARTY_NOT_FOUND', 'CUSTOMER_NOT_FOUND', 'PROVIDER_NOT_FOUND', 'AGENT_NOT_FOUND'],
  }),
  statementGet: {
    summary:
      'A statement as its canonical JSON with token, or with format=csv as the signed CSV (the party itself, or an operator)',
    description:
      "A customer reads its bills, a provider its statements, an agent its agent statements (its fees and their payout); anyone else's is 404 STATEMENT_NOT_FOUND. A paged statement (more lines than a page) carries lineCount and pages instead of lines, and its CSV only the header, total and withheld rows: its lines are served page by page (GET /v1/statements/{id}/pages/{page}).",
    roles: ['customer', 'provider', 'agent', 'operator'],
    query: StatementGetQuery,
    responses: {
      200: {
        description: 'The statement (text/csv with format=csv).',
        schema: StatementResponse,
        alternatives: { 'text/csv': StatementCsv },
      },
    },
    problems: ['STATEMENT_NOT_FOUND'],
  },
  statementPageGet: {
    summary:
      'A page of a paged statement as its canonical JSON, or with format=csv as its CSV (the party itself, or an operator)',
    description:
      "A statement of more lines than a page lists its pages (lineCount, pages: each page's line count and the SHA-256 of its canonical JSON and CSV) instead of its lines; its token signs that list, so every page verifies against it. Pages are numbered from 1. Whoever may read the statement may read its pages; anyone else's statement is 404 STATEMENT_NOT_FOUND. A page that is not one of the statement's (0, beyond its last page, anything but a decimal page number, or any page of a statement that is not paged) is 404 STATEMENT_PAGE_NOT_FOUND.",
    roles: ['customer', 'provider', 'agent', 'operator'],
    query: StatementPageGetQuery,
    pathDescriptions: {
      page: 'The page number, from 1, in decimal with no leading zero (a statement lists its pages in `pages`); any other value is 404 STATEMENT_PAGE_NOT_FOUND.',
    },
    responses: {
      200: {
        description: 'The page (text/csv with format=csv).',
        schema: StatementPageResponse,
        alternatives: { 'text/csv': StatementPageCsv },
      },
    },
    problems: ['STATEMENT_NOT_FOUND', 'STATEMENT_PAGE_NOT_FOUND'],
  },
};
