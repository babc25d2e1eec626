import { describe, expect, it } from 'vitest';
import { alarmTopicName } from '../../../infra/constructs/alarm-topic';
import {
  API_LATENCY_P99_MILLISECONDS_MAX,
  API_SERVER_ERROR_RATE_MAX,
  settlementAgeSecondsMax,
} from '../../../infra/constructs/kippu-alarms';
import { restApiName } from '../../../infra/constructs/kippu-api';
import { dataKey } from '../../../shared/resources/keys';
import { METRICS_NAMESPACE, METRICS_SERVICE, metricList, metrics } from '../../../shared/resources/metrics';
import { periodicSchedules } from '../../../shared/resources/schedules';
import { ALARM_EMAIL, logicalIdOf, mentions, resourcesOf, synthesizeKippu, templatesOf, type TemplateResource } from '../fixture';
import { describeAlarmActions } from './alarm-actions';

const fixture = synthesizeKippu();
const stage = fixture.settings.stage;
const topicId = logicalIdOf(fixture.stateful.alarmTopic);

describeAlarmActions('declared resources', fixture);

const alarmsByName = new Map(
  templatesOf(fixture).flatMap(([, template]) =>
    Object.values(resourcesOf(template, 'AWS::CloudWatch::Alarm')).map(
      (alarm) => [String(alarm.Properties?.['AlarmName']), alarm.Properties ?? {}] as const,
    ),
  ),
);
const alarmNamed = (name: string): Record<string, unknown> => {
  const alarm = alarmsByName.get(name);
  if (alarm === undefined) throw new Error(`no alarm ${name}; there are ${[...alarmsByName.keys()].join(', ')}`);
  return alarm;
};
const dimensionsOf = (alarm: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries((alarm['Dimensions'] as { Name: string; Value: unknown }[]).map(({ Name, Value }) => [Name, Value]));

describe('the alarm topic', () => {
  const [topic] = Object.values(resourcesOf(fixture.statefulTemplate, 'AWS::SNS::Topic'));
  const policies = Object.values(resourcesOf(fixture.statefulTemplate, 'AWS::SNS::TopicPolicy'));
  const statements = policies.flatMap(
    (policy) => (policy.Properties?.['PolicyDocument'] as { Statement: Record<string, unknown>[] }).Statement,
  );

  it('is encrypted with the data key', () => {
    expect(topic?.Properties?.['TopicName']).toBe(alarmTopicName(stage));
    const dataKeyResource = fixture.stateful.keys.get(dataKey.id);
    if (dataKeyResource === undefined) throw new Error('no data key');
    expect(mentions(topic?.Properties?.['KmsMasterKeyId'], logicalIdOf(dataKeyResource))).toBe(true);
  });

  it('refuses publishing without TLS and lets CloudWatch publish only for alarms of this account and stage', () => {
    expect(statements).toContainEqual(
      expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
    );
    const cloudWatch = statements.find((statement) => statement['Sid'] === 'CloudWatchAlarmsOfThisStage');
    expect(cloudWatch?.['Principal']).toEqual({ Service: 'cloudwatch.amazonaws.com' });
    expect(JSON.stringify(cloudWatch?.['Condition'])).toContain(`:alarm:kippu-${stage}-*`);
  });

  it('lets CloudWatch use the data key for the encrypted topic', () => {
    const [key] = Object.values(resourcesOf(fixture.statefulTemplate, 'AWS::KMS::Key')).filter(
      (resource) => resource.Properties?.['KeyUsage'] === 'ENCRYPT_DECRYPT',
    );
    const keyStatements = (key?.Properties?.['KeyPolicy'] as { Statement: Record<string, unknown>[] }).Statement;
    expect(keyStatements).toContainEqual(
      expect.objectContaining({
        Principal: { Service: 'cloudwatch.amazonaws.com' },
        Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      }),
    );
  });

  it('subscribes the alarmEmail context address', () => {
    fixture.statefulTemplate.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: ALARM_EMAIL,
      TopicArn: { Ref: topicId },
    });
  });
});

