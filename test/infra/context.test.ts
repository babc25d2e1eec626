import { App } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_STAGE,
  contextSettings,
  scheduleCronContextKey,
  scheduleRateContextKey,
} from '../../infra/constructs/kippu-stacks';
import { rateExpression, scheduleRateMinutes } from '../../infra/constructs/kippu-schedules';
import type { CronScheduleDefinition, PeriodicScheduleDefinition } from '../../shared/resources/schedules';

describe('CDK context settings', () => {
  it('defaults the stage to dev and lists to their defaults', () => {
    const settings = contextSettings(new App());
    expect(settings.stage).toBe(DEFAULT_STAGE);
    expect(settings.ticketVerifyKeyArns).toEqual([]);
    expect(settings.ticketRetiredPublicKeys).toEqual([]);
    expect(settings.authDomainPrefix).toBeUndefined();
  });

  it('reads a stage and comma-separated lists given with -c', () => {
    const app = new App({
      context: {
        stage: 'prod',
        ticketVerifyKeyArns: 'arn:a, arn:b',
        ticketRetiredPublicKeys: 'MFkw1, MFkw2',
        customerCallbackUrls: 'https://app.example/cb',
      },
    });
    expect(contextSettings(app)).toEqual({
      stage: 'prod',
      ticketVerifyKeyArns: ['arn:a', 'arn:b'],
      ticketRetiredPublicKeys: ['MFkw1', 'MFkw2'],
      customerCallbackUrls: ['https://app.example/cb'],
      scheduleRateSeconds: {},
      waf: true,
      mailFromAddress: 'no-reply@example.com',
      mailSenderIdentity: 'no-reply@example.com',
      scheduleCron: {},
      logEnvironment: {},
    });
  });

  it('passes logLevel and logDebugSampleRate to the functions as their logging variables, and refuses bad ones', () => {
    const app = new App({ context: { logLevel: 'debug', logDebugSampleRate: '0.05' } });
    expect(contextSettings(app).logEnvironment).toEqual({ KIPPU_LOG_LEVEL: 'debug', KIPPU_LOG_DEBUG_SAMPLE_RATE: '0.05' });
    expect(() => contextSettings(new App({ context: { logLevel: 'loud' } }))).toThrow(/logLevel/);
    expect(() => contextSettings(new App({ context: { logDebugSampleRate: 2 } }))).toThrow(/logDebugSampleRate/);
  });

  it('subscribes no alarm e-mail unless one is given, and trims the one given', () => {
    expect(contextSettings(new App()).alarmEmail).toBeUndefined();
    expect(contextSettings(new App({ context: { alarmEmail: '' } })).alarmEmail).toBeUndefined();
    expect(contextSettings(new App({ context: { alarmEmail: ' ops@example.com ' } })).alarmEmail).toBe('ops@example.com');
  });

  it.each(['ops', 'ops@example', 'a@b.c,d@e.f'])('refuses the alarm e-mail %j', (alarmEmail) => {
    expect(() => contextSettings(new App({ context: { alarmEmail } }))).toThrow(/alarmEmail/);
  });

  it.each([
    [undefined, true],
    ['false', false],
    [false, false],
    ['true', true],
  ] as const)('reads the waf switch %j as %j', (waf, expected) => {
    const app = new App(waf === undefined ? {} : { context: { waf } });
    expect(contextSettings(app).waf).toBe(expected);
  });

  it('refuses a waf switch that is neither true nor false', () => {
    expect(() => contextSettings(new App({ context: { waf: 'off' } }))).toThrow(/waf/);
  });

  it('reads the sender address and its verified identity, and refuses an identity the address is not of', () => {
    const context = { mailFromAddress: 'tickets@kippu.example', mailSenderIdentity: 'kippu.example' };
    expect(contextSettings(new App({ context }))).toMatchObject(context);
    expect(() => contextSettings(new App({ context: { ...context, mailSenderIdentity: 'other.example' } }))).toThrow(
      /mailSenderIdentity/,
    );
    expect(() => contextSettings(new App({ context: { mailFromAddress: 'not an address' } }))).toThrow(/mailFromAddress/);
  });

  it("refuses a context key kippu does not read (a misspelling), naming it, and lets CDK's own keys pass", () => {
    // Prepare
    const cdkKeys = { '@aws-cdk/core:checkSecretUsage': true, 'aws:cdk:bundling-stacks': [], 'availability-zones:a=1': [] };

    // Act
    const misspelt = () => contextSettings(new App({ context: { ...cdkKeys, scheduleNopeSeconds: '60' } }));
    const lowerCase = () => contextSettings(new App({ context: { alarmemail: 'ops@example.com' } }));

    // Assess
    expect(misspelt).toThrow(/^context scheduleNopeSeconds: not a context value kippu reads .*scheduleLedgerExpirySweepSeconds/);
    expect(lowerCase).toThrow(/^context alarmemail: .*alarmEmail/);
    expect(contextSettings(new App({ context: { ...cdkKeys, stage: 'prod' } })).stage).toBe('prod');
  });

  it('refuses a stage that cannot be part of a resource name', () => {
    expect(() => contextSettings(new App({ context: { stage: 'Prod_1' } }))).toThrow(/stage/);
  });
});

