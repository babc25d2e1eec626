import { describe, expect, it } from 'vitest';
import { TABLE_ACTIONS } from '../../../infra/constructs/grants';
import { functionRoleName } from '../../../infra/constructs/kippu-function';
import { API_THROTTLING_RATE_LIMIT } from '../../../infra/constructs/kippu-api';
import { addressRequestsPerWindowMax, callerRequestsPerWindowMax } from '../../../infra/constructs/kippu-waf';
import { functionList, type FunctionDefinition } from '../../../shared/resources/functions';
import {
  DATA_KEY_PURPOSE_CONTEXT_KEY,
  DELEGATED_SIGNING_KEY_PURPOSE,
  dataKey,
  ticketSigningKey,
} from '../../../shared/resources/keys';
import { routes } from '../../../shared/resources/routes';
import {
  actionsOf,
  functionOf,
  functionStatements,
  logicalIdOf,
  mentions,
  resourceListOf,
  resourcesOf,
  statementsOfRole,
  synthesizeKippu,
  templateOf,
  templatesOf,
  type PolicyStatementJson,
} from '../fixture';

const fixture = synthesizeKippu();
const stage = fixture.settings.stage;
const template = fixture.statelessTemplate;

const roleNameOf = (definition: FunctionDefinition): unknown => {
  const { role } = functionOf(fixture, definition);
  return resourcesOf(templateOf(role), 'AWS::IAM::Role')[logicalIdOf(role)]?.Properties?.['RoleName'];
};

/** Whether a policy action (possibly with wildcards) covers kms:Sign. */
const coversSign = (action: string): boolean =>
  new RegExp(`^${action.replaceAll('*', '.*').replaceAll('?', '.')}$`).test('kms:Sign');
