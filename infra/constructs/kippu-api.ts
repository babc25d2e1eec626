import { Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import {
  AccessLogField,
  AccessLogFormat,
  AuthorizationType,
  AwsIntegration,
  CognitoUserPoolsAuthorizer,
  EndpointType,
  LogGroupLogDestination,
  MethodLoggingLevel,
  ResponseType,
  RestApi,
  type Method,
} from 'aws-cdk-lib/aws-apigateway';
import type { IUserPool } from 'aws-cdk-lib/aws-cognito';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { NagSuppressions } from 'cdk-nag';
import { Construct, type IDependable } from 'constructs';
import type { ErrorCode } from '../../shared/errors';
import { problemTypeOf, titleOf } from '../../shared/http/problem';
import { problemHeaders, TOKEN_REQUIRED_DETAIL } from '../../shared/http/response';
import type { RouteDefinition } from '../../shared/resources/routes';
import { KippuWebAcl } from './kippu-waf';

/** The stage name: paths already carry the API version (/v1), so the stage only names the deployment. */
export const API_STAGE_NAME = 'api';
/** Steady-state requests per second across the stage, and the burst above it. */
export const API_THROTTLING_RATE_LIMIT = 100;
export const API_THROTTLING_BURST_LIMIT = 200;
/** Access logs are kept a year: they are the record of who called what. */
const ACCESS_LOG_RETENTION = RetentionDays.ONE_YEAR;
/** How long API Gateway caches a verified token per Authorization header. */
const AUTHORIZER_CACHE_TTL = Duration.minutes(5);

/** The REST API's name, which is also the ApiName dimension of its metrics. */
export const restApiName = (stage: string): string => `kippu-${stage}`;

/** `/v1/tickets/{id}` -> `/v1/tickets/*`: a path as an execute-api ARN matches it. */
const executeApiPath = (path: string): string => path.replace(/\{[^}]+\}/g, '*');

const commonPrefix = (values: readonly string[]): string =>
  values.reduce((prefix, value) => {
    let length = 0;
    while (length < prefix.length && length < value.length && prefix[length] === value[length]) length += 1;
    return prefix.slice(0, length);
  });

/**
 * The one `<method>/<path>` pattern of the execute-api source ARN that lets API Gateway invoke
 * a function for all of its routes: the route itself when there is one (path parameters as
 * `*`, as CDK writes them); for several, their method when they share one (else `*`) and the
 * longest common start of their paths followed by `*`.
 */
export const invokePathPattern = (routes: readonly Pick<RouteDefinition, 'method' | 'path'>[]): string => {
  if (routes.length === 0) throw new Error('a function without routes needs no API permission');
  const methods = new Set(routes.map((route) => route.method));
  const paths = [...new Set(routes.map((route) => executeApiPath(route.path)))];
  const method = methods.size === 1 ? [...methods][0] : '*';
  const path = paths.length === 1 ? paths[0] : `${commonPrefix(paths)}*`;
  return `${method}${path}`;
};

export interface KippuApiProps {
  readonly stage: string;
  readonly userPool: IUserPool;
  /** The OAuth scopes of which an access token must carry at least one on protected routes. */
  readonly authorizationScopes: readonly string[];
  /** Every route that skips the authorizer, for the reason their cdk-nag suppressions give. */
  readonly publicRoutes: readonly RouteDefinition[];
  /** Whether the stage gets the WAF web ACL (the `waf` context value, on by default). */
  readonly waf: boolean;
  /** The routes to be added; those that declare a throttle get it as method-level throttling on the stage. */
  readonly routes: readonly RouteDefinition[];
}

/** Method-level stage settings for the routes that declare their own throttling (CDK's `/<path>/<METHOD>` keys). */
const methodThrottles = (routes: readonly RouteDefinition[]) =>
  Object.fromEntries(
    routes.flatMap((route) =>
      route.throttle === undefined
        ? []
        : [
            [
              `${route.path}/${route.method}`,
              { throttlingRateLimit: route.throttle.rateLimit, throttlingBurstLimit: route.throttle.burstLimit },
            ],
          ],
    ),
  );

/**
 * Why a public route has no authorizer, naming every public route of the API (from the
 * declarations, so the list cannot go stale).
 */
const publicRouteReason = (route: RouteDefinition, publicRoutes: readonly RouteDefinition[]): string =>
  `${route.method} ${route.path} is public by design; kippu serves exactly these routes without authentication: ${publicRoutes
    .map((publicRoute) => `${publicRoute.method} ${publicRoute.path}`)
    .join(', ')}. Every other route requires a Cognito access token.`;