describe('schedule rates from context', () => {
  const sweep: PeriodicScheduleDefinition = {
    id: 'ledgerExpirySweep',
    functionId: 'ledgerExpire',
    description: 'test',
    defaultRateSeconds: 60,
  };

  it('names the context value after the schedule id', () => {
    expect(scheduleRateContextKey(sweep)).toBe('scheduleLedgerExpirySweepSeconds');
  });

  it('reads a rate given with -c as a string, and one from cdk.json as a number', () => {
    const fromCommandLine = new App({ context: { scheduleLedgerExpirySweepSeconds: '30' } });
    const fromCdkJson = new App({ context: { scheduleLedgerExpirySweepSeconds: 120 } });
    expect(contextSettings(fromCommandLine, [sweep]).scheduleRateSeconds).toEqual({ ledgerExpirySweep: 30 });
    expect(contextSettings(fromCdkJson, [sweep]).scheduleRateSeconds).toEqual({ ledgerExpirySweep: 120 });
  });

  it('leaves a schedule without a context value to its default', () => {
    expect(contextSettings(new App(), [sweep]).scheduleRateSeconds).toEqual({});
  });

  it.each(['0', '-5', 'soon', '', '0x78', ' 120 ', '120 ', '1.2e2', '+120', '.5', Number.NaN, 1.2e21, true])(
    'refuses the rate %j (plain decimal digits above 0 only, as KIPPU_SCHEDULE_<ID>_SECONDS)',
    (value) => {
      const app = new App({ context: { scheduleLedgerExpirySweepSeconds: value } });
      expect(() => contextSettings(app, [sweep])).toThrow(/scheduleLedgerExpirySweepSeconds/);
    },
  );

  it.each([
    ['120', 120],
    ['120.5', 120.5],
    [90, 90],
  ])('reads the rate %j as the local variable does', (value, seconds) => {
    const app = new App({ context: { scheduleLedgerExpirySweepSeconds: value } });
    expect(contextSettings(app, [sweep]).scheduleRateSeconds).toEqual({ ledgerExpirySweep: seconds });
  });

  it.each([
    [1, 'rate(1 minute)'],
    [30, 'rate(1 minute)'],
    [60, 'rate(1 minute)'],
    [61, 'rate(2 minutes)'],
    [90, 'rate(2 minutes)'],
    [3600, 'rate(60 minutes)'],
  ])('turns %i seconds into %s (whole minutes, rounded up, at least one)', (seconds, expression) => {
    expect(rateExpression(scheduleRateMinutes(seconds))).toBe(expression);
  });
});

describe('cron expressions from context', () => {
  const monthly: CronScheduleDefinition = {
    id: 'billingMonthly',
    functionId: 'billingRunSchedule',
    description: 'test',
    defaultCron: 'cron(0 2 1 * ? *)',
  };

  it('names the context value after the schedule id and reads it', () => {
    expect(scheduleCronContextKey(monthly)).toBe('scheduleBillingMonthlyCron');
    const app = new App({ context: { scheduleBillingMonthlyCron: 'cron(30 3 2 * ? *)' } });
    expect(contextSettings(app, [], [monthly]).scheduleCron).toEqual({ billingMonthly: 'cron(30 3 2 * ? *)' });
  });

  it('leaves a schedule without a context value to its default', () => {
    expect(contextSettings(new App(), [], [monthly]).scheduleCron).toEqual({});
  });

  it.each(['every-day', 'cron(0 2 1 * * *)', 'cron(0 2 L * ? *)', 42])(
    'refuses the cron expression %j, naming the context key',
    (value) => {
      const app = new App({ context: { scheduleBillingMonthlyCron: value } });
      expect(() => contextSettings(app, [], [monthly])).toThrow(
        /^context scheduleBillingMonthlyCron must be a cron\(\.\.\.\) expression/,
      );
    },
  );
});
