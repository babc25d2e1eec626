import { reservationConfigOf, resourceFromEnv } from '../../config';
import type { RevocationStore } from '../../domain/revocations/ports';
import type { TicketStore } from '../../domain/tickets/ports';
import { systemClock } from '../../ports';
import type { Notifier } from '../../domain/reservations/ports';
import { baseDeps } from '../../http/base';
import { functionMetrics } from '../powertools/metrics';
import type { Logger } from '../../logger';
import { coreTable, reservationsTable } from '../../resources/tables';
import { realSleep } from '../../contention';
import { functionArnEnvVar, oneTimeScheduleGroup } from '../../resources/schedules';
import { dynamoDocumentClient } from './clients';
import { DynamoReservationStore } from './reservations-dynamodb';
import { DynamoReservationRecords } from './reservations-records-dynamodb';
import { EventBridgeExpiryScheduler } from './reservations-scheduler';
import { scheduler } from './scheduler-client';
import { idempotencyDeps, revocationStore, ticketStore } from './wiring';
import { scryptHasher } from '../node/scrypt-hasher';

/** The wiring of the reservation functions (built on first invocation, shared/http/lazy.ts); each builder reads only the resources it needs. */
export const reservationStore = (env: NodeJS.ProcessEnv): DynamoReservationStore =>
  new DynamoReservationStore(dynamoDocumentClient(), resourceFromEnv(env, reservationsTable));

/** The store of reservation-reconfirm: a confirmation stores the broadcaster ticket in the core table in the same write. */
export const confirmingReservationStore = (env: NodeJS.ProcessEnv): DynamoReservationStore =>
  new DynamoReservationStore(
    dynamoDocumentClient(),
    resourceFromEnv(env, reservationsTable),
    realSleep,
    resourceFromEnv(env, coreTable),
  );

/** The reservation records alone (domain/reservations/ports.ts, ReservationRecords): what finishing a show needs. */
export const reservationRecords = (env: NodeJS.ProcessEnv): DynamoReservationRecords =>
  new DynamoReservationRecords(dynamoDocumentClient(), resourceFromEnv(env, reservationsTable));

const requiredEnv = (env: NodeJS.ProcessEnv, envVar: string): string => resourceFromEnv(env, { envVar });

export const expiryScheduler = (env: NodeJS.ProcessEnv): EventBridgeExpiryScheduler =>
  new EventBridgeExpiryScheduler(scheduler(), {
    groupName: requiredEnv(env, oneTimeScheduleGroup.envVar),
    roleArn: requiredEnv(env, oneTimeScheduleGroup.roleArnEnvVar),
    targetArn: requiredEnv(env, functionArnEnvVar('reservation-expire')),
  });

/**
 * Notifications go to the log as one structured line per event (CloudWatch in AWS, the
 * terminal locally); a mail or push channel would be another Notifier.
 */
export const logNotifier = (logger: Logger): Notifier => ({
  deliver: async (event) => {
    logger.info('notification', {
      eventId: event.id,
      type: event.type,
      reservationId: event.reservationId,
      recipients: event.recipients,
      notification: event.message,
    });
  },
});

/** What most reservation handlers share: the store, the system clock, the tunables and the secret hasher (show passwords). */
const reservationBase = (env: NodeJS.ProcessEnv) => ({
  store: reservationStore(env),
  clock: systemClock,
  reservationConfig: reservationConfigOf(env),
  passwords: scryptHasher,
});

/** What every reservation function starts from: configuration and logger, the store, the clock, the tunables. */
export const reservationFunctionDeps = (env: NodeJS.ProcessEnv) => {
  const base = baseDeps(env);
  return { ...base, ...reservationBase(env) };
};

/** What the reservation functions that change state start from: the above and the idempotency store. */
export const reservationRequestDeps = (env: NodeJS.ProcessEnv) => {
  const deps = reservationFunctionDeps(env);
  return { ...deps, ...idempotencyDeps(env, deps.config) };
};

/** Configuration and logger, the reservation records (not the whole store) and the clock. */
const reservationRecordsBase = (env: NodeJS.ProcessEnv) => ({
  ...baseDeps(env),
  store: reservationRecords(env),
  clock: systemClock,
});

/**
 * What reservation-expire starts from: configuration and logger, the metrics, the reservation
 * records (not the whole store) and the clock. It uses neither the tunables, show passwords
 * nor idempotency. Every function that starts from it (reservation-expire, -cancel) counts
 * what it expires or posts.
 */
export const reservationRecordsDeps = (env: NodeJS.ProcessEnv) => ({
  ...reservationRecordsBase(env),
  metrics: functionMetrics(env),
});

/**
 * What reservation-cancel, which finishes a show on request, starts from: the above and the
 * idempotency store. It uses neither the reservation tunables nor show passwords.
 */
export const reservationFinishDeps = (env: NodeJS.ProcessEnv) => {
  const deps = reservationRecordsDeps(env);
  return { ...deps, ...idempotencyDeps(env, deps.config) };
};

/**
 * What reservation-outcome starts from: reservation-cancel's deps without the metrics, with the
 * tunables (a failure is reported until `endsAt + completion grace`). A failed show's hold is
 * voided, which counts nothing, so the function records no metric and neither bundles nor
 * constructs Powertools Metrics.
 */
export const reservationFailureDeps = (env: NodeJS.ProcessEnv) => {
  const deps = reservationRecordsBase(env);
  return { ...deps, reservationConfig: reservationConfigOf(env), ...idempotencyDeps(env, deps.config) };
};

/**
 * What revoking a show's tickets needs: the ticket records and the revocation lists (core
 * table), without the signer (these functions never sign).
 */
export const ticketRevocation = (
  env: NodeJS.ProcessEnv,
): { tickets: { ticketStore: TicketStore }; revocations: RevocationStore } => ({
  tickets: { ticketStore: ticketStore(env) },
  revocations: revocationStore(env),
});
