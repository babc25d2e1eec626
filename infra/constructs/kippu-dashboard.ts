import { Duration, Stack } from 'aws-cdk-lib';
import {
  Alarm,
  AlarmStatusWidget,
  Dashboard,
  GraphWidget,
  TextWidget,
  type CfnAlarm,
  type IMetric,
  type IWidget,
} from 'aws-cdk-lib/aws-cloudwatch';
import { Construct, type IConstruct } from 'constructs';
import { metrics, type MetricDefinition } from '../../shared/resources/metrics';
import { apiMetric, awsMetric, kippuMetric, kippuMetricSearch } from './kippu-metrics';

/** CloudWatch draws at most this many alarms in one alarm status widget. */
const ALARMS_PER_WIDGET_MAX = 100;
const PERIOD = Duration.minutes(5);
const FULL_WIDTH = 24;
const HALF_WIDTH = 12;
const GRAPH_HEIGHT = 6;

/** The physical names of every CloudWatch alarm under a construct (all kippu alarms are named). */
export const alarmNamesUnder = (scope: IConstruct): string[] =>
  scope.node
    .findAll()
    .filter((construct): construct is Alarm => construct instanceof Alarm)
    .map((alarm) => {
      const name: unknown = Stack.of(alarm).resolve((alarm.node.defaultChild as CfnAlarm).alarmName);
      if (typeof name !== 'string') throw new Error(`alarm ${alarm.node.path} has no fixed name`);
      return name;
    });

export interface KippuDashboardProps {
  readonly stage: string;
  /** The REST API's name, the ApiName dimension of its metrics. */
  readonly apiName: string;
  /** The web ACL's name, when the API has one. */
  readonly webAclName?: string;
  /** Every alarm of the stage, in every stack. */
  readonly alarmNames: readonly string[];
  /** The dead-letter queues by physical name (the declared queues' and the scheduler's). */
  readonly deadLetterQueueNames: readonly string[];
}

/** The widget builders of one stage's dashboard. */
const widgetsOf = (stage: string) => {
  const one = (definition: MetricDefinition, label: string, statistic = 'Sum'): IMetric =>
    kippuMetric(definition, stage, {}, { statistic, period: PERIOD, label });
  const everySeries = (definition: MetricDefinition, statistic = 'Sum'): IMetric =>
    kippuMetricSearch(definition, stage, { statistic, period: PERIOD });
  const graph = (title: string, left: IMetric[], right: IMetric[] = [], width = HALF_WIDTH): GraphWidget =>
    new GraphWidget({ title, left, right, width, height: GRAPH_HEIGHT, period: PERIOD });
  /** Counters of one flow, one line each. */
  const counts = (title: string, series: readonly (readonly [MetricDefinition, string])[]): GraphWidget =>
    graph(
      title,
      series.map(([definition, label]) => one(definition, label)),
    );
  return { one, everySeries, graph, counts };
};

/** The state of every alarm, in widgets of at most ALARMS_PER_WIDGET_MAX. */
const alarmStatusWidgets = (scope: Construct, alarmNames: readonly string[]): IWidget[] => {
  const alarms = [...alarmNames].sort().map((name, index) => Alarm.fromAlarmName(scope, `Alarm${index}`, name));
  const widgets: IWidget[] = [];
  for (let start = 0; start < alarms.length; start += ALARMS_PER_WIDGET_MAX) {
    widgets.push(
      new AlarmStatusWidget({
        title: alarms.length > ALARMS_PER_WIDGET_MAX ? `Alarms (${start / ALARMS_PER_WIDGET_MAX + 1})` : 'Alarms',
        alarms: alarms.slice(start, start + ALARMS_PER_WIDGET_MAX),
        width: FULL_WIDTH,
        height: GRAPH_HEIGHT,
      }),
    );
  }
  return widgets;
};

/** The API's metrics, by its name (the API is in another stack). */
const apiMetrics = (apiName: string) => {
  const api = (metricName: string, statistic: string, label: string): IMetric =>
    apiMetric(apiName, metricName, { period: PERIOD, statistic, label });
  return {
    requests: api('Count', 'Sum', 'requests'),
    serverErrorShare: api('5XXError', 'Average', '5xx share'),
    clientErrorShare: api('4XXError', 'Average', '4xx share'),
    latency: [api('Latency', 'p50', 'p50'), api('Latency', 'p99', 'p99')],
  };
};

