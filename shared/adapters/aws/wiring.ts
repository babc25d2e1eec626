import { resourceFromEnv, type AppConfig } from '../../config';
import type { TicketDeps } from '../../domain/tickets/issue';
import { systemClock } from '../../ports';
import { ticketSigningKey } from '../../resources/keys';
import { coreTable, ledgerTable } from '../../resources/tables';
import type { Ledger } from '../../domain/ledger/ports';
import type { ApiIdempotencyDeps } from '../../http/idempotent';
import { DynamoDbLedger } from './ledger-dynamodb';
import { dynamoDocumentClient } from './clients';
import { kms } from './kms-client';
import { DynamoIdempotencyStore } from './idempotency-dynamodb';
import { KmsJwsSigner } from './kms-signer';
import { DynamoPseudonymStore, DynamoTicketStore } from './tickets-dynamodb';

/**
 * Module-scope wiring for the Lambda handlers: config parsed and SDK clients built once per
 * container. Each builder reads only the resources its function was given.
 */
export const idempotencyDeps = (env: NodeJS.ProcessEnv, config: AppConfig): ApiIdempotencyDeps => ({
  idempotencyStore: new DynamoIdempotencyStore(dynamoDocumentClient(), resourceFromEnv(env, coreTable)),
  clock: systemClock,
  idempotencyLeaseSeconds: config.idempotencyLeaseSeconds,
  idempotencyRetentionSeconds: config.idempotencyRetentionSeconds,
});

export const ticketSigner = (env: NodeJS.ProcessEnv): KmsJwsSigner =>
  new KmsJwsSigner(kms(), resourceFromEnv(env, ticketSigningKey));

export const ticketDeps = (env: NodeJS.ProcessEnv, config: AppConfig): TicketDeps => {
  const tableName = resourceFromEnv(env, coreTable);
  return {
    signer: ticketSigner(env),
    ticketStore: new DynamoTicketStore(dynamoDocumentClient(), tableName),
    pseudonyms: new DynamoPseudonymStore(dynamoDocumentClient(), tableName),
    clock: systemClock,
    issuer: config.issuer,
    ticketValiditySecondsMax: config.ticketValiditySecondsMax,
  };
};

export const ledger = (env: NodeJS.ProcessEnv): Ledger =>
  new DynamoDbLedger({ client: dynamoDocumentClient(), tableName: resourceFromEnv(env, ledgerTable), clock: systemClock });
