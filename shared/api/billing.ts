import * as z from '../zod';
import {
  BILLING_PERIOD_YEAR_MAX,
  BILLING_PERIOD_YEAR_MIN,
  BILLING_REMITTANCE_BYTES_MAX,
  BILLING_REMITTANCE_DIFFERENCES_PAGE_LIMIT_DEFAULT,
  BILLING_REMITTANCE_DIFFERENCES_PAGE_LIMIT_MAX,
  BILLING_RUNS_PAGE_LIMIT_DEFAULT,
  BILLING_RUNS_PAGE_LIMIT_MAX,
  BILLING_REMITTANCE_ROWS_MAX,
  BILLING_STATEMENTS_PAGE_LIMIT_DEFAULT,
  BILLING_STATEMENTS_PAGE_LIMIT_MAX,
} from '../limits';
import { Identifier, pageQuery, pageOf, Timestamp } from './common';

/** Batch billing's request and response schemas (docs/billing.md). */
export const Period = /* @__PURE__ */ z.schema(() =>
  z
    .string()
    .check(
      z.regex(
        /^(?:[2-8]\d{3}|9[0-8]\d{2}|99[0-8]\d)-(?:0[1-9]|1[0-2])$/,
        `a month written YYYY-MM, from ${BILLING_PERIOD_YEAR_MIN}-01 to ${BILLING_PERIOD_YEAR_MAX}-12`,
      ),
      z.describe(`A calendar month in UTC, YYYY-MM (from ${BILLING_PERIOD_YEAR_MIN}-01 to ${BILLING_PERIOD_YEAR_MAX}-12).`),
    ),
);

export const BillingRunListQuery = /* @__PURE__ */ z.schema(() =>
  z.strictObject({
    period: Period.check(z.describe('The month whose runs to list (the monthly schedule bills the month before its firing).')),
    ...pageQuery(BILLING_RUNS_PAGE_LIMIT_MAX, BILLING_RUNS_PAGE_LIMIT_DEFAULT, 'At most this many runs per page.'),
  }),
);

export const BillingRunCreateRequest = /* @__PURE__ */ z.schema(() =>
  z.strictObject({ period: Period }).check(z.meta({ id: 'BillingRunCreateRequest' })),
);

const Progress = /* @__PURE__ */ z.schema(() =>
  z.object({ partiesTotal: z.int(), partiesDone: z.int(), partiesFailed: z.int() }),
);

const CurrencyReconciliation = /* @__PURE__ */ z.schema(() =>
  z.object({
    currency: z.string(),
    customerChargesMinor: z.int(),
    providerGrossMinor: z.int(),
    customerRefundsMinor: z.int(),
    providerRefundsMinor: z.int(),
    salesMatch: z.boolean(),
    refundsMatch: z.boolean(),
    statementPlatformFeesMinor: z.int(),
    ledgerPlatformFeesMinor: z.int(),
    platformFeesMatch: z.boolean(),
    providerCarrierFeesMinor: z.int(),
    agentCarrierFeesMinor: z.int(),
    carrierFeesMatch: z.boolean(),
  }),
);

export const BillingRunResponse = /* @__PURE__ */ z.schema(() =>
  z
    .object({
      id: z.string(),
      period: z.string(),
      status: z.enum(['running', 'completed', 'failed']),
      progress: Progress,
      trigger: z.enum(['operator', 'schedule']),
      requestedBy: z.string(),
      cutoffAt: Timestamp.check(z.describe('the period cut-off: nothing recorded after it is on its statements')),
      createdAt: Timestamp,
      finishedAt: z.optional(Timestamp),
      reconciliation: z.optional(
        z.object({ ok: z.boolean(), currencies: z.array(CurrencyReconciliation), mismatches: z.array(z.string()) }),
      ),
      failures: z.optional(
        z.array(z.object({ kind: z.string(), partyId: z.string(), currency: z.string(), code: z.string(), detail: z.string() })),
      ),
    })
    .check(z.meta({ id: 'BillingRun' })),
);

