import { ArnFormat, Aws, Stack } from 'aws-cdk-lib';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { CfnSchedule } from 'aws-cdk-lib/aws-scheduler';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { parseCron } from '../../shared/resources/cron';
import { viaService } from './grants';
import {
  SCHEDULED_TIME_PLACEHOLDER,
  type CronScheduleDefinition,
  type PeriodicScheduleDefinition,
  type ScheduledInvocation,
} from '../../shared/resources/schedules';

const SECONDS_PER_MINUTE = 60;
/** The source every schedule's input carries (see ScheduledInvocation). */
const SCHEDULE_SOURCE: ScheduledInvocation['source'] = 'kippu.schedule';
/** Scheduler retries an invocation that Lambda refused (throttling, service errors) this often... */
const SCHEDULE_RETRY_ATTEMPTS_MAX = 3;
/** ...and never beyond the schedule's own period (Scheduler's minimum is a minute): the next run supersedes it. */
const SCHEDULE_EVENT_AGE_SECONDS_MIN = 60;
/** The group EventBridge Scheduler puts schedules in when none is named. */
const DEFAULT_SCHEDULE_GROUP = 'default';

/**
 * EventBridge Scheduler takes rates in whole minutes, at least one, so a rate in seconds is
 * rounded up: a schedule never fires more often than configured.
 */
export const scheduleRateMinutes = (rateSeconds: number): number => {
  if (!(rateSeconds > 0) || !Number.isFinite(rateSeconds))
    throw new Error(`a schedule rate must be a positive number of seconds, got ${rateSeconds}`);
  return Math.max(1, Math.ceil(rateSeconds / SECONDS_PER_MINUTE));
};

export const rateExpression = (minutes: number): string => (minutes === 1 ? 'rate(1 minute)' : `rate(${minutes} minutes)`);

/** A calendar schedule that misses its time (Lambda throttled, a service error) is retried for this long. */
export const CRON_SCHEDULE_EVENT_AGE_SECONDS = 6 * 3600;

/** `ledgerExpirySweep` -> `ledger-expiry-sweep`, for physical schedule names. */
const kebab = (id: string): string => id.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();

export const periodicScheduleName = (stage: string, schedule: Pick<PeriodicScheduleDefinition, 'id'>): string =>
  `kippu-${stage}-${kebab(schedule.id)}`;

/** The JSON a schedule hands to its target function. */
const scheduleInput = (scheduleId: string): string => {
  const input: ScheduledInvocation = { source: SCHEDULE_SOURCE, scheduleId };
  return JSON.stringify(input);
};

/** A cron schedule's input also carries the time it fired for, which EventBridge fills in. */
export const cronScheduleInput = (scheduleId: string): string => {
  const input: ScheduledInvocation = {
    source: SCHEDULE_SOURCE,
    scheduleId,
    detail: { scheduledTime: SCHEDULED_TIME_PLACEHOLDER },
  };
  return JSON.stringify(input);
};

/** `arn:<partition>:scheduler:<region>:<account>:schedule-group/<name>` */
const scheduleGroupArn = (scope: Construct, groupName: string): string =>
  Stack.of(scope).formatArn({ service: 'scheduler', resource: 'schedule-group', resourceName: groupName });

/** Every schedule in a group: `arn:<partition>:scheduler:<region>:<account>:schedule/<group>/*` */
export const schedulesInGroupArn = (scope: Construct, groupName: string): string =>
  Stack.of(scope).formatArn({ service: 'scheduler', resource: 'schedule', resourceName: `${groupName}/*` });

/** The ARN of a Lambda function from its physical name, without referring to the function resource. */
export const functionArnFromName = (scope: Construct, functionName: string): string =>
  Stack.of(scope).formatArn({
    service: 'lambda',
    resource: 'function',
    resourceName: functionName,
    arnFormat: ArnFormat.COLON_RESOURCE_NAME,
  });

/**
 * A role that EventBridge Scheduler may assume only for schedules of this account in the
 * named group (the confused deputy guard AWS documents for Scheduler), and that may invoke
 * exactly the given functions: the unqualified ARNs, no versions or aliases.
 */
export const schedulerExecutionRole = (
  scope: Construct,
  id: string,
  props: { readonly groupName: string; readonly description: string; readonly targets: readonly IFunction[] },
): Role => {
  const role = new Role(scope, id, {
    description: props.description,
    assumedBy: new ServicePrincipal('scheduler.amazonaws.com', {
      conditions: {
        StringEquals: {
          'aws:SourceAccount': Aws.ACCOUNT_ID,
          'aws:SourceArn': scheduleGroupArn(scope, props.groupName),
        },
      },
    }),
  });
  if (props.targets.length > 0) {
    role.addToPrincipalPolicy(
      new PolicyStatement({
        sid: 'InvokeTargets',
        actions: ['lambda:InvokeFunction'],
        resources: props.targets.map((target) => target.functionArn),
      }),
    );
  }
  return role;
};

/**
 * Lets a scheduler role deliver failed invocations to a dead-letter queue encrypted with the
 * data key: Scheduler sends with the role's credentials, so the role needs the SQS action and
 * the two KMS actions SQS uses for an encrypted send, those only through SQS
 * (`kms:ViaService`, as the functions' queue grants): a direct KMS call with the role could
 * otherwise open what the data key wraps for other purposes.
 */