const wafBlockedRequests = (webAclName: string, region: string): IMetric =>
  awsMetric(
    'AWS/WAFV2',
    'BlockedRequests',
    { WebACL: webAclName, Region: region, Rule: 'ALL' },
    { statistic: 'Sum', period: PERIOD, label: 'blocked by WAF' },
  );

const deadLetterDepth = (queueName: string): IMetric =>
  awsMetric(
    'AWS/SQS',
    'ApproximateNumberOfMessagesVisible',
    { QueueName: queueName },
    { statistic: 'Maximum', period: PERIOD, label: queueName },
  );

/**
 * One CloudWatch dashboard per stage, `kippu-<stage>`: the state of every alarm, then the
 * business metrics of shared/resources/metrics.ts (every declared metric is on it), then the
 * API, KMS and the dead-letter queues. Metrics with open dimension values (currencies, ticket
 * kinds, refusal codes, sweepers, queues) are drawn with SEARCH, one line per value that has data.
 */
export class KippuDashboard extends Construct {
  readonly dashboard: Dashboard;

  constructor(scope: Construct, id: string, props: KippuDashboardProps) {
    super(scope, id);
    const { stage } = props;
    const { one, everySeries, graph, counts } = widgetsOf(stage);
    const api = apiMetrics(props.apiName);
    const waf = props.webAclName === undefined ? [] : [wafBlockedRequests(props.webAclName, Stack.of(this).region)];

    this.dashboard = new Dashboard(this, 'Dashboard', {
      dashboardName: `kippu-${stage}`,
      defaultInterval: Duration.hours(3),
      widgets: [
        [
          new TextWidget({
            markdown: `# kippu ${stage}\nEvery alarm below notifies the SNS topic kippu-${stage}-alarms. What each alarm means and what to do: docs/operations.md.`,
            width: FULL_WIDTH,
            height: 2,
          }),
        ],
        alarmStatusWidgets(this, props.alarmNames),
        [
          graph('Tickets issued, by kind', [everySeries(metrics.ticketsIssued)]),
          counts('Purchases', [
            [metrics.purchasesAuthorized, 'authorized'],
            [metrics.purchasesSettled, 'settled'],
            [metrics.purchasesRejected, 'rejected'],
            [metrics.purchasesRefunded, 'refunded'],
          ]),
        ],
        [
          graph('Amounts held (minor units), by currency', [everySeries(metrics.amountHeldMinor)]),
          graph('Amounts posted (minor units), by currency', [everySeries(metrics.amountPostedMinor)]),
        ],
        [
          graph(
            'Settlement latency (ms) and oldest authorized purchase (s)',
            [one(metrics.settlementLatency, 'latency p50', 'p50'), one(metrics.settlementLatency, 'latency p99', 'p99')],
            [one(metrics.oldestAuthorizedPurchaseAge, 'oldest authorized', 'Maximum')],
          ),
          counts('Reservations', [
            [metrics.reservationsBooked, 'booked'],
            [metrics.reservationsConfirmed, 'confirmed'],
            [metrics.reservationsExpired, 'expired'],
            [metrics.reservationsCompleted, 'completed'],
          ]),
        ],
        [
          counts('Redeems', [[metrics.redeems, 'redeemed']]),
          graph('Redeems refused, by code', [everySeries(metrics.redeemRefusals)]),
        ],
        [
          graph('Sweepers: due items read, by sweeper', [everySeries(metrics.sweeperItemsRead)]),
          graph('Sweepers: due items left, by sweeper', [everySeries(metrics.sweeperDueItemsLeft, 'Maximum')]),
        ],
        [
          counts('Ledger holds the expiry sweeper could not expire', [[metrics.ledgerHoldsNotExpired, 'not expired']]),
          counts('Purchase tickets the recovery could not issue', [[metrics.purchaseTicketUnissuable, 'unissuable']]),
          counts('Billing: payouts and collections withheld', [[metrics.billingSettlementsWithheld, 'withheld']]),
        ],
        [
          graph(
            'Dead letters: arrivals by queue, and queue depth',
            [everySeries(metrics.deadLetterArrivals)],
            props.deadLetterQueueNames.map(deadLetterDepth),
          ),
          counts('KMS: throttled requests', [[metrics.kmsThrottles, 'throttled']]),
        ],
        [
          graph('API: requests, 5xx and 4xx share', [api.requests], [api.serverErrorShare, api.clientErrorShare]),
          graph('API: latency (ms)', api.latency),
        ],
        waf.length === 0 ? [] : [graph('WAF: blocked requests', waf)],
      ],
    });
  }
}