/** The role names at the end of the ARNs that a condition lists (the ARNs are joins around the account). */
const roleNamesIn = (value: unknown): string[] =>
  [...JSON.stringify(value).matchAll(/:role\/([A-Za-z0-9+=,.@_-]+)"/g)].map((match) => match[1] ?? '').sort();

describe('the ticket signing key policy', () => {
  const signingKey = fixture.stateful.keys.get(ticketSigningKey.id);
  if (signingKey === undefined) throw new Error('no signing key');
  const policy = resourcesOf(fixture.statefulTemplate, 'AWS::KMS::Key')[logicalIdOf(signingKey)]?.Properties?.['KeyPolicy'] as {
    Statement: PolicyStatementJson[];
  };
  const signers = functionList.filter((definition) =>
    definition.keys.some(({ key, access }) => key.id === ticketSigningKey.id && access.includes('sign')),
  );
  const signerRoleNames = signers.map((definition) => functionRoleName(stage, definition.name)).sort();

  it('has signing functions to name', () => {
    expect(signers.map((definition) => definition.name)).toEqual(expect.arrayContaining(['ticket-create', 'purchase-create']));
  });

  it('grants kms:Sign in exactly one statement, and only to the roles of the functions that declare sign', () => {
    const allowing = policy.Statement.filter(
      (statement) => statement.Effect === 'Allow' && actionsOf(statement).some(coversSign),
    );
    expect(allowing).toHaveLength(1);
    expect(actionsOf(allowing[0] as PolicyStatementJson)).toEqual(['kms:Sign']);
    expect(Object.keys(allowing[0]?.Condition ?? {})).toEqual(['ArnEquals']);
    expect(Object.keys(allowing[0]?.Condition?.['ArnEquals'] ?? {})).toEqual(['aws:PrincipalArn']);
    expect(roleNamesIn(allowing[0]?.Condition)).toEqual(signerRoleNames);
  });

  it('denies kms:Sign to every other principal, which also overrides IAM policies and KMS grants', () => {
    const denying = policy.Statement.filter(
      (statement) => statement.Effect === 'Deny' && actionsOf(statement).includes('kms:Sign'),
    );
    expect(denying).toHaveLength(1);
    expect((denying[0] as unknown as { Principal: unknown }).Principal).toEqual({ AWS: '*' });
    expect(Object.keys(denying[0]?.Condition?.['ArnNotEquals'] ?? {})).toEqual(['aws:PrincipalArn']);
    expect(roleNamesIn(denying[0]?.Condition)).toEqual(signerRoleNames);
  });

  it.each(signers.map((definition) => [definition.name, definition] as const))(
    'names the role of %s as the key policy does',
    (_name, definition) => {
      expect(roleNameOf(definition)).toBe(functionRoleName(stage, definition.name));
    },
  );
});

/** Whether a policy action (possibly with wildcards) covers an action. */
const covers = (pattern: string, action: string): boolean =>
  new RegExp(`^${pattern.replaceAll('*', '.*').replaceAll('?', '.')}$`, 'i').test(action);

/**
 * A direct KMS request a function could make to open a wrapped delegated signing key: the
 * action, the caller's role name and the encryption context of the ciphertext (not through a
 * service, so without kms:ViaService).
 */
interface OpeningRequest {
  readonly action: string;
  readonly roleName: string;
}
const PURPOSE_CONDITION_KEY = `kms:EncryptionContext:${DATA_KEY_PURPOSE_CONTEXT_KEY}`;

/**
 * Whether a statement's conditions hold for an opening request. Conditions on the purpose,
 * kms:ViaService and aws:PrincipalArn are evaluated; any other condition is assumed to hold,
 * so that an unknown condition can only make a role look more powerful than it is.
 */
const conditionsHold = (statement: PolicyStatementJson, request: OpeningRequest): boolean =>
  Object.entries(statement.Condition ?? {}).every(([operator, entries]) =>
    Object.entries(entries).every(([key, value]) => {
      const values = (Array.isArray(value) ? value : [value]).map((item) => JSON.stringify(item));
      if (key === 'kms:ViaService') return operator.startsWith('StringNotEquals') || operator.startsWith('StringNotLike');
      if (key === PURPOSE_CONDITION_KEY) {
        const matches = values.includes(JSON.stringify(DELEGATED_SIGNING_KEY_PURPOSE));
        return operator.includes('Not') ? !matches : matches;
      }
      if (key === 'aws:PrincipalArn') {
        const matches = roleNamesIn(value).includes(request.roleName);
        return operator.includes('Not') ? !matches : matches;
      }
      return true;
    }),
  );

describe('the data key and the delegated signing keys it wraps', () => {
  const dataKeyResource = fixture.stateful.keys.get(dataKey.id);
  if (dataKeyResource === undefined) throw new Error('no data key');
  const dataKeyId = logicalIdOf(dataKeyResource);
  const keyPolicy = resourcesOf(fixture.statefulTemplate, 'AWS::KMS::Key')[dataKeyId]?.Properties?.['KeyPolicy'] as {
    Statement: PolicyStatementJson[];
  };
  const openers = functionList.filter((definition) =>
    definition.keys.some(
      ({ key, access, purpose }) =>
        key.id === dataKey.id && purpose === DELEGATED_SIGNING_KEY_PURPOSE && access.includes('decrypt'),
    ),
  );
  const openerRoleNames = openers.map((definition) => functionRoleName(stage, definition.name)).sort();
  /** Every role of the app, in every template, with the name it has in AWS (its logical id when CloudFormation names it). */
  const roles = templatesOf(fixture).flatMap(([, roleTemplate]) =>
    Object.entries(resourcesOf(roleTemplate, 'AWS::IAM::Role')).map(([logicalId, role]) => ({
      roleName: typeof role.Properties?.['RoleName'] === 'string' ? role.Properties['RoleName'] : logicalId,
      statements: statementsOfRole(roleTemplate, logicalId),
    })),
  );
  /** Whether a request can succeed: some role statement on the data key allows it and no key policy statement denies it. */
  const allowed = (statements: readonly PolicyStatementJson[], request: OpeningRequest): boolean =>
    statements.some(
      (statement) =>
        resourceListOf(statement).some((resource) => mentions(resource, dataKeyId) || resource === '*') &&
        actionsOf(statement).some((action) => covers(action, request.action)) &&
        conditionsHold(statement, request),
    ) &&
    !keyPolicy.Statement.some(
      (statement) =>
        statement.Effect === 'Deny' &&
        actionsOf(statement).some((action) => covers(action, request.action)) &&
        conditionsHold(statement, request),
    );

  it('has functions that open delegated keys, and roles that only read the core table', () => {
    expect(openers.map((definition) => definition.name)).toEqual(expect.arrayContaining(['ticket-create', 'purchase-create']));
    expect(roles.map((role) => role.roleName)).toEqual(expect.arrayContaining([functionRoleName(stage, 'me-get')]));
  });

  it.each(['kms:Decrypt', 'kms:ReEncryptFrom'])(
    'lets only the roles of the functions that declare decrypt for the purpose %s under the delegated signing key context',
    (action) => {
      const able = roles.filter((role) => allowed(role.statements, { action, roleName: role.roleName }));
      expect(able.map((role) => role.roleName).sort()).toEqual(action === 'kms:Decrypt' ? openerRoleNames : []);
    },
  );

  it('denies opening under that context to every principal but those roles, in the key policy itself', () => {
    const denying = keyPolicy.Statement.filter((statement) => statement.Effect === 'Deny');
    expect(denying).toHaveLength(1);
    expect((denying[0] as unknown as { Principal: unknown }).Principal).toEqual({ AWS: '*' });
    expect(actionsOf(denying[0] as PolicyStatementJson)).toEqual(['kms:Decrypt', 'kms:ReEncrypt*']);
    expect(denying[0]?.Condition?.['StringEquals']).toEqual({ [PURPOSE_CONDITION_KEY]: DELEGATED_SIGNING_KEY_PURPOSE });
    expect(roleNamesIn(denying[0]?.Condition?.['ArnNotEquals'])).toEqual(openerRoleNames);
  });

  it('lets a table reader use the data key only through DynamoDB', () => {
    const meGet = functionList.find((definition) => definition.name === 'me-get');
    if (meGet === undefined) throw new Error('no me-get');
    const onDataKey = functionStatements(fixture, meGet).filter((statement) => mentions(statement.Resource, dataKeyId));
    expect(onDataKey).toHaveLength(1);
    expect(JSON.stringify(onDataKey[0]?.Condition?.['StringEquals']?.['kms:ViaService'])).toContain('dynamodb.');
  });
});

describe('table grants', () => {
  const tableStatements = (definition: FunctionDefinition): PolicyStatementJson[] =>
    functionStatements(fixture, definition).filter((statement) =>
      actionsOf(statement).some((action) => action.startsWith('dynamodb:')),
    );
  const readOnly = functionList.filter(
    (definition) => definition.tables.length > 0 && definition.tables.every(({ access }) => access === 'read'),
  );

  it('has read-only functions to check', () => {
    expect(readOnly.map((definition) => definition.name)).toEqual(expect.arrayContaining(['ticket-get', 'listings-get']));
  });

  it.each(readOnly.map((definition) => [definition.name, definition] as const))(
    'gives the read-only function %s exactly the read actions',
    (_name, definition) => {
      expect([...new Set(tableStatements(definition).flatMap(actionsOf))].sort()).toEqual([...TABLE_ACTIONS.read].sort());
    },
  );

  it.each(functionList.map((definition) => [definition.name, definition] as const))(
    'lets %s neither scan a table nor read a stream',
    (_name, definition) => {
      const actions = tableStatements(definition).flatMap(actionsOf);
      for (const action of ['dynamodb:Scan', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator', 'dynamodb:*'])
        expect(actions).not.toContain(action);
    },
  );
});

describe('the WAF web ACL', () => {
  const webAcls = Object.entries(resourcesOf(template, 'AWS::WAFv2::WebACL'));
  const associations = Object.values(resourcesOf(template, 'AWS::WAFv2::WebACLAssociation'));
  const [stageId] = Object.keys(resourcesOf(template, 'AWS::ApiGateway::Stage'));
  const rules = (webAcls[0]?.[1].Properties?.['Rules'] ?? []) as {
    Name: string;
    Statement: Record<string, Record<string, unknown>>;
    Action?: unknown;
  }[];
  const rule = (name: string) => rules.find((candidate) => candidate.Name === name)?.Statement;

  it('is associated with the API stage', () => {
    expect(webAcls).toHaveLength(1);
    expect(associations).toHaveLength(1);
    expect(webAcls[0]?.[1].Properties?.['Scope']).toBe('REGIONAL');
    expect(mentions(associations[0]?.Properties?.['WebACLArn'], webAcls[0]?.[0] ?? '')).toBe(true);
    expect(mentions(associations[0]?.Properties?.['ResourceArn'], stageId ?? '')).toBe(true);
    expect(mentions(associations[0]?.Properties?.['ResourceArn'], logicalIdOf(fixture.stateless.api.restApi))).toBe(true);
  });

  it('runs the AWS managed common and known-bad-inputs rule sets', () => {
    for (const name of ['AWSManagedRulesCommonRuleSet', 'AWSManagedRulesKnownBadInputsRuleSet']) {
      expect(rule(name)?.['ManagedRuleGroupStatement']).toMatchObject({ VendorName: 'AWS', Name: name });
    }
  });

  it('limits each caller, keyed on the Authorization header, to a fifth of the stage throttle', () => {
    expect(rule('PerCallerRateLimit')?.['RateBasedStatement']).toEqual({
      AggregateKeyType: 'CUSTOM_KEYS',
      CustomKeys: [{ Header: { Name: 'authorization', TextTransformations: [{ Priority: 0, Type: 'NONE' }] } }],
      EvaluationWindowSec: 60,
      Limit: callerRequestsPerWindowMax(API_THROTTLING_RATE_LIMIT),
    });
    expect(callerRequestsPerWindowMax(API_THROTTLING_RATE_LIMIT)).toBeLessThan(API_THROTTLING_RATE_LIMIT * 60);
  });

  it('limits each source address too, and answers rate-limited requests with 429', () => {
    expect(rule('PerAddressRateLimit')?.['RateBasedStatement']).toMatchObject({
      AggregateKeyType: 'IP',
      Limit: addressRequestsPerWindowMax(API_THROTTLING_RATE_LIMIT),
    });
    for (const name of ['PerCallerRateLimit', 'PerAddressRateLimit']) {
      expect(rules.find((candidate) => candidate.Name === name)?.Action).toMatchObject({
        Block: { CustomResponse: { ResponseCode: 429 } },
      });
    }
  });
});

describe('the cdk-nag reason for public routes', () => {
  const publicRoutes = routes.filter((route) => route.public);
  const methods = Object.values(resourcesOf(template, 'AWS::ApiGateway::Method')).filter(
    (method) => method.Properties?.['AuthorizationType'] === 'NONE',
  );

  it('covers /v1/listings among the public routes', () => {
    expect(publicRoutes.map((route) => route.path)).toContain('/v1/listings');
    expect(methods).toHaveLength(publicRoutes.length);
  });

  it('names every public route on every public method', () => {
    for (const method of methods) {
      const rules = (method.Metadata?.['cdk_nag'] as { rules_to_suppress: { id: string; reason: string }[] }).rules_to_suppress;
      expect(rules.map((rule) => rule.id).sort()).toEqual(['AwsSolutions-APIG4', 'AwsSolutions-COG4']);
      for (const { reason } of rules) {
        for (const route of publicRoutes) expect(reason).toContain(`${route.method} ${route.path}`);
      }
    }
  });
});
