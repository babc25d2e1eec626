import { BILLING_STATEMENT_BATCH_SIZE, BILLING_STATEMENT_WORKER_MEMORY_MEGABYTES } from '../limits';
import {
  apiFunction,
  backgroundFunction,
  grants,
  listCursors,
  machineClientLookup,
  type FunctionDefinition,
} from './function-definition';
import { ticketSigningKey } from './keys';
import {
  BILLING_COORDINATOR_TIMEOUT_SECONDS,
  BILLING_STATEMENT_WORKER_TIMEOUT_SECONDS,
  billingRunsQueue,
  billingStatementsQueue,
} from './queues';
import { billingTable, coreTable, ledgerTable, reservationsTable } from './tables';

/**
 * The batch billing functions (docs/billing.md): runs, statements, remittances, the
 * coordinator and the statement worker, the monthly schedule and the run nudge. Part of
 * `functions` (shared/resources/functions.ts).
 */
export const billingFunctions = {
  billingRunCreate: {
    ...apiFunction('billing-run-create', 'Start a billing run for a period (operator)', {
      tables: [
        { table: billingTable, access: 'readWrite' },
        // Idempotency-Key records.
        { table: coreTable, access: 'readWrite' },
      ],
    }),
    queues: [{ queue: billingRunsQueue, access: 'send' }],
  },
  billingRunGet: apiFunction('billing-run-get', 'A billing run: progress, reconciliation, failures (operator)', {
    tables: [{ table: billingTable, access: 'read' }, machineClientLookup],
  }),
  billingRunList: apiFunction('billing-run-list', "A month's billing runs, newest first (operator)", {
    tables: [{ table: billingTable, access: 'read' }, machineClientLookup],
    keys: [listCursors],
  }),
  billingRemittanceImport: {
    ...apiFunction(
      'billing-remittance-import',
      "Import a carrier's remittance report: check and compare it, store its differences in chunks for the billing coordinator (operator)",
      {
        // The billing table (the import, its chunks), the core table (agents; Idempotency-Key records).
        tables: grants('readWrite', billingTable, coreTable),
      },
    ),
    queues: [{ queue: billingRunsQueue, access: 'send' }],
  },
  billingRemittanceGet: apiFunction(
    'billing-remittance-get',
    "A carrier's remittance import and its differences, a page at a time (operator)",
    {
      tables: [{ table: billingTable, access: 'read' }, machineClientLookup],
      keys: [listCursors],
    },
  ),
  statementList: apiFunction('statement-list', "A party's statements (the party itself, or an operator)", {
    // The core table: machine clients, and the party an operator names (a registered customer or provider).
    tables: grants('read', billingTable, coreTable),
    keys: [listCursors],
  }),
  statementGet: apiFunction('statement-get', 'A statement as JSON or CSV (the party itself, or an operator)', {
    tables: [{ table: billingTable, access: 'read' }, machineClientLookup],
  }),
  billingCoordinator: backgroundFunction(
    'billing-coordinator',
    "SQS consumer: list a run's parties from the activity index, one statement message each; post a remittance import's chunks",
    BILLING_COORDINATOR_TIMEOUT_SECONDS,
    {
      // The ledger: read to reconcile a run whose workers all finished before the listing; written by remittance adjustments.
      tables: [
        { table: billingTable, access: 'readWrite' },
        { table: ledgerTable, access: 'readWrite' },
      ],
      queues: [
        { queue: billingRunsQueue, access: 'consume', batchSize: 1 },
        { queue: billingRunsQueue, access: 'send' },
        { queue: billingStatementsQueue, access: 'send' },
      ],
    },
  ),
  billingStatementWorker: {
    ...backgroundFunction(
      'billing-statement-worker',
      'SQS consumer: compute a statement from the ledger (a large one in steps), post the payout or collection, sign and store it',
      BILLING_STATEMENT_WORKER_TIMEOUT_SECONDS,
      {
        tables: [
          { table: billingTable, access: 'readWrite' },
          { table: ledgerTable, access: 'readWrite' },
          // Purchases (offers) and customers (carriers), reservations (channels): read only.
          { table: coreTable, access: 'read' },
          { table: reservationsTable, access: 'read' },
        ],
        keys: [{ key: ticketSigningKey, access: ['sign', 'getPublicKey'] }],
        queues: [
          { queue: billingStatementsQueue, access: 'consume', batchSize: BILLING_STATEMENT_BATCH_SIZE },
          // A statement larger than one step sends its own next step (a continuation).
          { queue: billingStatementsQueue, access: 'send' },
        ],
      },
    ),
    // One message is one step of a statement (a window of at most a step's entries, a page, or
    // the sort of a large statement's index): a batch of BILLING_STATEMENT_BATCH_SIZE steps fits (docs/billing.md, "Benchmark").
    memoryMegabytes: BILLING_STATEMENT_WORKER_MEMORY_MEGABYTES,
  },
  billingRunSchedule: backgroundFunction(
    'billing-run-schedule',
    'Scheduled: start the billing run of the month that just closed (cron); nudge a run that stalled (hourly)',
    30,
    {
      tables: grants('readWrite', billingTable),
      // The nudge also sends a stalled build's next step to the statement queue.
      queues: [
        { queue: billingRunsQueue, access: 'send' },
        { queue: billingStatementsQueue, access: 'send' },
      ],
    },
  ),
} as const satisfies Record<string, FunctionDefinition>;
