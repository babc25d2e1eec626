import { describe, expect, it } from 'vitest';
import { Stack } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import {
  API_STAGE_NAME,
  API_THROTTLING_BURST_LIMIT,
  API_THROTTLING_RATE_LIMIT,
  invokePathPattern,
} from '../../../infra/constructs/kippu-api';
import { KMS_ACTIONS } from '../../../infra/constructs/grants';
import { PASSWORD_LENGTH_MIN } from '../../../infra/constructs/kippu-auth';
import { TICKET_RETIRED_PUBLIC_KEYS_ENV } from '../../../infra/stacks/function-stack';
import { TICKET_VERIFY_KEY_IDS_ENV } from '../../../infra/stacks/stateless-stack';
import { ProblemSchema } from '../../../shared/api/common';
import { ROLES } from '../../../shared/domain/principal';
import { ERROR_STATUS, GATEWAY_PROBLEM_CODES, type ErrorCode } from '../../../shared/errors';
import { buildOpenApiDocument } from '../../../shared/http/openapi';
import { problemTypeOf, titleOf } from '../../../shared/http/problem';
import { problemHeaders } from '../../../shared/http/response';
import * as z from '../../../shared/zod';
import { functionList, functions, type FunctionDefinition } from '../../../shared/resources/functions';
import { sessionsClient } from '../../../shared/resources/identity';
import { keys, ticketSigningKey } from '../../../shared/resources/keys';
import { routes, type RouteDefinition } from '../../../shared/resources/routes';
import { physicalFunctionName } from '../../../shared/resources/schedules';
import { coreTable } from '../../../shared/resources/tables';
import {
  RETIRED_SIGNING_KEY_ARN,
  RETIRED_SIGNING_PUBLIC_KEY,
  actionsOf,
  functionOf,
  functionStatements,
  logicalIdOf,
  mentions,
  resolvedIn,
  resourceListOf,
  resourcesOf,
  statelessTemplatesOf,
  synthesizeKippu,
  templateOf,
  type PolicyStatementJson,
} from '../fixture';

const fixture = synthesizeKippu();
/** The stateless stack's own template: the API and Cognito. */
const template = fixture.statelessTemplate;
const stage = fixture.settings.stage;

const kippuFunction = (definition: FunctionDefinition) => functionOf(fixture, definition);
const functionProperties = (definition: FunctionDefinition): Record<string, unknown> => {
  const lambda = kippuFunction(definition).function;
  const properties = resourcesOf(templateOf(lambda), 'AWS::Lambda::Function')[logicalIdOf(lambda)]?.Properties;
  if (properties === undefined) throw new Error(`no template resource for ${definition.name}`);
  return properties;
};
/** A value of a function's template, with its nested stack's parameters replaced by what they stand for. */
const resolved = (definition: FunctionDefinition, value: unknown): unknown =>
  resolvedIn(kippuFunction(definition).function, value);
const statementsOf = (definition: FunctionDefinition): PolicyStatementJson[] => functionStatements(fixture, definition);
const producerLogicalId = (kind: 'key' | 'table', id: string): string => {
  const resource = kind === 'key' ? fixture.stateful.keys.get(id) : fixture.stateful.tables.get(id);
  if (resource === undefined) throw new Error(`no ${kind} ${id}`);
  return logicalIdOf(resource);
};
const signingKeyId = producerLogicalId('key', ticketSigningKey.id);
const coreTableId = producerLogicalId('table', coreTable.id);
const kmsActionsOf = (statements: readonly PolicyStatementJson[]): string[] =>
  statements.flatMap(actionsOf).filter((action) => action.startsWith('kms:'));
const WRITE_ACTIONS = ['dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem', 'dynamodb:BatchWriteItem'];

const byName = functionList.map((definition) => [definition.name, definition] as const);

