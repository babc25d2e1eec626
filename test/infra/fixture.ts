import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Aspects, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import type { CfnResource } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import type { KippuDeclarations } from '../../infra/constructs/declarations';
import { addKippuStacks, contextSettings, type KippuSettings, type KippuStacks } from '../../infra/constructs/kippu-stacks';
import { PROJECT_ROOT, functionEntry } from '../../infra/constructs/paths';

/**
 * One synthesized kippu app per test worker (module scope caches it): the same context as
 * `npx cdk synth` (cdk.json, feature flags included), the same cdk-nag checks as infra/app.ts,
 * and real esbuild bundling, so the assembly directory holds the code that would be deployed.
 * A retired signing key ARN and an alarm e-mail are passed so those paths are synthesized too.
 */
export const RETIRED_SIGNING_KEY_ARN = 'arn:aws:kms:eu-west-1:111122223333:key/00000000-0000-0000-0000-0000000000aa';
/** The alarm e-mail the shared fixture subscribes (`-c alarmEmail=...`). */
export const ALARM_EMAIL = 'ops@example.com';

export interface InfraFixture extends KippuStacks {
  readonly app: App;
  readonly settings: KippuSettings;
  readonly statefulTemplate: Template;
  readonly statelessTemplate: Template;
  /** The cloud assembly directory: templates and bundled assets. */
  readonly assemblyDirectory: string;
}

interface CdkJson {
  readonly context: Record<string, unknown>;
}

const cdkJsonContext = (): Record<string, unknown> =>
  (JSON.parse(readFileSync(join(PROJECT_ROOT, 'cdk.json'), 'utf8')) as CdkJson).context;

let cached: InfraFixture | undefined;

export const synthesizeKippu = (): InfraFixture => {
  if (cached !== undefined) return cached;
  const app = new App({
    outdir: mkdtempSync(join(tmpdir(), 'kippu-cdk-test-')),
    context: { ...cdkJsonContext(), ticketVerifyKeyArns: [RETIRED_SIGNING_KEY_ARN], alarmEmail: ALARM_EMAIL },
  });
  const settings = contextSettings(app);
  const stacks = addKippuStacks(app, settings);
  Aspects.of(app).add(new AwsSolutionsChecks({ verbose: true }));
  const assembly = app.synth();
  cached = {
    app,
    settings,
    ...stacks,
    statefulTemplate: Template.fromStack(stacks.stateful),
    statelessTemplate: Template.fromStack(stacks.stateless),
    assemblyDirectory: assembly.directory,
  };
  return cached;
};

/** Every synthetic function runs this existing handler module, so no new code is needed to build one. */
export const SYNTHETIC_FUNCTION_ENTRY = functionEntry('health-get');

export interface SyntheticFixture extends KippuStacks {
  readonly settings: KippuSettings;
  readonly statefulTemplate: Template;
  readonly statelessTemplate: Template;
}

/** Both templates of a fixture, named by stack. */
export const templatesOf = (fixture: SyntheticFixture): (readonly [string, Template])[] => [
  [fixture.stateful.stackName, fixture.statefulTemplate],
  [fixture.stateless.stackName, fixture.statelessTemplate],
];

/**
 * A kippu app built from synthetic declarations (cdk.json context plus `context`), with the
 * same cdk-nag checks but without esbuild bundling (the `aws:cdk:bundling-stacks` context set
 * to none), so that it synthesizes in a second or two. Lets the tests reach queue, consumer
 * and one-time schedule paths before shared/resources declares any.
 */
export const synthesizeSynthetic = (declarations: KippuDeclarations, context: Record<string, unknown> = {}): SyntheticFixture => {
  const app = new App({
    outdir: mkdtempSync(join(tmpdir(), 'kippu-cdk-synthetic-')),
    context: { ...cdkJsonContext(), 'aws:cdk:bundling-stacks': [], ...context },
  });
  const settings = contextSettings(app, declarations.periodicSchedules);
  const stacks = addKippuStacks(app, settings, { declarations, functionEntry: () => SYNTHETIC_FUNCTION_ENTRY });
  Aspects.of(app).add(new AwsSolutionsChecks({ verbose: true }));
  app.synth();
  return {
    settings,
    ...stacks,
    statefulTemplate: Template.fromStack(stacks.stateful),
    statelessTemplate: Template.fromStack(stacks.stateless),
  };
};

