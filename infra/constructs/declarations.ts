import { functionList, functions, type FunctionDefinition } from '../../shared/resources/functions';
import { queues, type QueueDefinition } from '../../shared/resources/queues';
import { routes, type RouteDefinition } from '../../shared/resources/routes';
import { CronExpressionError, parseCron } from '../../shared/resources/cron';
import {
  cronSchedules,
  periodicSchedules,
  type CronScheduleDefinition,
  type PeriodicScheduleDefinition,
} from '../../shared/resources/schedules';

/**
 * The declarations from shared/resources that drive the stacks. The app always uses the real
 * ones; tests pass synthetic lists (a fake consumer, a queue whose visibility timeout is too
 * short) to exercise paths that the real declarations may not reach yet.
 */
export interface KippuDeclarations {
  readonly functionList: readonly FunctionDefinition[];
  readonly routes: readonly RouteDefinition[];
  readonly queues: readonly QueueDefinition[];
  readonly periodicSchedules: readonly PeriodicScheduleDefinition[];
  /** Calendar schedules; synthetic declarations may leave them out. */
  readonly cronSchedules?: readonly CronScheduleDefinition[];
}

export const declaredResources: KippuDeclarations = { functionList, routes, queues, periodicSchedules, cronSchedules };

/** AWS's advice for a queue that is a Lambda event source: visibility timeout ≥ 6 × function timeout. */
export const VISIBILITY_TIMEOUT_PER_FUNCTION_TIMEOUT_MIN = 6;
/** SQS limits. */
const VISIBILITY_TIMEOUT_SECONDS_MAX = 43_200;
const RETENTION_DAYS_MAX = 14;
/** Messages wait this long in a main queue (see QUEUE_RETENTION in kippu-queue.ts). */
export const QUEUE_RETENTION_DAYS = 4;
/** Lambda's limit for a standard queue event source (above 10 it needs a batching window, which kippu always sets). */
const BATCH_SIZE_MAX = 10_000;

const isPositiveInteger = (value: number): boolean => Number.isInteger(value) && value > 0;

/** The one declared function a periodic schedule names, by its function id. */
export const scheduleTarget = (
  schedule: PeriodicScheduleDefinition | CronScheduleDefinition,
  declarations: Pick<KippuDeclarations, 'functionList'>,
): FunctionDefinition => {
  const name = functions[schedule.functionId].name;
  const target = declarations.functionList.find((definition) => definition.name === name);
  if (target === undefined) {
    throw new Error(`periodic schedule ${schedule.id} targets function ${schedule.functionId} (${name}), which is not declared`);
  }
  return target;
};

/** The declared function a one-time schedule target names (function names, as `functionArnEnvVar` takes them). */
export const oneTimeScheduleTarget = (
  creator: FunctionDefinition,
  targetName: string,
  declarations: Pick<KippuDeclarations, 'functionList'>,
): FunctionDefinition => {
  const target = declarations.functionList.find((definition) => definition.name === targetName);
  if (target !== undefined) return target;
  const byId = (functions as Readonly<Record<string, FunctionDefinition>>)[targetName];
  const hint = byId === undefined ? '' : ` (targets are function names: did you mean '${byId.name}'?)`;
  throw new Error(
    `function ${creator.name} declares a one-time schedule target ${targetName} that is not a declared function${hint}`,
  );
};

/** Periodic and cron schedules: unique ids, valid rates and expressions, declared targets. */
const scheduleProblems = (declarations: KippuDeclarations): string[] => {
  const problems: string[] = [];
  const scheduleIds = new Set<string>();
  for (const schedule of declarations.periodicSchedules) {
    if (scheduleIds.has(schedule.id)) problems.push(`periodic schedule ${schedule.id} is declared twice`);
    scheduleIds.add(schedule.id);
    if (!(schedule.defaultRateSeconds > 0))
      problems.push(`periodic schedule ${schedule.id}: defaultRateSeconds must be positive`);
    try {
      scheduleTarget(schedule, declarations);
    } catch (error) {
      problems.push((error as Error).message);
    }
  }

  for (const schedule of declarations.cronSchedules ?? []) {
    if (scheduleIds.has(schedule.id)) problems.push(`schedule ${schedule.id} is declared twice`);
    scheduleIds.add(schedule.id);
    try {
      parseCron(schedule.defaultCron);
    } catch (error) {
      if (!(error instanceof CronExpressionError)) throw error;
      problems.push(`cron schedule ${schedule.id}: ${error.message}`);
    }
    try {
      scheduleTarget(schedule, declarations);
    } catch (error) {
      problems.push((error as Error).message);
    }
  }
  return problems;
};

