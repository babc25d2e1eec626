import { Duration } from 'aws-cdk-lib';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, Runtime, Tracing, type CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { LogLevel, NodejsFunction, OutputFormat, type BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';
import { physicalFunctionName } from '../../shared/resources/schedules';
import { suppressCfnLint } from './cfn-lint';
import { InlinePolicyRole } from './inline-policy-role';

/** How long function logs are kept; long enough to investigate a month-end billing run. */
const FUNCTION_LOG_RETENTION = RetentionDays.ONE_MONTH;
/** IAM's limit on a role name (Lambda's on a function name is the same). */
const ROLE_NAME_LENGTH_MAX = 64;

/**
 * Every function's role is named like the function, so that a policy in another stack can
 * name it without a reference to it: the ticket signing key's policy (in the stateful stack,
 * which the stateless stack depends on) names the roles that may sign this way.
 */
export const functionRoleName = (stage: string, name: string): string => {
  const roleName = physicalFunctionName(stage, name);
  if (roleName.length > ROLE_NAME_LENGTH_MAX)
    throw new Error(`function ${name} makes the role name ${roleName}, longer than IAM's ${ROLE_NAME_LENGTH_MAX} characters`);
  return roleName;
};

/**
 * How every function is bundled by esbuild: an ESM bundle for Node.js 22, minified, with
 * source maps, packages resolved the way Node.js resolves ESM first. The infra tests bundle
 * every handler with these same settings to check what a deployed bundle contains.
 */
export const FUNCTION_BUNDLING = {
  target: 'node22',
  minify: true,
  sourceMap: true,
  mainFields: ['module', 'main'],
  // ESM bundles of CommonJS dependencies call require(); give them one.
  banner: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);",
} as const;

export interface KippuFunctionProps {
  /** Noun-verb name, unique per stage; becomes part of the physical function name. */
  readonly name: string;
  readonly stage: string;
  readonly description: string;
  /** Absolute path of the TypeScript module that exports `handler`. */
  readonly entry: string;
  readonly timeoutSeconds: number;
  readonly memoryMegabytes: number;
  readonly environment: Readonly<Record<string, string>>;
}

/** The CDK bundling options: FUNCTION_BUNDLING, one ESM file, the SDK inside it. */
const BUNDLING: BundlingOptions = {
  ...FUNCTION_BUNDLING,
  format: OutputFormat.ESM,
  mainFields: [...FUNCTION_BUNDLING.mainFields],
  // Bundle the SDK so that every function runs the one @aws-sdk version the lockfile pins,
  // not whichever version the Lambda runtime happens to ship.
  bundleAwsSDK: true,
  // esbuild is a local dev dependency; there is no Docker engine where kippu synthesizes.
  forceDockerBundling: false,
  // One line per bundle is noise across dozens of functions; errors still print.
  logLevel: LogLevel.ERROR,
};

/** The findings every function has, each with its reason. */
const suppressFindings = (fn: NodejsFunction, role: InlinePolicyRole): void => {
  suppressCfnLint(fn.node.defaultChild as CfnFunction, [
    {
      id: 'W3005',
      reason:
        "CDK's Function makes the function depend on its role, so that it is never created before its permissions (which are inline in the role); that DependsOn repeats the Role GetAtt, which is harmless and not ours to remove.",
    },
  ]);
  NagSuppressions.addResourceSuppressions(fn, [
    {
      id: 'AwsSolutions-L1',
      reason:
        'Node.js 22 is the runtime kippu is built and tested for (esbuild target node22); moving to a newer runtime is a deliberate upgrade, not an automatic one.',
    },
  ]);
  NagSuppressions.addResourceSuppressions(
    role,
    [
      {
        id: 'AwsSolutions-IAM5',
        reason:
          'Active X-Ray tracing needs xray:PutTraceSegments and xray:PutTelemetryRecords, which support no resource-level permissions, so CDK grants them on "*".',
        appliesTo: ['Resource::*'],
      },
    ],
    true,
  );
};

/**
 * One Lambda function the way kippu runs them all: Node.js 22 on arm64, an ESM bundle built
 * by the locally installed esbuild (minified, with source maps), active X-Ray tracing, its own
 * log group with a retention, and its own role. The role starts with nothing but the right
 * to write to that log group (instead of the AWSLambdaBasicExecutionRole managed policy,
 * which allows creating and writing any log group), so every further permission is one that
 * the stack grants on purpose; it holds its permissions inline (see inline-policy-role.ts).
 * Its errors and throttles alarms are in the monitoring stack (kippu-alarms.ts), which
 * finds the function by its physical name.
 */
export class KippuFunction extends Construct {
  /** The physical name, `kippu-<stage>-<name>`: how other stacks find the function. */
  readonly functionName: string;
  /** The TypeScript module esbuild bundles. */
  readonly entry: string;
  readonly function: NodejsFunction;
  readonly role: InlinePolicyRole;
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: KippuFunctionProps) {
    super(scope, id);
    const functionName = physicalFunctionName(props.stage, props.name);
    this.functionName = functionName;
    this.entry = props.entry;

    this.logGroup = new LogGroup(this, 'Logs', {
      logGroupName: `/aws/lambda/${functionName}`,
      retention: FUNCTION_LOG_RETENTION,
    });

    this.role = new InlinePolicyRole(this, 'Role', {
      roleName: functionRoleName(props.stage, props.name),
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Execution role of ${functionName}`,
    });
    this.role.addToPrincipalPolicy(
      new PolicyStatement({
        sid: 'WriteOwnLogs',
        actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
        resources: [this.logGroup.logGroupArn],
      }),
    );

    this.function = new NodejsFunction(this, 'Function', {
      functionName,
      description: props.description,
      entry: props.entry,
      handler: 'handler',
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memoryMegabytes,
      timeout: Duration.seconds(props.timeoutSeconds),
      tracing: Tracing.ACTIVE,
      role: this.role,
      logGroup: this.logGroup,
      environment: { ...props.environment },
      bundling: BUNDLING,
    });

    suppressFindings(this.function, this.role);
  }
}