const allowDeadLetterDelivery = (role: Role, queue: IQueue, key: IKey): void => {
  role.addToPrincipalPolicy(
    new PolicyStatement({ sid: 'SendDeadLetters', actions: ['sqs:SendMessage'], resources: [queue.queueArn] }),
  );
  role.addToPrincipalPolicy(
    new PolicyStatement({
      sid: 'EncryptDeadLetters',
      actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
      resources: [key.keyArn],
      conditions: viaService('sqs'),
    }),
  );
};

interface ScheduleProps {
  readonly name: string;
  readonly description: string;
  readonly expression: string;
  readonly input: string;
  readonly maximumEventAgeInSeconds: number;
  /** Calendar schedules name their time zone (always UTC in kippu). */
  readonly timeZone?: 'UTC';
  readonly target: IFunction;
  readonly deadLetterQueue: IQueue;
  readonly deadLetterKey: IKey;
}

/**
 * One schedule: its own execution role (which may invoke the target function and nothing
 * else), no flexible window (a job is due when it is due), a short retry policy, and the
 * shared scheduler dead-letter queue for invocations that still fail.
 */
class KippuSchedule extends Construct {
  readonly role: Role;
  readonly schedule: CfnSchedule;

  constructor(scope: Construct, id: string, props: ScheduleProps) {
    super(scope, id);
    this.role = schedulerExecutionRole(this, 'Role', {
      groupName: DEFAULT_SCHEDULE_GROUP,
      description: `EventBridge Scheduler role of ${props.name}: invokes its target function only`,
      targets: [props.target],
    });
    allowDeadLetterDelivery(this.role, props.deadLetterQueue, props.deadLetterKey);

    this.schedule = new CfnSchedule(this, 'Schedule', {
      name: props.name,
      description: props.description,
      scheduleExpression: props.expression,
      ...(props.timeZone === undefined ? {} : { scheduleExpressionTimezone: props.timeZone }),
      flexibleTimeWindow: { mode: 'OFF' },
      state: 'ENABLED',
      target: {
        arn: props.target.functionArn,
        roleArn: this.role.roleArn,
        input: props.input,
        retryPolicy: {
          maximumRetryAttempts: SCHEDULE_RETRY_ATTEMPTS_MAX,
          maximumEventAgeInSeconds: props.maximumEventAgeInSeconds,
        },
        deadLetterConfig: { arn: props.deadLetterQueue.queueArn },
      },
    });
    // The role's policy must exist before the first run; the role itself is already a
    // dependency through the RoleArn reference.
    const policy = this.role.node.tryFindChild('DefaultPolicy');
    if (policy === undefined) throw new Error(`${this.role.node.path} has no policy`);
    this.schedule.node.addDependency(policy);
  }
}

export interface PeriodicScheduleProps {
  readonly stage: string;
  readonly schedule: PeriodicScheduleDefinition;
  readonly rateSeconds: number;
  readonly target: IFunction;
  readonly deadLetterQueue: IQueue;
  readonly deadLetterKey: IKey;
}

/**
 * A periodic schedule: a rate in whole minutes, retried never beyond its own period (the next
 * run does the same work).
 */
export class PeriodicSchedule extends KippuSchedule {
  readonly rateMinutes: number;

  constructor(scope: Construct, id: string, props: PeriodicScheduleProps) {
    const rateMinutes = scheduleRateMinutes(props.rateSeconds);
    super(scope, id, {
      name: periodicScheduleName(props.stage, props.schedule),
      description: props.schedule.description,
      expression: rateExpression(rateMinutes),
      input: scheduleInput(props.schedule.id),
      maximumEventAgeInSeconds: Math.max(SCHEDULE_EVENT_AGE_SECONDS_MIN, rateMinutes * SECONDS_PER_MINUTE),
      target: props.target,
      deadLetterQueue: props.deadLetterQueue,
      deadLetterKey: props.deadLetterKey,
    });
    this.rateMinutes = rateMinutes;
  }
}

export interface CronScheduleProps {
  readonly stage: string;
  readonly schedule: CronScheduleDefinition;
  /** The cron expression (the context override or the declared default); validated here. */
  readonly cron: string;
  readonly target: IFunction;
  readonly deadLetterQueue: IQueue;
  readonly deadLetterKey: IKey;
}

/** A schedule at calendar times in UTC; its target learns the time it fired for. */
export class CronSchedule extends KippuSchedule {
  constructor(scope: Construct, id: string, props: CronScheduleProps) {
    super(scope, id, {
      name: periodicScheduleName(props.stage, props.schedule),
      description: props.schedule.description,
      expression: parseCron(props.cron).expression,
      input: cronScheduleInput(props.schedule.id),
      maximumEventAgeInSeconds: CRON_SCHEDULE_EVENT_AGE_SECONDS,
      timeZone: 'UTC',
      target: props.target,
      deadLetterQueue: props.deadLetterQueue,
      deadLetterKey: props.deadLetterKey,
    });
  }
}