describe('functions', () => {
  it('creates one function per declaration, and one more for the Cognito token trigger', () => {
    const created = statelessTemplatesOf(fixture).flatMap((each) => Object.keys(resourcesOf(each, 'AWS::Lambda::Function')));
    expect(created).toHaveLength(functionList.length + 1);
  });

  it.each(byName)('runs %s on Node.js 22, arm64, ESM bundle, traced', (_name, definition) => {
    expect(functionProperties(definition)).toMatchObject({
      FunctionName: `kippu-${stage}-${definition.name}`,
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      Handler: 'index.handler',
      Timeout: definition.timeoutSeconds,
      MemorySize: definition.memoryMegabytes,
      TracingConfig: { Mode: 'Active' },
    });
  });

  it.each(byName)('gives %s the stage, issuer, source maps and every declared table and key variable', (_name, definition) => {
    const variables = (functionProperties(definition)['Environment'] as { Variables: Record<string, unknown> }).Variables;
    const expected = [
      'KIPPU_STAGE',
      'KIPPU_ISSUER',
      'NODE_OPTIONS',
      ...definition.tables.map(({ table }) => table.envVar),
      ...definition.keys.map(({ key }) => key.envVar),
    ];
    expect(Object.keys(variables)).toEqual(expect.arrayContaining(expected));
    expect(variables['KIPPU_STAGE']).toBe(stage);
    expect(variables['NODE_OPTIONS']).toBe('--enable-source-maps');
    // The issuer is built from the RestApi id, region and stage name: no dependency on the stage resource.
    const issuer = JSON.stringify(resolved(definition, variables['KIPPU_ISSUER']));
    expect(issuer).toContain(logicalIdOf(fixture.stateless.api.restApi));
    expect(issuer).toContain(`/${API_STAGE_NAME}`);
    for (const { table } of definition.tables)
      expect(mentions(variables[table.envVar], producerLogicalId('table', table.id))).toBe(true);
    for (const { key } of definition.keys) expect(mentions(variables[key.envVar], producerLogicalId('key', key.id))).toBe(true);
  });

  it.each(byName)('sends %s logs to its own log group with a retention', (_name, definition) => {
    const { logGroup } = kippuFunction(definition);
    const logGroupId = logicalIdOf(logGroup);
    expect(functionProperties(definition)['LoggingConfig']).toEqual({ LogGroup: { Ref: logGroupId } });
    expect(resourcesOf(templateOf(logGroup), 'AWS::Logs::LogGroup')[logGroupId]?.Properties?.['RetentionInDays']).toEqual(
      expect.any(Number),
    );
  });

  it.each(byName)('alarms on errors and throttles of %s, by its physical name, in the monitoring stack', (_name, definition) => {
    for (const metricName of ['Errors', 'Throttles']) {
      fixture.monitoringTemplate.hasResourceProperties('AWS::CloudWatch::Alarm', {
        MetricName: metricName,
        Namespace: 'AWS/Lambda',
        Statistic: 'Sum',
        Period: 60,
        Dimensions: [{ Name: 'FunctionName', Value: physicalFunctionName(stage, definition.name) }],
        Threshold: 0,
        ComparisonOperator: 'GreaterThanThreshold',
      });
    }
  });

  it('alarms on the Cognito token trigger too', () => {
    const trigger = fixture.stateless.auth.tokenScopesTrigger.functionName;
    for (const suffix of ['errors', 'throttles']) {
      fixture.monitoringTemplate.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: `${trigger}-${suffix}` });
    }
  });
});