export const BillingRunListResponse = /* @__PURE__ */ z.schema(() => pageOf(BillingRunResponse, 'BillingRunList'));

/** The body of a remittance import: the CSV text itself (media type text/csv), parsed by the domain (docs/billing.md). */
export const RemittanceReport = /* @__PURE__ */ z.schema(() =>
  z
    .string()
    .check(
      z.describe(
        `RFC 4180 CSV (fields may be quoted; CRLF or LF) with the header customerId,currency,remittedMinor, one row per customer and currency (at most ${BILLING_REMITTANCE_ROWS_MAX} rows, ${BILLING_REMITTANCE_BYTES_MAX} bytes). remittedMinor is a non-negative integer in decimal digits: no sign, no leading zeros unless it is 0, at most 2^53 − 1`,
      ),
    ),
);

export const RemittanceQuery = /* @__PURE__ */ z.schema(() =>
  z.strictObject({ agentId: Identifier.check(z.describe('the carrier whose report this is')) }),
);

export const RemittanceResponse = /* @__PURE__ */ z.schema(() =>
  z
    .object({
      id: z.string(),
      runId: z.string(),
      period: z.string(),
      agentId: z.string(),
      status: z
        .enum(['importing', 'completed'])
        .check(
          z.describe(
            'importing: the billing worker is posting the adjustments, a chunk at a time; completed: every difference is listed and every adjustment posted.',
          ),
        ),
      csvSha256: z.string(),
      toleranceMinor: z.int(),
      rows: z.int(),
      matched: z.int().check(z.describe('customers and currencies whose remittance equals the bill')),
      differenceCount: z
        .int()
        .check(z.describe('customers and currencies whose remittance differs from the bill (GET …/differences lists them)')),
      withinTolerance: z.int().check(z.describe('differences processed so far that were within the tolerance (listed only)')),
      adjusted: z.int().check(z.describe('differences processed so far that were posted as an adjustment')),
      refused: z.int().check(z.describe('differences processed so far whose adjustment the ledger refused')),
      chunks: z.int().check(z.describe('the chunks the differences are posted in')),
      chunksDone: z.int().check(z.describe('the chunks posted so far (all of them once completed)')),
      totals: z
        .array(
          z.object({
            currency: z.string(),
            shortfallMinor: z.int().check(z.describe('the shortfalls posted so far: owed again by the customers')),
            surplusMinor: z.int().check(z.describe('the surpluses posted so far: credited to the customers')),
          }),
        )
        .check(z.describe('per currency with a difference, in currency order')),
      createdAt: Timestamp,
      completedAt: z.optional(Timestamp),
    })
    .check(z.meta({ id: 'Remittance' })),
);

export const RemittanceDifference = /* @__PURE__ */ z.schema(() =>
  z
    .object({
      customerId: z.string(),
      currency: z.string(),
      billedMinor: z.int(),
      remittedMinor: z.int(),
      differenceMinor: z.int().check(z.describe('remitted − billed: negative when the carrier collected less')),
      outcome: z.enum(['within_tolerance', 'adjusted', 'refused']),
      transferId: z.optional(z.string()),
      refusal: z.optional(
        z.string().check(z.describe("why the ledger refused the adjustment (e.g. EXCEEDS_CREDITS: the customer's credit limit)")),
      ),
    })
    .check(z.meta({ id: 'RemittanceDifference' })),
);

export const RemittanceDifferenceListQuery = /* @__PURE__ */ z.schema(() =>
  z.strictObject({
    ...pageQuery(
      BILLING_REMITTANCE_DIFFERENCES_PAGE_LIMIT_MAX,
      BILLING_REMITTANCE_DIFFERENCES_PAGE_LIMIT_DEFAULT,
      'At most this many differences per page.',
    ),
  }),
);

export const RemittanceDifferenceListResponse = /* @__PURE__ */ z.schema(() =>
  pageOf(RemittanceDifference, 'RemittanceDifferenceList'),
);