/**
 * Checks the declarations against each other and against AWS limits before anything is
 * built, so that a bad declaration fails `cdk synth` with a sentence instead of failing a
 * deployment halfway (or, worse, deploying a queue whose messages are redelivered while
 * their first delivery is still running).
 */
export const validateDeclarations = (declarations: KippuDeclarations): void => {
  const problems: string[] = [];
  const queueIds = new Set<string>();
  for (const queue of declarations.queues) {
    if (queueIds.has(queue.id)) problems.push(`queue ${queue.id} is declared twice`);
    queueIds.add(queue.id);
    if (!isPositiveInteger(queue.maxReceiveCount)) problems.push(`queue ${queue.id}: maxReceiveCount must be a positive integer`);
    if (!isPositiveInteger(queue.visibilityTimeoutSeconds) || queue.visibilityTimeoutSeconds > VISIBILITY_TIMEOUT_SECONDS_MAX) {
      problems.push(
        `queue ${queue.id}: visibilityTimeoutSeconds must be a whole number of seconds from 1 to ${VISIBILITY_TIMEOUT_SECONDS_MAX}`,
      );
    }
    // A dead-lettered message keeps its original enqueue time, so a dead-letter queue that
    // keeps messages for less time than the main queue could drop them on arrival.
    if (
      !isPositiveInteger(queue.deadLetterRetentionDays) ||
      queue.deadLetterRetentionDays < QUEUE_RETENTION_DAYS ||
      queue.deadLetterRetentionDays > RETENTION_DAYS_MAX
    ) {
      problems.push(
        `queue ${queue.id}: deadLetterRetentionDays must be a whole number of days from ${QUEUE_RETENTION_DAYS} (the main queue's retention) to ${RETENTION_DAYS_MAX}`,
      );
    }
  }

  const consumers = new Map<string, string>();
  for (const definition of declarations.functionList) {
    for (const { queue, access, batchSize } of definition.queues ?? []) {
      if (!queueIds.has(queue.id)) {
        problems.push(`function ${definition.name} uses queue ${queue.id}, which is not declared in shared/resources/queues.ts`);
      }
      if (access !== 'consume') continue;
      const otherConsumer = consumers.get(queue.id);
      if (otherConsumer !== undefined) {
        problems.push(
          `queue ${queue.id} has two consumers (${otherConsumer} and ${definition.name}); each message would reach only one of them`,
        );
      }
      consumers.set(queue.id, definition.name);
      const visibilityMin = VISIBILITY_TIMEOUT_PER_FUNCTION_TIMEOUT_MIN * definition.timeoutSeconds;
      if (queue.visibilityTimeoutSeconds < visibilityMin) {
        problems.push(
          `queue ${queue.id}: visibilityTimeoutSeconds is ${queue.visibilityTimeoutSeconds} but its consumer ${definition.name} has a timeout of ${definition.timeoutSeconds} s, so it must be at least ${visibilityMin} (${VISIBILITY_TIMEOUT_PER_FUNCTION_TIMEOUT_MIN} × the function timeout) or messages are redelivered while still being processed`,
        );
      }
      if (batchSize !== undefined && (!isPositiveInteger(batchSize) || batchSize > BATCH_SIZE_MAX)) {
        problems.push(
          `function ${definition.name}: batchSize on queue ${queue.id} must be an integer from 1 to ${BATCH_SIZE_MAX}`,
        );
      }
    }
    for (const targetName of definition.oneTimeSchedules?.targets ?? []) {
      try {
        oneTimeScheduleTarget(definition, targetName, declarations);
      } catch (error) {
        problems.push((error as Error).message);
      }
    }
  }

  problems.push(...scheduleProblems(declarations));

  if (problems.length > 0) throw new Error(`invalid declarations in shared/resources:\n- ${problems.join('\n- ')}`);
};