describe('least privilege', () => {
  it('lets ticket-create use kms:Sign on the signing key and on nothing else', () => {
    const signing = statementsOf(functions.ticketCreate).filter((statement) => actionsOf(statement).includes('kms:Sign'));
    expect(signing).toHaveLength(1);
    expect(resourceListOf(signing[0] as PolicyStatementJson)).toHaveLength(1);
    expect(mentions(resourceListOf(signing[0] as PolicyStatementJson)[0], signingKeyId)).toBe(true);
  });

  it('never lets any function sign with a retired signing key', () => {
    for (const definition of functionList) {
      for (const statement of statementsOf(definition)) {
        if (mentions(statement.Resource, RETIRED_SIGNING_KEY_ARN)) expect(actionsOf(statement)).toEqual(['kms:GetPublicKey']);
      }
    }
  });

  it('gives ticket-get no kms:Sign and no write action on the core table', () => {
    const statements = statementsOf(functions.ticketGet);
    expect(statements.flatMap(actionsOf)).not.toContain('kms:Sign');
    const onCoreTable = statements.filter((statement) => mentions(statement.Resource, coreTableId));
    expect(onCoreTable.length).toBeGreaterThan(0);
    for (const statement of onCoreTable) {
      for (const action of WRITE_ACTIONS) expect(actionsOf(statement)).not.toContain(action);
    }
  });

  it('gives jwks-get kms:GetPublicKey on the signing key and nothing else of it, and only reads of DynamoDB (the delegated keys)', () => {
    const statements = statementsOf(functions.jwksGet);
    const onSigningKey = statements.filter((statement) => mentions(statement.Resource, signingKeyId));
    expect([...new Set(kmsActionsOf(onSigningKey))]).toEqual(['kms:GetPublicKey']);
    // The core table is encrypted with the data key: reading it takes Decrypt and DescribeKey on that key, no more.
    expect(new Set(kmsActionsOf(statements))).toEqual(new Set(['kms:GetPublicKey', 'kms:Decrypt', 'kms:DescribeKey']));
    const dynamo = new Set(statements.flatMap(actionsOf).filter((action) => action.startsWith('dynamodb:')));
    expect(dynamo).toEqual(new Set(['dynamodb:BatchGetItem', 'dynamodb:GetItem', 'dynamodb:Query']));
  });

  it('serves retired signing keys to the functions that read the public key, through the variable and the policy', () => {
    const variables = (functionProperties(functions.jwksGet)['Environment'] as { Variables: Record<string, unknown> }).Variables;
    expect(variables[TICKET_VERIFY_KEY_IDS_ENV]).toBe(RETIRED_SIGNING_KEY_ARN);
    const retired = statementsOf(functions.jwksGet).filter((statement) => mentions(statement.Resource, RETIRED_SIGNING_KEY_ARN));
    expect(retired.flatMap(actionsOf)).toEqual(['kms:GetPublicKey']);
  });

  it('serves retired public keys to the functions that read the public key through the variable alone, with no KMS grant', () => {
    const variables = (functionProperties(functions.jwksGet)['Environment'] as { Variables: Record<string, unknown> }).Variables;
    expect(variables[TICKET_RETIRED_PUBLIC_KEYS_ENV]).toBe(RETIRED_SIGNING_PUBLIC_KEY);
    const health = (functionProperties(functions.healthGet)['Environment'] as { Variables: Record<string, unknown> }).Variables;
    expect(health[TICKET_RETIRED_PUBLIC_KEYS_ENV]).toBeUndefined();
  });

  it.each(byName)('grants %s on each declared key exactly the declared KMS actions', (_name, definition) => {
    const statements = statementsOf(definition);
    for (const key of keys) {
      const declared = definition.keys.find((entry) => entry.key.id === key.id)?.access ?? [];
      const keyId = producerLogicalId('key', key.id);
      const explicit = statements.filter((statement) => statement.Sid !== undefined && mentions(statement.Resource, keyId));
      expect(new Set(kmsActionsOf(explicit))).toEqual(new Set(declared.map((access) => KMS_ACTIONS[access])));
    }
  });

  it.each(byName)(
    'grants %s no KMS action on the signing key beyond its declaration, even through table grants',
    (_name, definition) => {
      const declared = definition.keys.find((entry) => entry.key.id === ticketSigningKey.id)?.access ?? [];
      const granted = kmsActionsOf(statementsOf(definition).filter((statement) => mentions(statement.Resource, signingKeyId)));
      expect(new Set(granted)).toEqual(new Set(declared.map((access) => KMS_ACTIONS[access])));
    },
  );

  it.each(byName)('grants %s DynamoDB access only on its declared tables', (_name, definition) => {
    const declaredTableIds = definition.tables.map(({ table }) => producerLogicalId('table', table.id));
    for (const statement of statementsOf(definition)) {
      if (!actionsOf(statement).some((action) => action.startsWith('dynamodb:'))) continue;
      for (const resource of resourceListOf(statement)) {
        expect(declaredTableIds.some((tableId) => mentions(resource, tableId))).toBe(true);
      }
    }
  });

  it('uses no AWS managed policy on function roles', () => {
    for (const definition of functionList) {
      const { role } = kippuFunction(definition);
      expect(
        resourcesOf(templateOf(role), 'AWS::IAM::Role')[logicalIdOf(role)]?.Properties?.['ManagedPolicyArns'],
      ).toBeUndefined();
    }
  });

  it('keeps every function role’s permissions inline in the role, in one policy', () => {
    for (const definition of functionList) {
      const { role } = kippuFunction(definition);
      const roleId = logicalIdOf(role);
      const policies = resourcesOf(templateOf(role), 'AWS::IAM::Role')[roleId]?.Properties?.['Policies'] as unknown[];
      expect(policies, definition.name).toHaveLength(1);
      const attached = Object.values(resourcesOf(templateOf(role), 'AWS::IAM::Policy')).filter((policy) =>
        mentions(policy.Properties?.['Roles'], roleId),
      );
      expect(attached, definition.name).toEqual([]);
    }
  });
});