export const StatementListQuery = /* @__PURE__ */ z.schema(() =>
  z.strictObject({
    partyId: z.optional(Identifier).check(z.describe('the party (default: the caller; required for operators)')),
    period: z.optional(Period),
    ...pageQuery(
      BILLING_STATEMENTS_PAGE_LIMIT_MAX,
      BILLING_STATEMENTS_PAGE_LIMIT_DEFAULT,
      'At most this many statements per page (a page stops earlier when it grows large, with a nextCursor).',
    ),
  }),
);

export const StatementGetQuery = /* @__PURE__ */ z.schema(() =>
  z.strictObject({
    format: z
      ._default(z.enum(['json', 'csv']), 'json')
      .check(z.describe('json: the canonical JSON with its token; csv: the signed CSV.')),
  }),
);

/** The query of GET /v1/statements/{id}/pages/{page}: the same choice, of a page, which carries no token of its own. */
export const StatementPageGetQuery = /* @__PURE__ */ z.schema(() =>
  z.strictObject({
    format: z
      ._default(z.enum(['json', 'csv']), 'json')
      .check(
        z.describe(
          "json: the page's canonical JSON (no token: its SHA-256 is listed in the signed statement's `pages`); csv: the page's CSV (not signed itself: its SHA-256 is the page's `csvSha256` in the statement).",
        ),
      ),
  }),
);

/** A statement as CSV (GET /v1/statements/{id}?format=csv): the bytes its token's csvSha256 digests. */
export const StatementCsv = /* @__PURE__ */ z.schema(() =>
  z
    .string()
    .check(
      z.describe(
        'The statement as CSV: its header row, one row per statement line, then its total rows, then, when its payout or collection was withheld (payoutWithheld, collectionWithheld), one row of kind withheld with the reason as reference and the amount; a paged statement’s CSV holds the header, total and withheld rows only (its lines are on its pages’ CSVs).',
      ),
    ),
);

const Route = /* @__PURE__ */ z.schema(() => z.enum(['carrier', 'wallet']));

const CustomerLine = /* @__PURE__ */ z.schema(() =>
  z.object({
    date: Timestamp,
    kind: z.enum(['charge', 'refund', 'adjustment', 'balance_forward', 'collection']),
    reference: z.optional(z.string()),
    providerId: z.optional(z.string()),
    offerId: z.optional(z.string()),
    channelId: z.optional(z.string()),
    route: z.optional(Route),
    amountMinor: z.int(),
    transferId: z.optional(z.string()),
  }),
);

const ProviderLine = /* @__PURE__ */ z.schema(() =>
  z.object({
    date: Timestamp,
    kind: z.enum(['sale', 'refund', 'adjustment', 'payout']),
    reference: z.optional(z.string()),
    offerId: z.optional(z.string()),
    channelId: z.optional(z.string()),
    route: z.optional(Route),
    grossMinor: z.int(),
    platformFeeMinor: z.int(),
    carrierFeeMinor: z.int(),
    netMinor: z.int(),
    carriedForward: z.boolean(),
    transferIds: z.array(z.string()),
  }),
);

const AgentLine = /* @__PURE__ */ z.schema(() =>
  z.object({
    date: Timestamp,
    kind: z.enum(['carrier_fee', 'carrier_fee_refund', 'topup_fee', 'topup_fee_reversal', 'adjustment', 'payout']),
    reference: z.optional(z.string()),
    offerId: z.optional(z.string()),
    channelId: z.optional(z.string()),
    amountMinor: z.int(),
    carriedForward: z.boolean(),
    transferId: z.string(),
  }),
);

const StatementPageRef = /* @__PURE__ */ z.schema(() =>
  z.object({
    page: z.int().check(z.minimum(1)),
    lineCount: z.int().check(z.minimum(1)),
    sha256: z.string().check(z.describe("Lowercase hex SHA-256 of the page's canonical JSON")),
    csvSha256: z.string().check(z.describe("Lowercase hex SHA-256 of the page's CSV")),
  }),
);

/**
 * A whole statement carries its `lines`; a paged one (more lines than a page) carries
 * `lineCount` and `pages` instead, each page served by GET /v1/statements/{id}/pages/{page}.
 */
