import { randomUUID } from 'node:crypto';
import {
  DeleteScheduleCommand,
  GetScheduleCommand,
  ListSchedulesCommand,
  ResourceNotFoundException,
  SchedulerClient,
} from '@aws-sdk/client-scheduler';
import type { Context } from 'aws-lambda';
import { functionList, functions } from '../../shared/resources/functions';
import { ConfigError } from '../../shared/config';
import { number, parseEnvironment, type Field } from '../../shared/config/fields';
import { CronExpressionError, latestCronTime, parseCron, type CronSchedule } from '../../shared/resources/cron';
import {
  cronSchedules,
  oneTimeScheduleGroup,
  periodicSchedules,
  physicalFunctionName,
  scheduleCronEnvVar,
  scheduleRateEnvVar,
  type CronScheduleDefinition,
  type PeriodicScheduleDefinition,
  type ScheduledInvocation,
} from '../../shared/resources/schedules';
import type { Clock } from '../../shared/ports';
import { loadFunctionHandler } from './handlers';

/**
 * The local stand-in for EventBridge Scheduler. The emulator stores schedules but never fires
 * them, so this does: periodic schedules at their (configurable) rates, and one-time `at(...)`
 * schedules in the one-time group once due — invoking the target function with the
 * schedule's input and then deleting the schedule, as ActionAfterCompletion DELETE does.
 */
const ONE_TIME_POLL_MS = 1000;
const CRON_POLL_MS = 1000;
const LIST_PAGE_SIZE = 100;
const LIST_PAGES_MAX = 100;

type ScheduledHandler = (event: ScheduledInvocation, context: Context) => Promise<unknown>;

/** `at(2026-11-22T08:00:00)` in UTC (kippu never sets another time zone). */
export const atExpressionTime = (expression: string): number | undefined => {
  const match = /^at\((\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})\)$/.exec(expression);
  return match?.[1] === undefined ? undefined : Date.parse(`${match[1]}Z`);
};

const functionByPhysicalName = (stage: string, arn: string) =>
  functionList.find((definition) => arn.endsWith(`:function:${physicalFunctionName(stage, definition.name)}`));

const invoke = async (functionId: keyof typeof functions, input: ScheduledInvocation): Promise<unknown> => {
  const handler = await loadFunctionHandler<ScheduledHandler>(functions[functionId]);
  return handler(input, { awsRequestId: randomUUID(), functionName: functions[functionId].name } as Context);
};

/**
 * Fire one schedule if it is due; true when fired. A schedule that disappears in the meantime
 * (its reservation was reconfirmed or cancelled, or another round fired it) is simply gone.
 */
const fireIfDue = async (
  client: SchedulerClient,
  stage: string,
  groupName: string,
  name: string,
  nowMs: number,
  log: (line: string) => void,
): Promise<boolean> => {
  let schedule;
  try {
    schedule = await client.send(new GetScheduleCommand({ GroupName: groupName, Name: name }));
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return false;
    throw error;
  }
  const dueMs = atExpressionTime(schedule.ScheduleExpression ?? '');
  if (dueMs === undefined || dueMs > nowMs || schedule.Target?.Arn === undefined) return false;
  const definition = functionByPhysicalName(stage, schedule.Target.Arn);
  const functionId = (Object.keys(functions) as (keyof typeof functions)[]).find((id) => functions[id] === definition);
  if (functionId === undefined) {
    log(`schedule ${name} targets an unknown function ${schedule.Target.Arn}`);
    return false;
  }
  await invoke(functionId, JSON.parse(schedule.Target.Input ?? '{}') as ScheduledInvocation);
  try {
    await client.send(new DeleteScheduleCommand({ GroupName: groupName, Name: name }));
  } catch (error) {
    if (!(error instanceof ResourceNotFoundException)) throw error;
  }
  log(`one-time schedule ${name} fired ${functions[functionId].name}`);
  return true;
};