describe('alarms on the API and on what kippu measures itself', () => {
  it('alarms on the share of 5xx answers and on the p99 latency of the API', () => {
    const byApiName = [{ Name: 'ApiName', Value: restApiName(stage) }];
    expect(alarmNamed(`kippu-${stage}-api-5xx`)).toMatchObject({
      Namespace: 'AWS/ApiGateway',
      MetricName: '5XXError',
      Dimensions: byApiName,
      Statistic: 'Average',
      Threshold: API_SERVER_ERROR_RATE_MAX,
    });
    expect(alarmNamed(`kippu-${stage}-api-latency-p99`)).toMatchObject({
      Namespace: 'AWS/ApiGateway',
      MetricName: 'Latency',
      Dimensions: byApiName,
      ExtendedStatistic: 'p99',
      Threshold: API_LATENCY_P99_MILLISECONDS_MAX,
      EvaluationPeriods: 3,
      DatapointsToAlarm: 2,
    });
    expect(resourcesOf(fixture.statelessTemplate, 'AWS::ApiGateway::RestApi')).toEqual({
      [logicalIdOf(fixture.stateless.api.restApi)]: expect.objectContaining({
        Properties: expect.objectContaining({ Name: restApiName(stage) }) as unknown,
      }) as unknown,
    });
  });

  it('alarms on the settlement age through the declared metric, above what settlement and its recovery take', () => {
    const alarm = alarmNamed(`kippu-${stage}-settlement-age`);
    const recovery = periodicSchedules.find((schedule) => schedule.functionId === 'purchaseRecover');
    expect(recovery).toBeDefined();
    expect(alarm).toMatchObject({
      Namespace: METRICS_NAMESPACE,
      MetricName: metrics.oldestAuthorizedPurchaseAge.name,
      Statistic: 'Maximum',
      Threshold: settlementAgeSecondsMax(Math.ceil((recovery?.defaultRateSeconds ?? 0) / 60)),
    });
    expect(dimensionsOf(alarm)).toEqual({ service: METRICS_SERVICE, stage });
  });

  // The sweepers among the schedule targets (the signing key rotation sweeps no due index).
  const sweepers = periodicSchedules.filter((schedule) =>
    (metrics.sweeperDueItemsLeft.emittedBy as readonly string[]).includes(schedule.functionId),
  );
  it.each(sweepers.map((schedule) => [schedule.id] as const))(
    'alarms on the backlog of the %s sweeper through the declared metric',
    (scheduleId) => {
      const alarm = [...alarmsByName.values()].find(
        (candidate) =>
          candidate['MetricName'] === metrics.sweeperDueItemsLeft.name && dimensionsOf(candidate)['sweeper'] === scheduleId,
      );
      expect(alarm).toMatchObject({ Namespace: METRICS_NAMESPACE, Statistic: 'Minimum', Threshold: 0 });
      expect(dimensionsOf(alarm ?? {})).toEqual({ service: METRICS_SERVICE, stage, sweeper: scheduleId });
    },
  );

  it('alarms on a due ledger hold the expiry sweeper could not expire, through the declared metric', () => {
    const alarm = alarmNamed(`kippu-${stage}-ledger-holds-not-expired`);
    expect(alarm).toMatchObject({
      Namespace: METRICS_NAMESPACE,
      MetricName: metrics.ledgerHoldsNotExpired.name,
      Statistic: 'Sum',
      Threshold: 0,
    });
    expect(dimensionsOf(alarm)).toEqual({ service: METRICS_SERVICE, stage });
  });

  it('alarms on a stranded purchase whose missing ticket the recovery could not issue, through the declared metric', () => {
    const alarm = alarmNamed(`kippu-${stage}-purchase-ticket-unissuable`);
    expect(alarm).toMatchObject({
      Namespace: METRICS_NAMESPACE,
      MetricName: metrics.purchaseTicketUnissuable.name,
      Statistic: 'Sum',
      Threshold: 0,
    });
    expect(dimensionsOf(alarm)).toEqual({ service: METRICS_SERVICE, stage });
  });

  it('alarms on a payout or collection billing withheld (the ledger refused it), through the declared metric', () => {
    const alarm = alarmNamed(`kippu-${stage}-billing-settlements-withheld`);
    expect(alarm).toMatchObject({
      Namespace: METRICS_NAMESPACE,
      MetricName: metrics.billingSettlementsWithheld.name,
      Statistic: 'Sum',
      Threshold: 0,
    });
    expect(dimensionsOf(alarm)).toEqual({ service: METRICS_SERVICE, stage });
  });

  it('alarms on KMS throttling (kippu counts it) and on the account nearing its KMS ECC request quota', () => {
    expect(alarmNamed(`kippu-${stage}-kms-throttles`)).toMatchObject({
      Namespace: METRICS_NAMESPACE,
      MetricName: metrics.kmsThrottles.name,
      Statistic: 'Sum',
      Threshold: 0,
    });
    const quota = JSON.stringify(alarmNamed(`kippu-${stage}-kms-ecc-quota`)['Metrics']);
    expect(quota).toContain('SERVICE_QUOTA(calls)');
    expect(quota).toContain('CryptographicOperationsEcc');
    expect(quota).toContain('AWS/Usage');
  });

  it('alarms on the depth of every dead-letter queue', () => {
    for (const name of fixture.stateful.deadLetterQueueNames) expect(alarmsByName.has(`${name}-not-empty`)).toBe(true);
  });
});

describe('the dashboard', () => {
  const dashboards = templatesOf(fixture).flatMap(([, template]) =>
    Object.values(resourcesOf(template, 'AWS::CloudWatch::Dashboard')),
  );
  const body = (dashboard: TemplateResource | undefined): string => JSON.stringify(dashboard?.Properties?.['DashboardBody']);

  it('exists once, named after the stage, in the monitoring stack', () => {
    expect(dashboards).toHaveLength(1);
    expect(dashboards[0]?.Properties?.['DashboardName']).toBe(`kippu-${stage}`);
    expect(Object.keys(resourcesOf(fixture.monitoringTemplate, 'AWS::CloudWatch::Dashboard'))).toHaveLength(1);
  });

  it.each(metricList.map((metric) => [metric.name] as const))('draws the declared metric %s', (metricName) => {
    expect(body(dashboards[0])).toContain(metricName);
  });

  it('draws the API by its name and the web ACL by its name', () => {
    expect(body(dashboards[0])).toContain(`\\"ApiName\\",\\"${restApiName(stage)}\\"`);
    expect(body(dashboards[0])).toContain(`\\"WebACL\\",\\"kippu-${stage}-api\\"`);
  });

  it('shows the state of every alarm of every stack', () => {
    for (const name of alarmsByName.keys()) expect(body(dashboards[0])).toContain(`:alarm:${name}\\"`);
  });
});
