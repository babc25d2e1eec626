import type { FunctionId } from './functions';

/**
 * Periodic EventBridge Scheduler schedules, declared once: the CDK stack creates them with
 * the function as target; the local runtime fires the same functions at the same rates. A
 * rate is configuration: `KIPPU_SCHEDULE_<ID>_SECONDS` locally, the `schedule<Id>Seconds`
 * CDK context value in AWS.
 */
export interface PeriodicScheduleDefinition {
  readonly id: string;
  readonly functionId: FunctionId;
  readonly description: string;
  readonly defaultRateSeconds: number;
}

/** The periodic schedule that nudges a stalled billing run; its target tells it from the monthly cron by this id. */
export const BILLING_RUN_NUDGE_SCHEDULE_ID = 'billingRunNudge';

export const periodicSchedules: readonly PeriodicScheduleDefinition[] = [
  {
    id: 'ledgerExpirySweep',
    functionId: 'ledgerExpire',
    description: 'Expire ledger holds whose timeout has passed',
    defaultRateSeconds: 60,
  },
  {
    id: 'reservationExpirySweep',
    functionId: 'reservationSweep',
    description: 'Expire bookings whose reconfirmation deadline passed (safety net behind the one-time schedules)',
    defaultRateSeconds: 60,
  },
  {
    id: 'reservationCompletion',
    functionId: 'reservationComplete',
    description: 'Post the holds of shows that ran; finish cancelled and failed ones',
    defaultRateSeconds: 60,
  },
  {
    id: 'reservationNotifications',
    functionId: 'reservationNotify',
    description: 'Deliver due reservation notifications from the outbox',
    defaultRateSeconds: 15,
  },
  {
    id: 'purchaseSettlementRecovery',
    functionId: 'purchaseRecover',
    description: 'Re-enqueue the settlement of purchases still authorized after the grace (a crashed purchase request)',
    defaultRateSeconds: 300,
  },
  {
    id: 'signingKeyRotation',
    functionId: 'signingKeyRotate',
    description: 'Create the delegated signing keys of the current and the next window ahead of use (docs/signing.md)',
    defaultRateSeconds: 3_600,
  },
  {
    id: 'registrationExpirySweep',
    functionId: 'registrationExpire',
    description: 'Expire the provisional registrations whose time ran out (seal removed, address released)',
    defaultRateSeconds: 300,
  },
  {
    id: 'usageReservationExpirySweep',
    functionId: 'usageExpire',
    description: 'Give back the seconds of usage reservations whose report did not come in time',
    defaultRateSeconds: 60,
  },
  {
    id: BILLING_RUN_NUDGE_SCHEDULE_ID,
    functionId: 'billingRunSchedule',
    description:
      'Send the coordinator message of a billing run running longer than KIPPU_BILLING_RUN_NUDGE_AFTER_SECONDS again (a lost last message)',
    defaultRateSeconds: 3_600,
  },
];

const scheduleEnvName = (id: string): string => `KIPPU_SCHEDULE_${id.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase()}`;

/** The local override of a schedule's rate. */
export const scheduleRateEnvVar = (schedule: PeriodicScheduleDefinition): string => `${scheduleEnvName(schedule.id)}_SECONDS`;

/**
 * Schedules at calendar times: an EventBridge Scheduler `cron(...)` expression in UTC (see
 * cron.ts for what is supported). The expression is configuration: `KIPPU_SCHEDULE_<ID>_CRON`
 * locally, the `schedule<Id>Cron` CDK context value in AWS. The target gets the time the
 * schedule fired for as `detail.scheduledTime` (EventBridge fills in
 * `<aws.scheduler.scheduled-time>`; the local scheduler the time the clock passed).
 */
export interface CronScheduleDefinition {
  readonly id: string;
  readonly functionId: FunctionId;
  readonly description: string;
  readonly defaultCron: string;
}

export const cronSchedules: readonly CronScheduleDefinition[] = [
  {
    id: 'billingMonthly',
    functionId: 'billingRunSchedule',
    description: 'Start the billing run of the month that just closed (02:00 UTC on the 1st)',
    defaultCron: 'cron(0 2 1 * ? *)',
  },
];

/** The local override of a cron schedule's expression. */
export const scheduleCronEnvVar = (schedule: CronScheduleDefinition): string => `${scheduleEnvName(schedule.id)}_CRON`;

/** What EventBridge Scheduler substitutes with the time a schedule fired for. */
export const SCHEDULED_TIME_PLACEHOLDER = '<aws.scheduler.scheduled-time>';

/**
 * One-time schedules (a reservation's reconfirmation deadline) are created at run time in
 * this group, targeting a declared function. Functions that create them get these variables.
 */
export const oneTimeScheduleGroup = {
  envVar: 'KIPPU_SCHEDULE_GROUP',
  name: (stage: string) => `kippu-${stage}-one-time`,
  /** The role EventBridge Scheduler assumes to invoke the target function. */
  roleArnEnvVar: 'KIPPU_SCHEDULER_ROLE_ARN',
} as const;

/** The input EventBridge Scheduler hands to a function (the schedule's `Input`, as JSON). */
export interface ScheduledInvocation {
  readonly source: 'kippu.schedule';
  readonly scheduleId: string;
  /** Cron schedules: `{ scheduledTime: <ISO-8601> }`. */
  readonly detail?: Readonly<Record<string, unknown>>;
}

/** Carries a target function's ARN to the functions that schedule it. */
export const functionArnEnvVar = (functionName: string): string =>
  `KIPPU_FUNCTION_ARN_${functionName.replaceAll('-', '_').toUpperCase()}`;

/** Physical function names, the same in AWS and locally. */
export const physicalFunctionName = (stage: string, functionName: string): string => `kippu-${stage}-${functionName}`;
