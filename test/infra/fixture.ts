import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Aspects, NestedStack, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { CloudAssembly } from 'aws-cdk-lib/cx-api';
import type { CfnResource } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import type { KippuDeclarations } from '../../infra/constructs/declarations';
import { addKippuStacks, contextSettings, type KippuSettings, type KippuStacks } from '../../infra/constructs/kippu-stacks';
import type { KippuFunction } from '../../infra/constructs/kippu-function';
import { PROJECT_ROOT, functionEntry } from '../../infra/constructs/paths';

/**
 * One synthesized kippu app per test worker (module scope caches it): the same context as
 * `npx cdk synth` (cdk.json, feature flags included) and the same cdk-nag checks as
 * infra/app.ts, but without esbuild bundling (the `aws:cdk:bundling-stacks` context set to
 * none): no assertion looks into a function asset, and bundling every function took most of
 * the infra tests' time. What a bundle holds is checked on bundles built with the same
 * settings (bundles.ts). A retired signing key ARN and an alarm e-mail are passed so those
 * paths are synthesized too.
 */
export const RETIRED_SIGNING_KEY_ARN = 'arn:aws:kms:eu-west-1:111122223333:key/00000000-0000-0000-0000-0000000000aa';
/** A retired signing key's public half (base64 DER, SPKI: a P-256 key made for the tests), served without its KMS key. */
export const RETIRED_SIGNING_PUBLIC_KEY =
  'MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEBFpmD/LgVTVxxROaNa0hAQ7wUv/0tU7ifBk+x6nCdFtiN4G5IORsHknn0fjSI0PdH9mOY/aM5dSGUjWc2abPKw==';
/** The alarm e-mail the shared fixture subscribes (`-c alarmEmail=...`). */
export const ALARM_EMAIL = 'ops@example.com';

export interface SyntheticFixture extends KippuStacks {
  readonly settings: KippuSettings;
  readonly statefulTemplate: Template;
  /** The stateless stack's own template: the API and Cognito (the functions are in its nested stacks). */
  readonly statelessTemplate: Template;
  readonly monitoringTemplate: Template;
  /** The cloud assembly directory: the templates (nested ones too). */
  readonly assemblyDirectory: string;
  /** The cloud assembly of the one synthesis: templates and every stack's messages (cdk-nag's findings). */
  readonly assembly: CloudAssembly;
}

export interface InfraFixture extends SyntheticFixture {
  readonly app: App;
}

interface CdkJson {
  readonly context: Record<string, unknown>;
}

const cdkJsonContext = (): Record<string, unknown> =>
  (JSON.parse(readFileSync(join(PROJECT_ROOT, 'cdk.json'), 'utf8')) as CdkJson).context;

interface SynthesisOptions {
  /** Defaults to the declarations in shared/resources. */
  readonly declarations?: KippuDeclarations;
  /** Context values on top of cdk.json's. */
  readonly context?: Record<string, unknown>;
  readonly functionEntry?: (name: string) => string;
}

const synthesize = (options: SynthesisOptions): InfraFixture => {
  const app = new App({
    outdir: mkdtempSync(join(tmpdir(), 'kippu-cdk-test-')),
    context: { ...cdkJsonContext(), 'aws:cdk:bundling-stacks': [], ...options.context },
  });
  const settings = contextSettings(app, options.declarations?.periodicSchedules);
  const stacks = addKippuStacks(app, settings, {
    ...(options.declarations === undefined ? {} : { declarations: options.declarations }),
    ...(options.functionEntry === undefined ? {} : { functionEntry: options.functionEntry }),
  });
  Aspects.of(app).add(new AwsSolutionsChecks({ verbose: true }));
  const assembly = app.synth();
  return {
    app,
    settings,
    ...stacks,
    statefulTemplate: Template.fromStack(stacks.stateful),
    statelessTemplate: Template.fromStack(stacks.stateless),
    monitoringTemplate: Template.fromStack(stacks.monitoring),
    assemblyDirectory: assembly.directory,
    assembly,
  };
};

let cached: InfraFixture | undefined;

/** The app as shared/resources declares it, synthesized once per test worker. */
export const synthesizeKippu = (): InfraFixture => {
  cached ??= synthesize({
    context: {
      ticketVerifyKeyArns: [RETIRED_SIGNING_KEY_ARN],
      ticketRetiredPublicKeys: [RETIRED_SIGNING_PUBLIC_KEY],
      alarmEmail: ALARM_EMAIL,
    },
  });
  return cached;
};

/** Every synthetic function runs this existing handler module, so no new code is needed to build one. */
export const SYNTHETIC_FUNCTION_ENTRY = functionEntry('health-get');

/**
 * A kippu app built from synthetic declarations (cdk.json context plus `context`), with the
 * same cdk-nag checks. Lets the tests reach queue, consumer and one-time schedule paths
 * before shared/resources declares any, and count what one more function or route costs.
 */
export const synthesizeSynthetic = (declarations: KippuDeclarations, context: Record<string, unknown> = {}): SyntheticFixture =>
  synthesize({ declarations, context, functionEntry: () => SYNTHETIC_FUNCTION_ENTRY });

/** Every stack of a fixture, nested ones included. */
export const stacksOf = (fixture: KippuStacks): Stack[] =>
  [fixture.stateful, fixture.stateless, fixture.monitoring].flatMap((stack) => [
    stack,
    ...stack.node.findAll().filter((construct): construct is NestedStack => construct instanceof NestedStack),
  ]);