/** Full path of every API Gateway resource, by logical id, from the ParentId chain. */
const resourcePaths = (): Map<string, string> => {
  const apiResources = resourcesOf(template, 'AWS::ApiGateway::Resource');
  const paths = new Map<string, string>();
  const pathOf = (logicalId: string): string => {
    const known = paths.get(logicalId);
    if (known !== undefined) return known;
    const properties = apiResources[logicalId]?.Properties ?? {};
    const parent = properties['ParentId'] as { Ref?: string };
    const parentPath = parent.Ref === undefined ? '' : pathOf(parent.Ref);
    const path = `${parentPath}/${String(properties['PathPart'])}`;
    paths.set(logicalId, path);
    return path;
  };
  for (const logicalId of Object.keys(apiResources)) pathOf(logicalId);
  return paths;
};

describe('REST API', () => {
  const paths = resourcePaths();
  const methods = Object.values(resourcesOf(template, 'AWS::ApiGateway::Method')).map((method) => {
    const properties = method.Properties ?? {};
    const resourceId = properties['ResourceId'] as { Ref?: string };
    return {
      properties,
      dependsOn: method.DependsOn ?? [],
      path: resourceId.Ref === undefined ? '/' : paths.get(resourceId.Ref),
    };
  });
  const authorizerId = logicalIdOf(fixture.stateless.api.authorizer);
  const methodFor = (method: string, path: string) =>
    methods.find((candidate) => candidate.properties['HttpMethod'] === method && candidate.path === path);

  it('has exactly one method per declared route', () => {
    expect(methods).toHaveLength(routes.length);
  });

  it.each(routes.map((route) => [route.method, route.path, route] as const))(
    'routes %s %s to its function through a Lambda proxy integration, once the function’s stack is there',
    (_method, _path, route) => {
      const method = methodFor(route.method, route.path);
      expect(method).toBeDefined();
      const integration = method?.properties['Integration'] as { Type: string; Uri: unknown; IntegrationHttpMethod: string };
      expect(integration.Type).toBe('AWS_PROXY');
      expect(integration.IntegrationHttpMethod).toBe('POST');
      const name = physicalFunctionName(stage, functions[route.functionId].name);
      expect(JSON.stringify(integration.Uri)).toContain(`:lambda:path/2015-03-31/functions/arn:`);
      expect(JSON.stringify(integration.Uri)).toContain(`:function:${name}/invocations`);
      const nested = Stack.of(kippuFunction(functions[route.functionId]).function).nestedStackResource;
      if (nested === undefined) throw new Error(`${route.functionId} is not in a nested stack`);
      expect(method?.dependsOn).toContain(fixture.stateless.getLogicalId(nested));
    },
  );

  describe('invoke permissions', () => {
    const routed = functionList.filter((definition) =>
      routes.some((route) => functions[route.functionId].name === definition.name),
    );
    const routesOf = (definition: FunctionDefinition): RouteDefinition[] =>
      routes.filter((route) => functions[route.functionId].name === definition.name);
    const permissionsOf = (definition: FunctionDefinition) => {
      const lambda = kippuFunction(definition).function;
      return Object.values(resourcesOf(templateOf(lambda), 'AWS::Lambda::Permission')).filter((permission) =>
        mentions(permission.Properties?.['FunctionName'], logicalIdOf(lambda)),
      );
    };

    it('leaves no invoke permission in the stateless stack’s own template but the Cognito trigger’s', () => {
      const permissions = Object.values(resourcesOf(template, 'AWS::Lambda::Permission'));
      expect(permissions.map((permission) => permission.Properties?.['Principal'])).toEqual(['cognito-idp.amazonaws.com']);
    });

    it.each(routed.map((definition) => [definition.name, definition] as const))(
      'lets the API stage invoke %s through one permission that covers exactly its routes’ pattern',
      (_name, definition) => {
        const permissions = permissionsOf(definition);
        expect(permissions).toHaveLength(1);
        expect(permissions[0]?.Properties).toMatchObject({
          Action: 'lambda:InvokeFunction',
          Principal: 'apigateway.amazonaws.com',
        });
        const sourceArn = JSON.stringify(resolved(definition, permissions[0]?.Properties?.['SourceArn']));
        expect(sourceArn).toContain(':execute-api:');
        expect(sourceArn).toContain(logicalIdOf(fixture.stateless.api.restApi));
        expect(sourceArn).toContain(`"/${API_STAGE_NAME}/${invokePathPattern(routesOf(definition))}"`);
      },
    );

    it.each(
      functionList
        .filter((definition) => !routed.includes(definition))
        .map((definition) => [definition.name, definition] as const),
    )('gives %s, which serves no route, no invoke permission', (_name, definition) => {
      expect(permissionsOf(definition)).toEqual([]);
    });
  });

  it.each(routes.filter((route) => !route.public).map((route) => [route.method, route.path] as const))(
    'protects %s %s with the Cognito authorizer and the role scopes',
    (method, path) => {
      expect(methodFor(method, path)?.properties).toMatchObject({
        AuthorizationType: 'COGNITO_USER_POOLS',
        AuthorizerId: { Ref: authorizerId },
        AuthorizationScopes: ROLES.map((role) => `kippu/${role}`),
      });
    },
  );

  it.each(routes.filter((route) => route.public).map((route) => [route.method, route.path] as const))(
    'leaves the public route %s %s without authorization',
    (method, path) => {
      const properties = methodFor(method, path)?.properties;
      expect(properties?.['AuthorizationType']).toBe('NONE');
      expect(properties?.['AuthorizerId']).toBeUndefined();
    },
  );

  it('uses a Cognito user pool authorizer on the kippu user pool', () => {
    template.hasResourceProperties('AWS::ApiGateway::Authorizer', {
      Type: 'COGNITO_USER_POOLS',
      ProviderARNs: [{ 'Fn::GetAtt': [logicalIdOf(fixture.stateless.auth.userPool), 'Arn'] }],
    });
  });

  it('throttles the stage, traces it and writes JSON access logs', () => {
    const [stageResource] = Object.values(resourcesOf(template, 'AWS::ApiGateway::Stage'));
    const properties = stageResource?.Properties ?? {};
    expect(properties).toMatchObject({
      StageName: API_STAGE_NAME,
      TracingEnabled: true,
      MethodSettings: expect.arrayContaining([
        expect.objectContaining({
          HttpMethod: '*',
          ResourcePath: '/*',
          ThrottlingRateLimit: API_THROTTLING_RATE_LIMIT,
          ThrottlingBurstLimit: API_THROTTLING_BURST_LIMIT,
          DataTraceEnabled: false,
        }),
      ]),
    });
    const accessLogs = properties['AccessLogSetting'] as { DestinationArn: unknown; Format: string };
    expect(mentions(accessLogs.DestinationArn, logicalIdOf(fixture.stateless.api.accessLogs))).toBe(true);
    const fields = JSON.parse(accessLogs.Format) as Record<string, string>;
    expect(fields['requestId']).toBe('$context.requestId');
    expect(fields['status']).toBe('$context.status');
  });

  it('answers its own 4xx and 5xx errors with problem+json', () => {
    for (const responseType of ['DEFAULT_4XX', 'DEFAULT_5XX', 'UNAUTHORIZED', 'ACCESS_DENIED']) {
      template.hasResourceProperties('AWS::ApiGateway::GatewayResponse', {
        ResponseType: responseType,
        ResponseParameters: { 'gatewayresponse.header.Content-Type': "'application/problem+json'" },
      });
    }
  });

  it('answers a missing or invalid token with the security headers, WWW-Authenticate: Bearer only and a detail naming the Bearer scheme, and an unknown route with the security headers', () => {
    const propertiesOf = (responseType: string) =>
      Object.values(resourcesOf(template, 'AWS::ApiGateway::GatewayResponse')).find(
        (resource) => resource.Properties?.['ResponseType'] === responseType,
      )?.Properties;
    const parametersOf = (responseType: string) => propertiesOf(responseType)?.['ResponseParameters'];
    const security = {
      'gatewayresponse.header.Content-Type': "'application/problem+json'",
      'gatewayresponse.header.X-Content-Type-Options': "'nosniff'",
      'gatewayresponse.header.Cache-Control': "'no-store'",
    };

    expect(parametersOf('UNAUTHORIZED')).toEqual({
      ...security,
      'gatewayresponse.header.WWW-Authenticate': `'Bearer'`,
    });
    // The Cognito authorizer refuses `Authorization: DPoP <token>` too, and cannot say why: the detail says which scheme to use.
    expect(JSON.stringify(propertiesOf('UNAUTHORIZED')?.['ResponseTemplates'])).toContain(
      'Send a valid access token as Authorization: Bearer <token>; kippu accepts no other scheme, DPoP included.',
    );
    expect(parametersOf('MISSING_AUTHENTICATION_TOKEN')).toEqual(security);
  });

  it('answers an unknown path or a method the path does not declare with 404 ROUTE_NOT_FOUND, as the local server does', () => {
    const [missing] = Object.values(resourcesOf(template, 'AWS::ApiGateway::GatewayResponse')).filter(
      (resource) => resource.Properties?.['ResponseType'] === 'MISSING_AUTHENTICATION_TOKEN',
    );
    expect(missing?.Properties).toMatchObject({
      StatusCode: '404',
      ResponseParameters: { 'gatewayresponse.header.Content-Type': "'application/problem+json'" },
    });
    const body = JSON.parse(
      ((missing?.Properties?.['ResponseTemplates'] ?? {}) as Record<string, string>)['application/json'] ?? '{}',
    ) as Record<string, unknown>;
    expect(body).toMatchObject({ status: 404, code: 'ROUTE_NOT_FOUND' });
  });

  it('gives each of its own answers a status and a body that the Problem schema accepts, with a declared code of that status', () => {
    const declared = buildOpenApiDocument('https://kippu.test') as {
      paths: Record<string, Record<string, { responses: Record<string, { 'x-problem-codes'?: string[] }> }>>;
    };
    const answers = Object.values(resourcesOf(template, 'AWS::ApiGateway::GatewayResponse'));
    expect(answers.map((answer) => answer.Properties?.['ResponseType'])).toEqual(
      expect.arrayContaining(['DEFAULT_4XX', 'DEFAULT_5XX', 'THROTTLED', 'WAF_FILTERED']),
    );
    for (const answer of answers) {
      const properties = answer.Properties ?? {};
      const body = (properties['ResponseTemplates'] as Record<string, string>)['application/json'] ?? '';
      // What API Gateway puts in for its variables: the message as a JSON string, the request id as text.
      const problem = JSON.parse(
        body.replaceAll('$context.error.messageString', '"Too Many Requests"').replaceAll('$context.requestId', 'r1'),
      ) as {
        status: number;
        code: ErrorCode;
      };
      expect(z.safeParse(ProblemSchema, problem).success, String(properties['ResponseType'])).toBe(true);
      expect(String(problem.status)).toBe(properties['StatusCode']);
      expect(ERROR_STATUS[problem.code]).toBe(problem.status);
      // The same `type` and `title` as kippu's own answers of the code, locally and deployed.
      expect(problem).toMatchObject({ type: problemTypeOf(problem.code), title: titleOf(problem.code) });
      // The same headers as every other problem answer of the status (the local gateway's included).
      const headers = Object.fromEntries(
        Object.entries(properties['ResponseParameters'] as Record<string, string>).map(([name, value]) => [
          name.replace('gatewayresponse.header.', '').toLowerCase(),
          value.replace(/^'(.*)'$/, '$1'),
        ]),
      );
      expect(headers, String(properties['ResponseType'])).toEqual(problemHeaders(problem.status, problem.code));
      // A code only the gateway answers is declared on every operation; the others (401, 403,
      // 404 ROUTE_NOT_FOUND, 413, 415, 500) are kippu's own codes with the same status.
      if (!(GATEWAY_PROBLEM_CODES as readonly string[]).includes(problem.code)) continue;
      for (const operations of Object.values(declared.paths)) {
        for (const operation of Object.values(operations)) {
          expect(operation.responses[String(problem.status)]?.['x-problem-codes']).toContain(problem.code);
        }
      }
    }
  });

  it("outputs the issuer once, as ApiUrl without a trailing slash, and not CDK's endpoint output with one", () => {
    const outputs = (template.toJSON() as { Outputs: Record<string, unknown> }).Outputs;
    expect(Object.keys(outputs)).toContain('ApiUrl');
    expect(Object.keys(outputs).filter((id) => id.includes('Endpoint'))).toEqual([]);
  });

  it("answers the WAF's rate-limited requests with a problem body the Problem schema accepts", () => {
    const [webAcl] = Object.values(resourcesOf(template, 'AWS::WAFv2::WebACL'));
    const bodies = Object.values(webAcl?.Properties?.['CustomResponseBodies'] as Record<string, { Content: string }>);
    expect(bodies).toHaveLength(1);
    const problem = JSON.parse(bodies[0]?.Content ?? '') as unknown;
    expect(z.safeParse(ProblemSchema, problem).success).toBe(true);
    expect(problem).toMatchObject({
      status: 429,
      code: 'THROTTLED',
      type: problemTypeOf('THROTTLED'),
      title: titleOf('THROTTLED'),
    });
    const rules = webAcl?.Properties?.['Rules'] as { Action?: { Block?: { CustomResponse?: Record<string, unknown> } } }[];
    const responses = rules.flatMap((rule): Record<string, unknown>[] => {
      const response = rule.Action?.Block?.CustomResponse;
      return response === undefined ? [] : [response];
    });
    expect(responses.length).toBeGreaterThan(0);
    for (const response of responses) {
      expect(response['ResponseHeaders']).toEqual([
        { Name: 'x-content-type-options', Value: 'nosniff' },
        { Name: 'cache-control', Value: 'no-store' },
      ]);
    }
  });
});

