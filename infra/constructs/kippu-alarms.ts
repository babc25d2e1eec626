import { Duration } from 'aws-cdk-lib';
import { Alarm, ComparisonOperator, MathExpression, Metric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { functions, type FunctionDefinition } from '../../shared/resources/functions';
import { PURCHASE_SETTLEMENT_GRACE_SECONDS_DEFAULT } from '../../shared/config/purchases';
import { metrics, type MetricDefinition } from '../../shared/resources/metrics';
import { settlementQueue } from '../../shared/resources/queues';
import { apiMetric, kippuMetric, lambdaMetric } from './kippu-metrics';

/** Sweeps that run every few minutes: a backlog is one that survived this many runs in a row. */
const SWEEPER_BACKLOG_RUNS = 3;
/** Share of the account's KMS ECC request quota (per second) above which kippu warns, in percent. */
const KMS_ECC_QUOTA_USAGE_PERCENT_MAX = 80;
const ONE_MINUTE = Duration.minutes(1);

/** The API alarms look at five-minute periods: a rate and a percentile need some requests. */
const API_ALARM_PERIOD = Duration.minutes(5);
/** Share of 5xx answers in a period above which the 5xx alarm fires (1%). */
export const API_SERVER_ERROR_RATE_MAX = 0.01;
/** p99 latency above which a period breaches: API functions time out at 10 s, normal answers take tens of ms. */
export const API_LATENCY_P99_MILLISECONDS_MAX = 2_000;
const API_LATENCY_EVALUATION_PERIODS = 3;
/** Two slow periods out of three, so that one burst of cold starts does not page anybody. */
const API_LATENCY_BREACHING_PERIODS = 2;

interface KippuAlarmProps {
  readonly alarmName: string;
  readonly alarmDescription: string;
  readonly metric: Metric | MathExpression;
  readonly threshold: number;
  /** Periods looked at, and how many of them must breach; one of one unless given. */
  readonly evaluationPeriods?: number;
  readonly datapointsToAlarm?: number;
}

/**
 * An alarm the way kippu sets them all: it fires when the metric goes above the threshold
 * (in one period unless told otherwise), and missing data never raises it.
 */
const kippuAlarm = (scope: Construct, id: string, props: KippuAlarmProps): Alarm =>
  new Alarm(scope, id, {
    ...props,
    comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
    evaluationPeriods: props.evaluationPeriods ?? 1,
    treatMissingData: TreatMissingData.NOT_BREACHING,
  });

/**
 * A function's two alarms, on its AWS/Lambda metrics by physical name (the function lives in
 * another stack): any error in a minute (handlers answer expected failures as 4xx, so an error
 * is a bug or an outage), and any throttled invocation in a minute.
 */
export class FunctionAlarms extends Construct {
  readonly errorsAlarm: Alarm;
  readonly throttlesAlarm: Alarm;

  constructor(scope: Construct, id: string, props: { readonly functionName: string }) {
    super(scope, id);
    const { functionName } = props;
    this.errorsAlarm = kippuAlarm(this, 'ErrorsAlarm', {
      alarmName: `${functionName}-errors`,
      alarmDescription: `${functionName} returned an error or crashed (any error is a bug or an outage).`,
      metric: lambdaMetric(functionName, 'Errors', { statistic: 'Sum', period: ONE_MINUTE }),
      threshold: 0,
    });
    this.throttlesAlarm = kippuAlarm(this, 'ThrottlesAlarm', {
      alarmName: `${functionName}-throttles`,
      alarmDescription: `${functionName} was throttled: the account or function concurrency limit was reached.`,
      metric: lambdaMetric(functionName, 'Throttles', { statistic: 'Sum', period: ONE_MINUTE }),
      threshold: 0,
    });
  }
}

/**
 * The API's alarms, on its AWS/ApiGateway metrics by API name: the share of 5xx answers
 * (5XXError is 0 or 1 per request, so its Average over a period is that share) and the p99
 * latency.
 */
export class ApiAlarms extends Construct {
  readonly serverErrorsAlarm: Alarm;
  readonly latencyAlarm: Alarm;

  constructor(scope: Construct, id: string, props: { readonly stage: string; readonly apiName: string }) {
    super(scope, id);
    this.serverErrorsAlarm = kippuAlarm(this, 'ServerErrorsAlarm', {
      alarmName: `kippu-${props.stage}-api-5xx`,
      alarmDescription: `More than ${API_SERVER_ERROR_RATE_MAX * 100}% of the API's answers in ${API_ALARM_PERIOD.toMinutes()} min were 5xx: a handler bug, a timeout or an integration failure.`,
      metric: apiMetric(props.apiName, '5XXError', { period: API_ALARM_PERIOD, statistic: 'Average' }),
      threshold: API_SERVER_ERROR_RATE_MAX,
    });
    this.latencyAlarm = kippuAlarm(this, 'LatencyAlarm', {
      alarmName: `kippu-${props.stage}-api-latency-p99`,
      alarmDescription: `The API's p99 latency was above ${API_LATENCY_P99_MILLISECONDS_MAX} ms in ${API_LATENCY_BREACHING_PERIODS} of ${API_LATENCY_EVALUATION_PERIODS} periods of ${API_ALARM_PERIOD.toMinutes()} min.`,
      metric: apiMetric(props.apiName, 'Latency', { period: API_ALARM_PERIOD, statistic: 'p99' }),
      threshold: API_LATENCY_P99_MILLISECONDS_MAX,
      evaluationPeriods: API_LATENCY_EVALUATION_PERIODS,
      datapointsToAlarm: API_LATENCY_BREACHING_PERIODS,
    });
  }
}

/** `ledgerExpirySweep` -> `ledger-expiry-sweep`, for alarm names. */
const kebab = (id: string): string => id.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();

export interface SweeperAlarmInput {
  /** The periodic schedule id, which is the `sweeper` dimension value. */
  readonly scheduleId: string;
  readonly functionName: string;
  readonly rateMinutes: number;
}

export interface ServiceAlarmsProps {
  readonly stage: string;
  readonly functionList: readonly FunctionDefinition[];
  readonly sweepers: readonly SweeperAlarmInput[];
  /** How often the settlement recovery sweep (the age metric's emitter) runs, when it is scheduled. */
  readonly settlementRecoveryRateMinutes?: number;
}

/**
 * How old the oldest authorized purchase may get: the recovery sweep re-enqueues a purchase
 * once it is older than the settlement grace, runs every `recoveryRateMinutes`, and the worker
 * then has up to maxReceiveCount × visibility timeout before the message is dead-lettered.
 * A purchase older than all of that together is stuck where no other alarm looks.
 */
export const settlementAgeSecondsMax = (recoveryRateMinutes: number): number =>
  PURCHASE_SETTLEMENT_GRACE_SECONDS_DEFAULT +
  recoveryRateMinutes * 60 +
  settlementQueue.maxReceiveCount * settlementQueue.visibilityTimeoutSeconds;

/**
 * Alarms on what kippu measures itself (shared/resources/metrics.ts), each built only when a
 * declared function emits its metric:
 * - settlement age: a purchase has waited for settlement longer than the worker, its retries
 *   and the recovery sweep together should ever take;
 * - sweeper backlog, per sweeper: due items were left over by every run in a row of
 *   SWEEPER_BACKLOG_RUNS (the Minimum of the runs' leftovers is above zero), so the sweeper
 *   falls behind instead of catching up;
 * - ledger holds not expired: the expiry sweeper found a due hold it could not expire;
 * - purchase ticket unissuable: the settlement recovery could not issue a stranded purchase's
 *   missing ticket, so the purchase is never settled and stays `authorized`;
 * - KMS throttles: KMS refused a request of kippu's (it publishes no throttle count itself);
 * - KMS ECC quota: the account's calls to ECC keys (ticket signing) use more than
 *   KMS_ECC_QUOTA_USAGE_PERCENT_MAX of the request quota, from AWS/Usage and the quota that
 *   Service Quotas reports (SERVICE_QUOTA), before any request is throttled.
 * Missing data is not breaching: a sweeper that stops running shows in its function's error
 * alarm and the scheduler dead-letter alarm instead.
 */
export class ServiceAlarms extends Construct {
  readonly alarms: Alarm[] = [];

  constructor(scope: Construct, id: string, props: ServiceAlarmsProps) {
    super(scope, id);
    const declaredNames = new Set(props.functionList.map((definition) => definition.name));
    const emitted = (definition: MetricDefinition): boolean =>
      definition.emittedBy.some((functionId) => declaredNames.has(functions[functionId].name));
    const prefix = `kippu-${props.stage}`;

    const recoveryRateMinutes = props.settlementRecoveryRateMinutes;
    if (emitted(metrics.oldestAuthorizedPurchaseAge) && recoveryRateMinutes !== undefined) {
      const ageSecondsMax = settlementAgeSecondsMax(recoveryRateMinutes);
      this.add('SettlementAgeAlarm', {
        alarmName: `${prefix}-settlement-age`,
        alarmDescription: `A purchase has been waiting for settlement for more than ${ageSecondsMax} s: settlement and its recovery are stuck.`,
        metric: kippuMetric(
          metrics.oldestAuthorizedPurchaseAge,
          props.stage,
          {},
          { statistic: 'Maximum', period: Duration.minutes(recoveryRateMinutes) },
        ),
        threshold: ageSecondsMax,
      });
    }

    if (emitted(metrics.sweeperDueItemsLeft)) {
      const emitters = new Set(metrics.sweeperDueItemsLeft.emittedBy.map((functionId) => functions[functionId].name));
      for (const sweeper of props.sweepers.filter((candidate) => emitters.has(candidate.functionName))) {
        const windowMinutes = SWEEPER_BACKLOG_RUNS * sweeper.rateMinutes;
        this.add(`SweeperBacklog${sweeper.scheduleId.charAt(0).toUpperCase()}${sweeper.scheduleId.slice(1)}Alarm`, {
          alarmName: `${prefix}-sweeper-backlog-${kebab(sweeper.scheduleId)}`,
          alarmDescription: `Every run of ${sweeper.functionName} (schedule ${sweeper.scheduleId}) in ${windowMinutes} min left due items behind: it is falling behind.`,
          metric: kippuMetric(
            metrics.sweeperDueItemsLeft,
            props.stage,
            { sweeper: sweeper.scheduleId },
            { statistic: 'Minimum', period: Duration.minutes(windowMinutes) },
          ),
          threshold: 0,
        });
      }
    }

    if (emitted(metrics.ledgerHoldsNotExpired)) {
      this.addAnyCount('LedgerHoldsNotExpiredAlarm', `${prefix}-ledger-holds-not-expired`, metrics.ledgerHoldsNotExpired, {
        stage: props.stage,
        description:
          'The ledger expiry sweeper could not expire a due hold (its expire id is taken by another transfer): the hold keeps its money held. Its id is in the sweeper log.',
      });
    }

    if (emitted(metrics.purchaseTicketUnissuable)) {
      this.addAnyCount(
        'PurchaseTicketUnissuableAlarm',
        `${prefix}-purchase-ticket-unissuable`,
        metrics.purchaseTicketUnissuable,
        {
          stage: props.stage,
          description:
            'The settlement recovery could not issue the missing ticket of a stranded purchase: it is not settled, its hold expires and nothing is charged, and the purchase stays authorized. Its id and the refusal code are in the purchase-recover log.',
        },
      );
    }

    if (emitted(metrics.billingSettlementsWithheld)) {
      this.addAnyCount(
        'BillingSettlementsWithheldAlarm',
        `${prefix}-billing-settlements-withheld`,
        metrics.billingSettlementsWithheld,
        {
          stage: props.stage,
          description:
            'Billing withheld a payout or collection the ledger refused (BALANCE_OVERFLOW: an account on statements at its bound): the statement says so and carries the amount to the next period. The statement id is in the billing-statement-worker log; docs/runbook.md says what to do.',
        },
      );
    }

    if (emitted(metrics.kmsThrottles)) this.addKmsAlarms(prefix, props.stage);
  }

  /** KMS throttles (kippu counts them) and the account's ECC request quota nearing its end. */
  private addKmsAlarms(prefix: string, stage: string): void {
    this.add('KmsThrottlesAlarm', {
      alarmName: `${prefix}-kms-throttles`,
      alarmDescription: 'KMS answered a request of kippu with ThrottlingException: a request rate quota is reached.',
      metric: kippuMetric(metrics.kmsThrottles, stage, {}, { statistic: 'Sum', period: ONE_MINUTE }),
      threshold: 0,
    });
    const eccCalls = new Metric({
      namespace: 'AWS/Usage',
      metricName: 'CallCount',
      dimensionsMap: { Service: 'KMS', Type: 'API', Resource: 'CryptographicOperationsEcc', Class: 'None' },
      statistic: 'Sum',
      period: ONE_MINUTE,
    });
    this.add('KmsEccQuotaAlarm', {
      alarmName: `${prefix}-kms-ecc-quota`,
      alarmDescription: `The account's requests to ECC KMS keys (ticket signing) use more than ${KMS_ECC_QUOTA_USAGE_PERCENT_MAX}% of the request quota: ask for a quota increase before KMS throttles.`,
      // CallCount is per minute and the quota per second.
      metric: new MathExpression({
        expression: '100 * (calls / PERIOD(calls)) / SERVICE_QUOTA(calls)',
        usingMetrics: { calls: eccCalls },
        period: ONE_MINUTE,
        label: 'KMS ECC quota used (%)',
      }),
      threshold: KMS_ECC_QUOTA_USAGE_PERCENT_MAX,
    });
  }

  private add(id: string, props: KippuAlarmProps): void {
    this.alarms.push(kippuAlarm(this, id, props));
  }

  /** An alarm on a count of kippu's that should stay 0: any in a minute fires it. */
  private addAnyCount(
    id: string,
    alarmName: string,
    metric: MetricDefinition,
    options: { readonly stage: string; readonly description: string },
  ): void {
    this.add(id, {
      alarmName,
      alarmDescription: options.description,
      metric: kippuMetric(metric, options.stage, {}, { statistic: 'Sum', period: ONE_MINUTE }),
      threshold: 0,
    });
  }
}