/** Fire every one-time schedule due at `nowMs`; returns the names fired. */
export const fireDueOneTimeSchedules = async (
  client: SchedulerClient,
  stage: string,
  nowMs: number,
  log: (line: string) => void,
): Promise<string[]> => {
  const groupName = oneTimeScheduleGroup.name(stage);
  const fired: string[] = [];
  let nextToken: string | undefined;
  for (let page = 0; page < LIST_PAGES_MAX; page += 1) {
    const listed = await client.send(
      new ListSchedulesCommand({
        GroupName: groupName,
        MaxResults: LIST_PAGE_SIZE,
        ...(nextToken ? { NextToken: nextToken } : {}),
      }),
    );
    for (const summary of listed.Schedules ?? []) {
      if (summary.Name === undefined) continue;
      try {
        if (await fireIfDue(client, stage, groupName, summary.Name, nowMs, log)) fired.push(summary.Name);
      } catch (error) {
        // As with the real scheduler's retry policy, it stays and fires again next round.
        log(`one-time schedule ${summary.Name} failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    nextToken = listed.NextToken;
    if (nextToken === undefined) break;
  }
  return fired;
};

/**
 * The longest local rate: `setInterval` takes at most 2^31 - 1 ms (about 24.8 days) and fires
 * every millisecond beyond that.
 */
export const LOCAL_RATE_SECONDS_MAX = Math.floor((2 ** 31 - 1) / 1000);

/** A `cron(...)` expression (cron.ts); unset is `defaultExpression`. */
const cronField =
  (defaultExpression: string): Field<CronSchedule> =>
  (raw) => {
    try {
      return { ok: true, value: parseCron(raw ?? defaultExpression) };
    } catch (error) {
      if (!(error instanceof CronExpressionError)) throw error;
      return { ok: false, problems: [error.message] };
    }
  };

/** The schedules' local settings, read once from the environment. */
export interface LocalScheduleSettings {
  /** A periodic schedule's rate: `KIPPU_SCHEDULE_<ID>_SECONDS` or its declared default. */
  rateSeconds(schedule: PeriodicScheduleDefinition): number;
  /** A cron schedule's expression: `KIPPU_SCHEDULE_<ID>_CRON` or its declared default. */
  cron(schedule: CronScheduleDefinition): CronSchedule;
}

/**
 * Every schedule variable checked at once, as the functions' configuration is (shared/config):
 * a rate that is not a positive number of seconds (up to LOCAL_RATE_SECONDS_MAX) or an
 * expression that is not a supported `cron(...)` is a ConfigError naming each variable, never
 * the default in its place.
 */
export const localScheduleSettings = (
  env: NodeJS.ProcessEnv = process.env,
  periodic: readonly PeriodicScheduleDefinition[] = periodicSchedules,
  calendar: readonly CronScheduleDefinition[] = cronSchedules,
): LocalScheduleSettings => {
  const rates = parseEnvironment(
    Object.fromEntries(
      periodic.map((schedule) => [
        scheduleRateEnvVar(schedule),
        number(schedule.defaultRateSeconds, { above: 0, atMost: LOCAL_RATE_SECONDS_MAX }),
      ]),
    ),
    env,
  );
  const crons = parseEnvironment(
    Object.fromEntries(calendar.map((schedule) => [scheduleCronEnvVar(schedule), cronField(schedule.defaultCron)])),
    env,
  );
  if (!rates.ok || !crons.ok) {
    const problems = [...(rates.ok ? [] : rates.problems), ...(crons.ok ? [] : crons.problems)];
    throw new ConfigError(`invalid configuration: ${problems.join('; ')}`);
  }
  return {
    rateSeconds: (schedule) => rates.values[scheduleRateEnvVar(schedule)] ?? schedule.defaultRateSeconds,
    cron: (schedule) => crons.values[scheduleCronEnvVar(schedule)] ?? parseCron(schedule.defaultCron),
  };
};

/** A cron schedule's expression: the local override or the declared default (a ConfigError naming a bad override). */
export const localCron = (schedule: CronScheduleDefinition, env: NodeJS.ProcessEnv = process.env): CronSchedule =>
  localScheduleSettings(env, [], [schedule]).cron(schedule);

/**
 * Fires a cron schedule once if the clock passed one of its times after `afterMs` (however
 * many it passed: the local test clock can jump a month), with that time as
 * `detail.scheduledTime`, as EventBridge Scheduler's `<aws.scheduler.scheduled-time>` does.
 * Returns the time it fired for.
 */
export const fireDueCronSchedule = async (
  schedule: CronScheduleDefinition,
  cron: CronSchedule,
  afterMs: number,
  nowMs: number,
): Promise<number | undefined> => {
  const dueMs = latestCronTime(cron, afterMs, nowMs);
  if (dueMs === undefined) return undefined;
  await invoke(schedule.functionId, {
    source: 'kippu.schedule',
    scheduleId: schedule.id,
    detail: { scheduledTime: new Date(dueMs).toISOString() },
  });
  return dueMs;
};

export interface LocalScheduler {
  stop(): void;
}

/** One run of a periodic schedule; a failure is logged, and the next run comes at its rate. */
const firePeriodicSchedule = (schedule: (typeof periodicSchedules)[number], log: (line: string) => void): Promise<void> =>
  invoke(schedule.functionId, { source: 'kippu.schedule', scheduleId: schedule.id }).then(
    () => undefined,
    (error: unknown) => log(`schedule ${schedule.id}: ${error instanceof Error ? error.message : String(error)}`),
  );

/**
 * One run of a periodic schedule now, its failure thrown: for tests that move the local test
 * clock and then let the schedules run, without waiting for their rates.
 */
export const runPeriodicSchedule = async (scheduleId: string): Promise<void> => {
  const schedule = periodicSchedules.find((each) => each.id === scheduleId);
  if (schedule === undefined) throw new Error(`no periodic schedule ${scheduleId}`);
  await invoke(schedule.functionId, { source: 'kippu.schedule', scheduleId: schedule.id });
};

/**
 * Starts the schedules. Every periodic schedule runs once before this resolves, as a deployed
 * stack's schedules have run before its first requests: so the signing keys of the current
 * and the next window exist (and are in the JWK Set) before the first document is signed, and
 * what fell due while kippu was stopped is swept at once. Then each runs at its rate.
 */
export const startScheduler = async (options: {
  stage: string;
  clock: Clock;
  log: (line: string) => void;
}): Promise<LocalScheduler> => {
  // Before anything runs: a bad rate or cron expression stops the start, naming its variable.
  const settings = localScheduleSettings(process.env);
  // One after another: in this one process the functions share a logger, whose function_name is the latest invocation's.
  for (const schedule of periodicSchedules) await firePeriodicSchedule(schedule, options.log);
  const timers: NodeJS.Timeout[] = [];
  for (const schedule of periodicSchedules) {
    const rateSeconds = settings.rateSeconds(schedule);
    let busy = false;
    timers.push(
      setInterval(() => {
        if (busy) return;
        busy = true;
        void firePeriodicSchedule(schedule, options.log).finally(() => (busy = false));
      }, rateSeconds * 1000),
    );
  }
  for (const schedule of cronSchedules) {
    const cron = settings.cron(schedule);
    let checkedUpToMs = options.clock.now();
    let busy = false;
    timers.push(
      setInterval(() => {
        if (busy) return;
        busy = true;
        const nowMs = options.clock.now();
        fireDueCronSchedule(schedule, cron, checkedUpToMs, nowMs)
          .then((firedMs) => {
            if (firedMs !== undefined) options.log(`cron schedule ${schedule.id} fired for ${new Date(firedMs).toISOString()}`);
          })
          .catch((error: unknown) =>
            options.log(`schedule ${schedule.id}: ${error instanceof Error ? error.message : String(error)}`),
          )
          .finally(() => {
            // Like EventBridge after its retries: a failed firing is not repeated by the next look.
            checkedUpToMs = nowMs;
            busy = false;
          });
      }, CRON_POLL_MS),
    );
  }
  const client = new SchedulerClient({});
  let busy = false;
  timers.push(
    setInterval(() => {
      if (busy) return;
      busy = true;
      fireDueOneTimeSchedules(client, options.stage, options.clock.now(), options.log)
        .catch((error: unknown) => options.log(`one-time schedules: ${error instanceof Error ? error.message : String(error)}`))
        .finally(() => (busy = false));
    }, ONE_TIME_POLL_MS),
  );
  return {
    stop: () => {
      for (const timer of timers) clearInterval(timer);
      client.destroy();
    },
  };
};