/**
 * Problem details for the answers API Gateway gives itself, before any handler runs: every
 * one a problem+json body with the Problem schema's members (type, title, status, code,
 * detail) and a code the OpenAPI document declares (shared/errors.ts: ERROR_STATUS gives
 * the status of each code, GATEWAY_PROBLEM_CODES those only the gateway answers). Every
 * response type has its status here, the two defaults included, so that the body's `status`
 * is the answer's.
 */
export interface GatewayProblem {
  readonly type: ResponseType;
  readonly statusCode: string;
  readonly code: ErrorCode;
  /** A fixed detail, or undefined to use API Gateway's own message. */
  readonly detail?: string;
}

export const GATEWAY_PROBLEMS: readonly GatewayProblem[] = [
  { type: ResponseType.UNAUTHORIZED, statusCode: '401', code: 'UNAUTHENTICATED', detail: TOKEN_REQUIRED_DETAIL },
  { type: ResponseType.ACCESS_DENIED, statusCode: '403', code: 'FORBIDDEN' },
  // A REST API answers an unknown path, and a method its path does not declare (HEAD and OPTIONS
  // included), with this response (403 by default): both are 404 ROUTE_NOT_FOUND, as the local
  // server answers them (scripts/local/server.ts).
  { type: ResponseType.MISSING_AUTHENTICATION_TOKEN, statusCode: '404', code: 'ROUTE_NOT_FOUND', detail: 'No such route.' },
  { type: ResponseType.REQUEST_TOO_LARGE, statusCode: '413', code: 'PAYLOAD_TOO_LARGE' },
  { type: ResponseType.UNSUPPORTED_MEDIA_TYPE, statusCode: '415', code: 'UNSUPPORTED_MEDIA_TYPE' },
  { type: ResponseType.THROTTLED, statusCode: '429', code: 'THROTTLED' },
  // Usage plans (kippu has none) would answer this; it is a rate limit too.
  { type: ResponseType.QUOTA_EXCEEDED, statusCode: '429', code: 'THROTTLED' },
  // A request a WAF managed rule blocked (the rate rules answer their own 429, kippu-waf.ts).
  { type: ResponseType.WAF_FILTERED, statusCode: '403', code: 'REQUEST_BLOCKED' },
  // Any other rejection (a malformed request, a request validator): 400 with API Gateway's message.
  { type: ResponseType.DEFAULT_4XX, statusCode: '400', code: 'REQUEST_REJECTED' },
  // Never echo internals in a 5xx; every gateway 5xx (a failed or timed-out integration too) is a 500.
  { type: ResponseType.DEFAULT_5XX, statusCode: '500', code: 'INTERNAL_ERROR', detail: 'internal error' },
];

/**
 * One JSON object per request: who (the token's subject, never the token), what, the answer,
 * and where the time went. Quoted values keep every line valid JSON even when a field is empty.
 */
const ACCESS_LOG_FORMAT = AccessLogFormat.custom(
  JSON.stringify({
    requestId: AccessLogField.contextRequestId(),
    extendedRequestId: AccessLogField.contextExtendedRequestId(),
    requestTime: AccessLogField.contextRequestTime(),
    sourceIp: AccessLogField.contextIdentitySourceIp(),
    userAgent: AccessLogField.contextIdentityUserAgent(),
    httpMethod: AccessLogField.contextHttpMethod(),
    resourcePath: AccessLogField.contextResourcePath(),
    path: AccessLogField.contextPath(),
    protocol: AccessLogField.contextProtocol(),
    status: AccessLogField.contextStatus(),
    responseLength: AccessLogField.contextResponseLength(),
    responseLatency: AccessLogField.contextResponseLatency(),
    integrationLatency: AccessLogField.contextIntegrationLatency(),
    integrationStatus: AccessLogField.contextIntegrationStatus(),
    errorType: AccessLogField.contextErrorResponseType(),
    errorMessage: AccessLogField.contextErrorMessage(),
    subject: AccessLogField.contextAuthorizerClaims('sub'),
    clientId: AccessLogField.contextAuthorizerClaims('client_id'),
    xrayTraceId: AccessLogField.contextXrayTraceId(),
  }),
);

/**
 * The body of a gateway response: the `type` and `title` of its code as kippu's own answers
 * spell them (shared/http/problem.ts), so a code reads the same locally and deployed; the
 * detail is the fixed one, or API Gateway's message.
 */