const statementLines = <Line extends z.ZodMiniType>(line: Line) => ({
  lines: z.optional(z.array(line)).check(z.describe("The statement's lines (absent on a paged statement: see pages)")),
  lineCount: z.optional(z.int().check(z.minimum(0))).check(z.describe('A paged statement: how many lines its pages hold')),
  pages: z
    .optional(z.array(StatementPageRef))
    .check(z.describe("A paged statement: its pages, each with the digests of the page's canonical JSON and CSV")),
});

/** A payout or collection the ledger refused, so billing withheld it (docs/billing.md, "Withheld payouts and collections"). */
const SettlementWithheld = /* @__PURE__ */ z.schema(() =>
  z
    .object({
      reason: z.enum(['BALANCE_OVERFLOW']),
      amountMinor: z.int().check(z.minimum(1)),
    })
    .check(
      z.describe(
        'The ledger refused what this statement owed (reason): it was not posted, the amount is in the closing balance and the next period tries again',
      ),
      z.meta({ id: 'SettlementWithheld' }),
    ),
);

const statementHead = /* @__PURE__ */ z.schema(() => ({
  id: z.string(),
  partyId: z.string(),
  period: z.string(),
  currency: z.string(),
  token: z
    .string()
    .check(z.describe('JWS (typ kippu-statement+jwt) over the SHA-256 of the canonical JSON without token and of the CSV')),
}));

export const StatementResponse = /* @__PURE__ */ z.schema(() =>
  z
    .discriminatedUnion('kind', [
      z.object({
        ...statementHead,
        kind: z.literal('customer_bill'),
        totals: z.object({
          chargesMinor: z.int(),
          refundsMinor: z.int(),
          totalMinor: z.int(),
          byRoute: z.object({ carrier: z.int(), wallet: z.int() }),
        }),
        collectionWithheld: z.optional(SettlementWithheld),
        ...statementLines(CustomerLine),
      }),
      z.object({
        ...statementHead,
        kind: z.literal('provider_statement'),
        totals: z.object({
          grossMinor: z.int(),
          platformFeesMinor: z.int(),
          carrierFeesMinor: z.int(),
          refundsMinor: z.int(),
          adjustmentsMinor: z.int(),
          netPayoutMinor: z.int(),
          openingBalanceMinor: z.int(),
          closingBalanceMinor: z.int(),
        }),
        payoutWithheld: z.optional(SettlementWithheld),
        ...statementLines(ProviderLine),
      }),
      z.object({
        ...statementHead,
        kind: z.literal('agent_statement'),
        totals: z.object({
          carrierFeesMinor: z.int(),
          carrierFeeRefundsMinor: z.int(),
          topUpFeesMinor: z.int(),
          adjustmentsMinor: z.int(),
          netPayoutMinor: z.int(),
          openingBalanceMinor: z.int(),
          closingBalanceMinor: z.int(),
        }),
        payoutWithheld: z.optional(SettlementWithheld),
        ...statementLines(AgentLine),
      }),
    ])
    .check(z.meta({ id: 'Statement' })),
);

export const StatementListResponse = /* @__PURE__ */ z.schema(() => pageOf(StatementResponse, 'StatementList'));

/** A page of a paged statement (GET /v1/statements/{id}/pages/{page}): the bytes its document's page sha256 digests. */
export const StatementPageResponse = /* @__PURE__ */ z.schema(() =>
  z
    .object({
      statementId: z.string(),
      page: z.int().check(z.minimum(1)),
      lines: z.union([z.array(CustomerLine), z.array(ProviderLine), z.array(AgentLine)]),
    })
    .check(z.meta({ id: 'StatementPage' })),
);

/** A page as CSV: the statement's columns, its header row and the page's lines, numbered as in the whole statement. */
export const StatementPageCsv = /* @__PURE__ */ z.schema(() =>
  z.string().check(z.describe("The page as CSV: the header row and the page's lines (no total rows).")),
);