/** The logical id of a construct's CloudFormation resource within its stack. */
export const logicalIdOf = (construct: IConstruct): string => {
  const resource = construct.node.defaultChild as CfnResource | undefined;
  if (resource === undefined) throw new Error(`${construct.node.path} has no default child`);
  return Stack.of(construct).getLogicalId(resource);
};

export interface TemplateResource {
  readonly Type: string;
  readonly Properties?: Record<string, unknown>;
  readonly Metadata?: Record<string, unknown>;
  readonly DeletionPolicy?: string;
  readonly UpdateReplacePolicy?: string;
}

export const resourcesOf = (template: Template, type?: string): Record<string, TemplateResource> => {
  const all = (template.toJSON() as { Resources: Record<string, TemplateResource> }).Resources;
  return Object.fromEntries(Object.entries(all).filter(([, resource]) => type === undefined || resource.Type === type));
};

export interface PolicyStatementJson {
  readonly Effect: string;
  readonly Action: string | string[];
  readonly Resource: unknown;
  readonly Sid?: string;
  readonly Condition?: Record<string, Record<string, unknown>>;
}

export const actionsOf = (statement: PolicyStatementJson): string[] =>
  Array.isArray(statement.Action) ? statement.Action : [statement.Action];

export const resourceListOf = (statement: PolicyStatementJson): unknown[] =>
  Array.isArray(statement.Resource) ? statement.Resource : [statement.Resource];

/** Whether a CloudFormation value mentions a logical id (Ref, GetAtt or an import of its export). */
export const mentions = (value: unknown, logicalId: string): boolean => JSON.stringify(value).includes(logicalId);

/** Every Allow statement of every policy attached to a role, by the role's logical id. */
export const statementsOfRole = (template: Template, roleLogicalId: string): PolicyStatementJson[] =>
  Object.values(resourcesOf(template, 'AWS::IAM::Policy'))
    .filter((policy) => mentions(policy.Properties?.['Roles'], roleLogicalId))
    .flatMap((policy) => (policy.Properties?.['PolicyDocument'] as { Statement: PolicyStatementJson[] }).Statement)
    .filter((statement) => statement.Effect === 'Allow');

/** The environment variables of a Lambda function resource. */
export const variablesOf = (template: Template, functionLogicalId: string): Record<string, unknown> => {
  const properties = resourcesOf(template, 'AWS::Lambda::Function')[functionLogicalId]?.Properties;
  if (properties === undefined) throw new Error(`no function ${functionLogicalId}`);
  return (properties['Environment'] as { Variables: Record<string, unknown> }).Variables;
};

/** Every cdk-nag AwsSolutions error and warning on a stack, as `<path>: <message>` lines. */
export const nagFindings = (stack: Stack): string[] => {
  const annotations = Annotations.fromStack(stack);
  return [
    ...annotations.findError('*', Match.stringLikeRegexp('AwsSolutions-.*')),
    ...annotations.findWarning('*', Match.stringLikeRegexp('AwsSolutions-.*')),
  ].map((finding) => `${finding.id}: ${String(finding.entry.data)}`);
};

/** A declared function's construct in a fixture's stateless stack. */
export const functionOf = (fixture: KippuStacks, definition: { readonly name: string }) => {
  const found = fixture.stateless.functions.get(definition.name);
  if (found === undefined) throw new Error(`no function ${definition.name}`);
  return found;
};

/** The Allow statements of a declared function's role. */
export const functionStatements = (
  fixture: KippuStacks & { readonly statelessTemplate: Template },
  definition: { readonly name: string },
): PolicyStatementJson[] => statementsOfRole(fixture.statelessTemplate, logicalIdOf(functionOf(fixture, definition).role));