const problemTemplate = (problem: GatewayProblem): string => {
  const detail = problem.detail === undefined ? '$context.error.messageString' : JSON.stringify(problem.detail);
  const type = JSON.stringify(problemTypeOf(problem.code));
  const title = JSON.stringify(titleOf(problem.code));
  return `{"type":${type},"title":${title},"status":${problem.statusCode},"code":"${problem.code}","detail":${detail},"requestId":"$context.requestId"}`;
};

/** `www-authenticate` → `WWW-Authenticate`: a header name as HTTP documents spell it. */
const canonicalHeaderName = (name: string): string =>
  name
    .split('-')
    .map((word) => (word === 'www' ? 'WWW' : `${word.charAt(0).toUpperCase()}${word.slice(1)}`))
    .join('-');

/**
 * The headers of a gateway response of this status and code, as API Gateway takes them (static
 * values in single quotes): the ones every problem answer of kippu's carries (problemHeaders:
 * the media type, `X-Content-Type-Options`, `Cache-Control` and, on the 401, `WWW-Authenticate`,
 * whose `Bearer` challenge is the one of a refused token everywhere).
 */
export const gatewayResponseHeaders = (statusCode: string, code?: ErrorCode): Record<string, string> =>
  Object.fromEntries(
    Object.entries(problemHeaders(Number(statusCode), code)).map(([name, value]) => [canonicalHeaderName(name), `'${value}'`]),
  );

/** The findings of the REST API that are by design, each with its reason. */
const suppressApiFindings = (restApi: RestApi): void => {
  const cloudWatchRole = restApi.node.tryFindChild('CloudWatchRole');
  if (cloudWatchRole !== undefined) {
    NagSuppressions.addResourceSuppressions(cloudWatchRole, [
      {
        id: 'AwsSolutions-IAM4',
        reason:
          'The account-level API Gateway CloudWatch role uses AmazonAPIGatewayPushToCloudWatchLogs, the AWS managed policy built for exactly this role; API Gateway names its execution log groups itself, so a narrower policy would break execution logging.',
        appliesTo: ['Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs'],
      },
    ]);
  }
  NagSuppressions.addResourceSuppressions(restApi, [
    {
      id: 'AwsSolutions-APIG2',
      reason:
        'Handlers validate every request with the zod schemas that also generate the OpenAPI document; API Gateway models would be a second copy that can drift, and its error answers would not be problem+json with field paths.',
    },
  ]);
};

/**
 * The REST API: one regional API with the stage `api`, throttled, traced, with JSON access
 * logs and execution error logs, problem+json answers for API Gateway's own errors, a
 * Cognito authorizer for every non-public route, a WAF web ACL with per-caller limits (see
 * kippu-waf.ts) unless switched off. Its alarms (the share of 5xx answers, p99 latency) are
 * in the monitoring stack.
 *
 * Authorizer: a Cognito user pool authorizer validates an ID token when a method lists no
 * OAuth scopes, and an access token carrying at least one of the listed scopes when it does.
 * Client-credentials callers only ever have access tokens, so every protected method lists
 * all `kippu/<role>` scopes. User pool users get their one role scope in the access token from
 * the pre token generation trigger (see token-scopes/handler.ts), so customers and machines
 * both send access tokens and the handler (shared/http/auth.ts) maps the scope to the role;
 * which role may do what is the handler's decision, not the gateway's.
 */
export class KippuApi extends Construct {
  readonly restApi: RestApi;
  readonly authorizer: CognitoUserPoolsAuthorizer;
  readonly accessLogs: LogGroup;
  /** `https://<api id>.execute-api.<region>.<suffix>/api`, the issuer of tickets. */
  readonly baseUrl: string;
  readonly webAcl: KippuWebAcl | undefined;
  private readonly authorizationScopes: readonly string[];
  private readonly publicRoutes: readonly RouteDefinition[];

