import { describe, expect, it } from 'vitest';
import { functionList, functions, type FunctionDefinition } from '../../../shared/resources/functions';
import { TOKEN_URL_ENV, mailSender, sessionsClient, userPool } from '../../../shared/resources/identity';
import { routes } from '../../../shared/resources/routes';
import {
  actionsOf,
  functionStatements,
  functionVariables,
  logicalIdOf,
  mentions,
  resolvedIn,
  resourceListOf,
  resourcesOf,
  synthesizeKippu,
} from '../fixture';

/**
 * The identity parts of the stateless stack: SES sending scoped to the sender identity from
 * the CDK context, Cognito actions scoped to kippu's pool and to the functions that declare
 * them, method-level throttling on the public registration and session routes, and no
 * local-only route (the outbox, the development issuer, the local token endpoint).
 */
const fixture = synthesizeKippu();
const template = fixture.statelessTemplate;
const { mailFromAddress, mailSenderIdentity } = fixture.settings;

const kippuFunction = (definition: FunctionDefinition) => {
  const found = fixture.stateless.functions.get(definition.name);
  if (found === undefined) throw new Error(`no function ${definition.name}`);
  return found;
};
/** A function's statements and variables, with its nested stack's parameters replaced by what the parent passes. */
const statementsOf = (definition: FunctionDefinition) =>
  resolvedIn(kippuFunction(definition).role, functionStatements(fixture, definition)) as ReturnType<typeof functionStatements>;
const variables = (definition: FunctionDefinition) =>
  resolvedIn(kippuFunction(definition).function, functionVariables(fixture, definition)) as Record<string, unknown>;
const userPoolId = logicalIdOf(fixture.stateless.auth.userPool);

describe('e-mail through Amazon SES', () => {
  it('lets registration-create send as the configured sender identity only, from its address only', () => {
    const sends = statementsOf(functions.registrationCreate).filter((statement) =>
      actionsOf(statement).some((action) => action.startsWith('ses:')),
    );
    expect(sends).toHaveLength(1);
    const [statement] = sends;
    expect(actionsOf(statement!)).toEqual(['ses:SendEmail']);
    expect(JSON.stringify(resourceListOf(statement!))).toContain(`:identity/${mailSenderIdentity}`);
    expect(statement?.Condition).toEqual({ StringEquals: { 'ses:FromAddress': mailFromAddress } });
    expect(variables(functions.registrationCreate)[mailSender.envVar]).toBe(mailFromAddress);
  });

  it('gives no other function any SES action', () => {
    for (const definition of functionList.filter((candidate) => candidate.mail !== true)) {
      const actions = statementsOf(definition).flatMap(actionsOf);
      expect(
        actions.filter((action) => action.startsWith('ses:')),
        definition.name,
      ).toEqual([]);
    }
  });
});

describe('Cognito access', () => {
  it.each(functionList.map((definition) => [definition.name, definition] as const))(
    'gives %s exactly the user pool actions it declares, on kippu’s pool only',
    (_name, definition) => {
      const statements = statementsOf(definition).filter((statement) =>
        actionsOf(statement).some((action) => action.startsWith('cognito-idp:')),
      );
      if ((definition.identity ?? []).length === 0) {
        expect(statements).toEqual([]);
        return;
      }
      expect(statements).toHaveLength(1);
      expect(resourceListOf(statements[0]!)).toEqual([{ 'Fn::GetAtt': [userPoolId, 'Arn'] }]);
      expect(actionsOf(statements[0]!).every((action) => !action.includes('*'))).toBe(true);
      expect(mentions(variables(definition)[userPool.envVar], userPoolId)).toBe(true);
    },
  );

  it('signs customers in through session-create alone, which gets the sessions client id', () => {
    const signers = functionList.filter((definition) =>
      statementsOf(definition).flatMap(actionsOf).includes('cognito-idp:AdminInitiateAuth'),
    );
    expect(signers.map((definition) => definition.name)).toEqual([functions.sessionCreate.name]);
    expect(
      mentions(variables(functions.sessionCreate)[sessionsClient.envVar], logicalIdOf(fixture.stateless.auth.customerClient)),
    ).toBe(true);
  });

  it('creates app clients through credentials-manage alone, which hands out the pool domain’s token URL', () => {
    const creators = functionList.filter((definition) =>
      statementsOf(definition).flatMap(actionsOf).includes('cognito-idp:CreateUserPoolClient'),
    );
    expect(creators.map((definition) => definition.name)).toEqual([functions.credentialsManage.name]);
    const tokenUrl = JSON.stringify(variables(functions.credentialsManage)[TOKEN_URL_ENV]);
    expect(tokenUrl).toContain('/oauth2/token');
    expect(tokenUrl).toContain(logicalIdOf(fixture.stateless.auth.domain));
  });
});

describe('the public identity routes', () => {
  const stage = Object.values(resourcesOf(template, 'AWS::ApiGateway::Stage'))[0];
  const settings = (stage?.Properties?.['MethodSettings'] ?? []) as {
    HttpMethod: string;
    ResourcePath: string;
    ThrottlingRateLimit?: number;
    ThrottlingBurstLimit?: number;
  }[];
  const throttled = routes.filter((route) => route.throttle !== undefined);

  it('are exactly the registration and session routes', () => {
    expect(throttled.map((route) => `${route.method} ${route.path}`).sort()).toEqual([
      'POST /v1/registrations',
      'POST /v1/registrations/{id}/confirm',
      'POST /v1/sessions',
    ]);
  });

  it.each(throttled.map((route) => [route.method, route.path, route] as const))(
    'throttle %s %s per method, below the stage',
    (method, path, route) => {
      const escaped = `/${path.replaceAll('/', '~1')}`;
      const setting = settings.find((candidate) => candidate.HttpMethod === method && candidate.ResourcePath === escaped);
      expect(setting).toMatchObject({
        ThrottlingRateLimit: route.throttle?.rateLimit,
        ThrottlingBurstLimit: route.throttle?.burstLimit,
      });
      const stageDefault = settings.find((candidate) => candidate.ResourcePath === '/*');
      expect(route.throttle?.rateLimit).toBeLessThan(stageDefault?.ThrottlingRateLimit ?? 0);
    },
  );

  it('leave the local outbox and token endpoints out of the stack', () => {
    const parts = Object.values(resourcesOf(template, 'AWS::ApiGateway::Resource')).map((resource) =>
      String(resource.Properties?.['PathPart']),
    );
    expect(parts).not.toContain('local');
    expect(parts).not.toContain('outbox');
    expect(parts).not.toContain('oauth2');
    expect(JSON.stringify(template.toJSON())).not.toContain('/local/outbox');
  });
});
