import { resourceFromEnv, type CoreConfig } from '../../config';
import type { Ledger, LedgerAccounts, LedgerEntries, LedgerQueries, LedgerTransfers } from '../../domain/ledger/ports';
import type { TicketDeps } from '../../domain/tickets/issue';
import type { ApiIdempotencyDeps } from '../../http/idempotent';
import { systemClock } from '../../ports';
import { functionMetrics } from '../powertools/metrics';
import { coreTable, ledgerTable } from '../../resources/tables';
import { dynamoDocumentClient } from './clients';
import { DynamoIdempotencyStore } from './idempotency-dynamodb';
import { DynamoPurchaseKeys } from './purchase-claims-dynamodb';
import { DynamoDbLedgerAccounts } from './ledger-accounts-dynamodb';
import { DynamoDbLedgerEntries } from './ledger-entries-dynamodb';
import { DynamoDbLedger } from './ledger-dynamodb';
import { DynamoDbLedgerQueries } from './ledger-queries-dynamodb';
import { DynamoDbLedgerTransfers } from './ledger-transfers-dynamodb';
import { DynamoPartyStore } from './parties-dynamodb';
import { DynamoRevocationStore } from './revocations-dynamodb';
import { DynamoAllowanceStore } from './rights-dynamodb';
import { documentSigner } from './signing-wiring';
import { DynamoPseudonymStore, DynamoTicketStore } from './tickets-dynamodb';

/**
 * The wiring of the Lambda handlers (built once per container, on the first invocation:
 * shared/http/lazy.ts). Each builder reads only the resources its function was given.
 */
export const idempotencyDeps = (env: NodeJS.ProcessEnv, config: CoreConfig): ApiIdempotencyDeps => ({
  idempotencyStore: new DynamoIdempotencyStore(dynamoDocumentClient(), resourceFromEnv(env, coreTable)),
  purchaseKeys: new DynamoPurchaseKeys(dynamoDocumentClient(), resourceFromEnv(env, coreTable)),
  clock: systemClock,
  idempotencyLeaseSeconds: config.idempotencyLeaseSeconds,
  idempotencyRetentionSeconds: config.idempotencyRetentionSeconds,
});

export const ticketStore = (env: NodeJS.ProcessEnv): DynamoTicketStore =>
  new DynamoTicketStore(dynamoDocumentClient(), resourceFromEnv(env, coreTable));

/** Tickets with their allowances, redemptions and passwords (core table): ticket-get reads a ticket with what is left on it. */
export const allowanceStore = (env: NodeJS.ProcessEnv): DynamoAllowanceStore =>
  new DynamoAllowanceStore(dynamoDocumentClient(), resourceFromEnv(env, coreTable));

/** Registered parties (core table): customers, providers and agents. */
export const partyStore = (env: NodeJS.ProcessEnv): DynamoPartyStore =>
  new DynamoPartyStore(dynamoDocumentClient(), resourceFromEnv(env, coreTable));

/** The providers' revocation lists (core table): every function that revokes a ticket appends to them. */
export const revocationStore = (env: NodeJS.ProcessEnv): DynamoRevocationStore =>
  new DynamoRevocationStore(dynamoDocumentClient(), resourceFromEnv(env, coreTable));

export const ticketDeps = (env: NodeJS.ProcessEnv, config: CoreConfig): TicketDeps => ({
  signer: documentSigner(env, config),
  ticketStore: ticketStore(env),
  pseudonyms: new DynamoPseudonymStore(dynamoDocumentClient(), resourceFromEnv(env, coreTable)),
  clock: systemClock,
  issuer: config.issuer,
  ticketValiditySecondsMax: config.ticketValiditySecondsMax,
  metrics: functionMetrics(env),
});

/**
 * The ledger at the level a function uses (docs/ledger.md, "The port"): a function that only
 * reads, or only opens accounts, takes the narrower builder and so does not bundle the
 * transfer write path; one that moves money takes `ledgerTransfers` and so does not bundle
 * settlement groups or the expiry sweep (only the settlement worker and ledger-expire take
 * the whole `ledger`).
 */
const ledgerOptions = (env: NodeJS.ProcessEnv) => ({
  client: dynamoDocumentClient(),
  tableName: resourceFromEnv(env, ledgerTable),
  clock: systemClock,
});

export const ledgerQueries = (env: NodeJS.ProcessEnv): LedgerQueries => new DynamoDbLedgerQueries(ledgerOptions(env));

export const ledgerAccounts = (env: NodeJS.ProcessEnv): LedgerAccounts => new DynamoDbLedgerAccounts(ledgerOptions(env));

export const ledgerTransfers = (env: NodeJS.ProcessEnv): LedgerTransfers => new DynamoDbLedgerTransfers(ledgerOptions(env));

export const ledger = (env: NodeJS.ProcessEnv): Ledger => new DynamoDbLedger(ledgerOptions(env));

/** An account's history, apart from the levels: only the functions that list entries take it. */
export const ledgerEntries = (env: NodeJS.ProcessEnv): LedgerEntries => new DynamoDbLedgerEntries(ledgerOptions(env));