/** The top-level stacks of a fixture, each with the nested stacks it deploys. */
export const topLevelStacksOf = (fixture: KippuStacks): Stack[] => [fixture.stateful, fixture.stateless, fixture.monitoring];

const templates = new WeakMap<Stack, Template>();

/** The template of the stack (top-level or nested) that holds a construct. */
export const templateOf = (construct: IConstruct): Template => {
  const stack = Stack.of(construct);
  const known = templates.get(stack);
  if (known !== undefined) return known;
  const template = Template.fromStack(stack);
  templates.set(stack, template);
  return template;
};

/** Every template of a fixture, nested ones included, named by stack path. */
export const templatesOf = (fixture: KippuStacks): (readonly [string, Template])[] =>
  stacksOf(fixture).map((stack) => [stack.node.path, templateOf(stack)] as const);

/** The templates of the stateless stack and of its nested stacks. */
export const statelessTemplatesOf = (fixture: KippuStacks): Template[] =>
  stacksOf(fixture)
    .filter((stack) => stack === fixture.stateless || stack.nestedStackParent === fixture.stateless)
    .map(templateOf);

/**
 * A value of a nested stack's template with its parameters replaced by what the parent
 * stack passes for them, so that it names the resources of the parent (or the exports of the
 * stateful stack) it refers to.
 */
export const resolvedIn = (construct: IConstruct, value: unknown): unknown => {
  const stack = Stack.of(construct);
  const parent = stack.nestedStackParent;
  const resource = stack.nestedStackResource;
  if (parent === undefined || resource === undefined) return value;
  const parameters = resourcesOf(templateOf(resource))[parent.getLogicalId(resource)]?.Properties?.['Parameters'] as
    Record<string, unknown> | undefined;
  const replace = (item: unknown): unknown => {
    if (Array.isArray(item)) return item.map(replace);
    if (item === null || typeof item !== 'object') return item;
    const entries = Object.entries(item);
    const [[key, ref] = ['', undefined]] = entries;
    if (entries.length === 1 && key === 'Ref' && typeof ref === 'string' && parameters?.[ref] !== undefined)
      return parameters[ref];
    return Object.fromEntries(entries.map(([name, child]) => [name, replace(child)]));
  };
  return replace(value);
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
  readonly DependsOn?: string[];
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

interface PolicyJson {
  readonly PolicyDocument: { readonly Statement: PolicyStatementJson[] };
}

/**
 * Every Allow statement a role has, by the role's logical id: its inline policies (where
 * kippu's function roles keep theirs) and every AWS::IAM::Policy attached to it.
 */
export const statementsOfRole = (template: Template, roleLogicalId: string): PolicyStatementJson[] => {
  const inline = (resourcesOf(template, 'AWS::IAM::Role')[roleLogicalId]?.Properties?.['Policies'] ?? []) as PolicyJson[];
  const attached = Object.values(resourcesOf(template, 'AWS::IAM::Policy'))
    .filter((policy) => mentions(policy.Properties?.['Roles'], roleLogicalId))
    .map((policy) => policy.Properties as unknown as PolicyJson);
  return [...inline, ...attached]
    .flatMap((policy) => policy.PolicyDocument.Statement)
    .filter((statement) => statement.Effect === 'Allow');
};

/** The environment variables of a Lambda function resource. */
export const variablesOf = (template: Template, functionLogicalId: string): Record<string, unknown> => {
  const properties = resourcesOf(template, 'AWS::Lambda::Function')[functionLogicalId]?.Properties;
  if (properties === undefined) throw new Error(`no function ${functionLogicalId}`);
  return (properties['Environment'] as { Variables: Record<string, unknown> }).Variables;
};

/**
 * Every cdk-nag AwsSolutions error and warning on a top-level stack (its nested stacks'
 * included), as `<path>: <message>` lines, read from the fixture's cloud assembly. Not
 * Annotations.fromStack, which synthesizes the whole app again on every call (several
 * seconds each): the messages of the one synthesis are the same, because cdk-nag runs as
 * an aspect during it.
 */
export const nagFindings = (fixture: Pick<SyntheticFixture, 'assembly'>, stack: Stack): string[] =>
  fixture.assembly
    .getStackArtifact(stack.artifactId)
    .messages.filter(
      (message) => (message.level === 'error' || message.level === 'warning') && /AwsSolutions-/.test(String(message.entry.data)),
    )
    .map((message) => `${message.level} ${message.id}: ${String(message.entry.data)}`);

/** A declared function's construct in a fixture's stateless stack (in one of its nested stacks). */
export const functionOf = (fixture: KippuStacks, definition: { readonly name: string }): KippuFunction => {
  const found = fixture.stateless.functions.get(definition.name);
  if (found === undefined) throw new Error(`no function ${definition.name}`);
  return found;
};

/** The Allow statements of a declared function's role. */
export const functionStatements = (fixture: KippuStacks, definition: { readonly name: string }): PolicyStatementJson[] => {
  const { role } = functionOf(fixture, definition);
  return statementsOfRole(templateOf(role), logicalIdOf(role));
};

/** The environment variables of a declared function. */
export const functionVariables = (fixture: KippuStacks, definition: { readonly name: string }): Record<string, unknown> => {
  const { function: lambda } = functionOf(fixture, definition);
  return variablesOf(templateOf(lambda), logicalIdOf(lambda));
};