  constructor(scope: Construct, id: string, props: KippuApiProps) {
    super(scope, id);
    this.authorizationScopes = props.authorizationScopes;
    this.publicRoutes = props.publicRoutes;

    this.accessLogs = new LogGroup(this, 'AccessLogs', { retention: ACCESS_LOG_RETENTION });

    this.restApi = new RestApi(this, 'RestApi', {
      restApiName: restApiName(props.stage),
      description: 'kippu payments API',
      endpointTypes: [EndpointType.REGIONAL],
      // API Gateway needs an account-wide role to write execution logs; retain it because
      // every API in the account and region shares the setting.
      cloudWatchRole: true,
      cloudWatchRoleRemovalPolicy: RemovalPolicy.RETAIN,
      deployOptions: {
        stageName: API_STAGE_NAME,
        throttlingRateLimit: API_THROTTLING_RATE_LIMIT,
        throttlingBurstLimit: API_THROTTLING_BURST_LIMIT,
        tracingEnabled: true,
        metricsEnabled: true,
        loggingLevel: MethodLoggingLevel.ERROR,
        // Request and response bodies carry tokens and personal data: never log them.
        dataTraceEnabled: false,
        accessLogDestination: new LogGroupLogDestination(this.accessLogs),
        accessLogFormat: ACCESS_LOG_FORMAT,
        methodOptions: methodThrottles(props.routes),
      },
    });

    // CDK's default output of the stage URL ends with a slash (`…/api/`), which is not the
    // issuer; the stateless stack's ApiUrl output is (docs/operations.md, First deploy).
    this.restApi.node.tryRemoveChild('Endpoint');

    for (const problem of GATEWAY_PROBLEMS) {
      this.restApi.addGatewayResponse(`Problem${problem.type.responseType}`, {
        type: problem.type,
        statusCode: problem.statusCode,
        responseHeaders: gatewayResponseHeaders(problem.statusCode, problem.code),
        templates: { 'application/json': problemTemplate(problem) },
      });
    }

    this.authorizer = new CognitoUserPoolsAuthorizer(this, 'Authorizer', {
      authorizerName: `kippu-${props.stage}-cognito`,
      cognitoUserPools: [props.userPool],
      resultsCacheTtl: AUTHORIZER_CACHE_TTL,
    });

    // Built from the API id, not from the stage: functions that need the URL may then depend
    // on the RestApi resource while the deployment and stage depend on the functions' methods.
    const stack = Stack.of(this);
    this.baseUrl = `https://${this.restApi.restApiId}.execute-api.${stack.region}.${stack.urlSuffix}/${API_STAGE_NAME}`;

    suppressApiFindings(this.restApi);
    if (props.waf) {
      this.webAcl = new KippuWebAcl(this, 'Waf', {
        stage: props.stage,
        stageArn: this.restApi.deploymentStage.stageArn,
        stageRequestsPerSecond: API_THROTTLING_RATE_LIMIT,
      });
    } else {
      this.webAcl = undefined;
      NagSuppressions.addResourceSuppressions(this.restApi.deploymentStage, [
        {
          id: 'AwsSolutions-APIG3',
          reason:
            'The WAF web ACL was switched off for this deployment with -c waf=false (a short-lived development stage); stage throttling and Cognito authorization still bound abuse, and production deployments keep the default.',
        },
      ]);
    }
  }

  /**
   * The source ARN of the one permission that lets this API's stage invoke a function for the
   * given routes (see invokePathPattern): the stage `api` only, so not the console's
   * test-invoke stage, and no other API.
   */
  invokeSourceArn(scope: Construct, routes: readonly Pick<RouteDefinition, 'method' | 'path'>[]): string {
    return Stack.of(scope).formatArn({
      service: 'execute-api',
      resource: this.restApi.restApiId,
      resourceName: `${API_STAGE_NAME}/${invokePathPattern(routes)}`,
    });
  }

  /**
   * A Lambda proxy method for a declared route; public routes have no authorizer. The function
   * is named by its ARN and lives in another (nested) stack, which also holds its invoke
   * permission, one per function rather than one per method as CDK's LambdaIntegration would
   * add here; the method waits for that stack (`after`), so no route points at a function or
   * permission that does not exist yet.
   */
  addRoute(route: RouteDefinition, handler: { readonly functionArn: string; readonly after: IDependable }): Method {
    const resource = this.restApi.root.resourceForPath(route.path);
    const integration = new AwsIntegration({
      proxy: true,
      service: 'lambda',
      path: `2015-03-31/functions/${handler.functionArn}/invocations`,
    });
    const method = route.public
      ? resource.addMethod(route.method, integration, { authorizationType: AuthorizationType.NONE })
      : resource.addMethod(route.method, integration, {
          authorizationType: AuthorizationType.COGNITO,
          authorizer: this.authorizer,
          authorizationScopes: [...this.authorizationScopes],
        });
    method.node.addDependency(handler.after);
    if (route.public) {
      const reason = publicRouteReason(route, this.publicRoutes);
      NagSuppressions.addResourceSuppressions(method, [
        { id: 'AwsSolutions-APIG4', reason },
        { id: 'AwsSolutions-COG4', reason },
      ]);
    }
    return method;
  }
}
