import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Dashboard } from 'aws-cdk-lib/aws-cloudwatch';
import type { Construct } from 'constructs';
import type { FunctionDefinition } from '../../shared/resources/functions';
import { ApiAlarms, FunctionAlarms, ServiceAlarms, type SweeperAlarmInput } from '../constructs/kippu-alarms';
import { KippuDashboard, alarmNamesUnder } from '../constructs/kippu-dashboard';
import { pascal } from '../constructs/names';

export interface MonitoringStackProps extends StackProps {
  readonly stage: string;
  /** The declared functions, which decide which of kippu's own metrics are emitted. */
  readonly functionList: readonly FunctionDefinition[];
  /** The physical name of every function of the stage, declared or not (the Cognito trigger). */
  readonly functionNames: readonly string[];
  /** The periodic schedules whose targets report their backlog. */
  readonly sweepers: readonly SweeperAlarmInput[];
  /** How often the settlement recovery sweep runs, when it is scheduled. */
  readonly settlementRecoveryRateMinutes?: number;
  /** The REST API's name (its metrics' ApiName). */
  readonly apiName: string;
  /** The web ACL's name, when the API has one. */
  readonly webAclName?: string;
  /** The alarms of the other stacks (the queues'), by name, for the dashboard. */
  readonly otherAlarmNames: readonly string[];
  /** Every dead-letter queue's physical name, for the dashboard. */
  readonly deadLetterQueueNames: readonly string[];
}

/**
 * What watches the stage: an errors and a throttles alarm for every function, the API's 5xx
 * and latency alarms, the alarms on kippu's own metrics (kippu-alarms.ts), and the dashboard
 * `kippu-<stage>`. The queue alarms stay with their queues in the stateful stack.
 *
 * Everything here finds what it watches by physical name (function names, the API's name,
 * the web ACL's name, queue names), which the declarations fix, so this stack refers to no
 * resource of the stateless stack: no CloudFormation export ties the two, and its size
 * (two alarms a function) counts against neither the API's template nor the functions'.
 * It is deployed after the stateless stack; every alarm notifies the alarm topic (the
 * AlarmActions aspect in kippu-stacks.ts).
 */
export class MonitoringStack extends Stack {
  /** Every function's alarms, by the function's physical name. */
  readonly functionAlarms: ReadonlyMap<string, FunctionAlarms>;
  readonly apiAlarms: ApiAlarms;
  readonly serviceAlarms: ServiceAlarms;
  readonly dashboard: Dashboard;

  constructor(scope: Construct, id: string, props: MonitoringStackProps) {
    super(scope, id, props);
    const prefix = `kippu-${props.stage}-`;
    this.functionAlarms = new Map(
      props.functionNames.map((functionName) => {
        if (!functionName.startsWith(prefix)) throw new Error(`function ${functionName} is not named ${prefix}<name>`);
        const construct = new FunctionAlarms(this, pascal(functionName.slice(prefix.length)), { functionName });
        return [functionName, construct] as const;
      }),
    );
    this.apiAlarms = new ApiAlarms(this, 'Api', { stage: props.stage, apiName: props.apiName });
    this.serviceAlarms = new ServiceAlarms(this, 'ServiceAlarms', {
      stage: props.stage,
      functionList: props.functionList,
      sweepers: props.sweepers,
      ...(props.settlementRecoveryRateMinutes === undefined
        ? {}
        : { settlementRecoveryRateMinutes: props.settlementRecoveryRateMinutes }),
    });
    // Last, so that it lists every alarm of this stack.
    this.dashboard = new KippuDashboard(this, 'Dashboard', {
      stage: props.stage,
      apiName: props.apiName,
      ...(props.webAclName === undefined ? {} : { webAclName: props.webAclName }),
      alarmNames: [...props.otherAlarmNames, ...alarmNamesUnder(this)],
      deadLetterQueueNames: props.deadLetterQueueNames,
    }).dashboard;

    new CfnOutput(this, 'DashboardName', {
      value: this.dashboard.dashboardName,
      description: 'CloudWatch dashboard of the stage',
    });
  }
}