describe('Cognito', () => {
  const userPools = Object.values(resourcesOf(template, 'AWS::Cognito::UserPool'));
  const clients = Object.values(resourcesOf(template, 'AWS::Cognito::UserPoolClient'));
  const resourceServerId = logicalIdOf(fixture.stateless.auth.resourceServer);
  /** OAuth scope names; resource server scopes are joined from its Ref, whose value is `kippu`. */
  const scopeNames = (scopes: unknown): string[] =>
    (scopes as unknown[]).map((scope) => {
      if (typeof scope === 'string') return scope;
      const [, parts] = (scope as { 'Fn::Join': [string, unknown[]] })['Fn::Join'];
      const [server, suffix] = parts as [{ Ref: string }, string];
      expect(server.Ref).toBe(resourceServerId);
      return `kippu${suffix}`;
    });

  it('creates users only through kippu (no self sign-up), with a strong password and threat protection enforced', () => {
    expect(userPools).toHaveLength(1);
    expect(userPools[0]?.Properties).toMatchObject({
      AutoVerifiedAttributes: ['email'],
      AdminCreateUserConfig: expect.objectContaining({ AllowAdminCreateUserOnly: true }),
      Policies: {
        PasswordPolicy: expect.objectContaining({
          MinimumLength: PASSWORD_LENGTH_MIN,
          RequireLowercase: true,
          RequireUppercase: true,
          RequireNumbers: true,
          RequireSymbols: true,
        }),
      },
      UserPoolAddOns: { AdvancedSecurityMode: 'ENFORCED' },
    });
  });

  it('declares custom:role and custom:subject and lets no client write them', () => {
    const schema = userPools[0]?.Properties?.['Schema'] as { Name: string }[];
    expect(schema.map((attribute) => attribute.Name)).toEqual(expect.arrayContaining(['role', 'subject']));
    expect(clients.length).toBeGreaterThanOrEqual(2);
    for (const client of clients) {
      const writable = (client.Properties?.['WriteAttributes'] ?? []) as string[];
      expect(writable).not.toContain('custom:role');
      expect(writable).not.toContain('custom:subject');
    }
  });

  it('has a kippu resource server with one scope per role', () => {
    template.hasResourceProperties('AWS::Cognito::UserPoolResourceServer', {
      Identifier: 'kippu',
      Scopes: ROLES.map((role) => Match.objectLike({ ScopeName: role })),
    });
  });

  it('has a customer client for kippu’s admin password sign-in and operators’ SRP that may only ask for the customer scope', () => {
    const customer = clients.find((client) =>
      (client.Properties?.['ExplicitAuthFlows'] as string[] | undefined)?.includes('ALLOW_USER_SRP_AUTH'),
    );
    expect(customer?.Properties).toMatchObject({ GenerateSecret: false });
    // A public client: no USER_PASSWORD_AUTH (a password test at Cognito past kippu's throttle
    // and device proof); the refresh flow Cognito keeps on every client, its tokens at the minimum.
    const flows = customer?.Properties?.['ExplicitAuthFlows'] as string[] | undefined;
    expect([...(flows ?? [])].sort()).toEqual([
      'ALLOW_ADMIN_USER_PASSWORD_AUTH',
      'ALLOW_REFRESH_TOKEN_AUTH',
      'ALLOW_USER_SRP_AUTH',
    ]);
    expect([...(flows ?? [])].sort()).toEqual([...sessionsClient.explicitAuthFlows].sort());
    expect(customer?.Properties).toMatchObject({ RefreshTokenValidity: 60, TokenValidityUnits: { RefreshToken: 'minutes' } });
    const scopes = scopeNames(customer?.Properties?.['AllowedOAuthScopes']);
    expect(scopes.filter((scope) => scope.startsWith('kippu/'))).toEqual(['kippu/customer']);
  });

  it('has a client-credentials client for the machine roles, without the customer scope', () => {
    const machine = clients.find((client) =>
      (client.Properties?.['AllowedOAuthFlows'] as string[] | undefined)?.includes('client_credentials'),
    );
    expect(machine?.Properties).toMatchObject({ GenerateSecret: true, AllowedOAuthFlows: ['client_credentials'] });
    expect(scopeNames(machine?.Properties?.['AllowedOAuthScopes'])).toEqual(['kippu/provider', 'kippu/agent', 'kippu/operator']);
  });

  it('adds role scopes to user access tokens with a V2 pre token generation trigger', () => {
    expect(userPools[0]?.Properties?.['LambdaConfig']).toMatchObject({
      PreTokenGenerationConfig: {
        LambdaArn: { 'Fn::GetAtt': [logicalIdOf(fixture.stateless.auth.tokenScopesTrigger.function), 'Arn'] },
        LambdaVersion: 'V2_0',
      },
    });
  });
});
