import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Aspects, NestedStack, Stack } from 'aws-cdk-lib';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { KippuFunction } from '../../../infra/constructs/kippu-function';
import { PROJECT_ROOT } from '../../../infra/constructs/paths';
import { functionList } from '../../../shared/resources/functions';
import { routes } from '../../../shared/resources/routes';
import { declaredClients, sdkClientsOf } from '../../../bench/functions';
import { bundleFunctions, type FunctionBundles } from '../bundles';
import { nagFindings, resourcesOf, synthesizeKippu, templatesOf, topLevelStacksOf } from '../fixture';

const fixture = synthesizeKippu();
const stacks = topLevelStacksOf(fixture);
const templates = templatesOf(fixture).map(([, template]) => template);

/** Strings that only the local development token issuer uses. */
const DEV_ISSUER_MARKERS = ['local/token', 'kippu-local-dev', 'scripts/local'];

/** Every function of the app, bundled as for a deployment (bundles.ts). */
let bundles: FunctionBundles = { code: new Map(), sources: [], inputsByEntry: new Map() };
beforeAll(async () => {
  bundles = await bundleFunctions(fixture.app);
});

/** What every deployed bundle holds: its code, and the sources its source map carries. */
const deployedTexts = (): (readonly [string, string])[] => [
  ...bundles.code,
  ...bundles.sources.map((source) => [source, readFileSync(source, 'utf8')] as const),
];

describe('the development token issuer is never deployed', () => {
  it('declares no API resource whose path mentions local', () => {
    for (const resource of Object.values(resourcesOf(fixture.statelessTemplate, 'AWS::ApiGateway::Resource'))) {
      expect(String(resource.Properties?.['PathPart'])).not.toMatch(/local/i);
    }
  });

  it('mentions no dev issuer marker anywhere in the templates', () => {
    for (const template of templates) {
      const json = JSON.stringify(template.toJSON());
      for (const marker of DEV_ISSUER_MARKERS) expect(json).not.toContain(marker);
    }
  });

  it('bundles no dev issuer code into any function asset, source maps included', () => {
    const functionCount = fixture.app.node.findAll().filter((construct) => construct instanceof KippuFunction).length;
    expect(bundles.code.size).toBe(functionCount);
    expect(bundles.sources.some((source) => source.includes('/shared/'))).toBe(true);
    expect(bundles.sources.filter((source) => source.startsWith(join(PROJECT_ROOT, 'scripts', '/')))).toEqual([]);
    for (const [name, content] of deployedTexts()) {
      for (const marker of DEV_ISSUER_MARKERS) expect(content, `${name} contains ${marker}`).not.toContain(marker);
    }
  });
});

describe('the API reference page is local only', () => {
  it('declares no /docs route and no API resource named docs', () => {
    expect(routes.filter((route) => route.path === '/docs' || route.path.startsWith('/docs/'))).toEqual([]);
    for (const resource of Object.values(resourcesOf(fixture.statelessTemplate, 'AWS::ApiGateway::Resource'))) {
      expect(String(resource.Properties?.['PathPart'])).not.toBe('docs');
    }
  });

  it('bundles no Swagger UI into any function asset', () => {
    expect(bundles.sources.filter((source) => source.includes('swagger-ui'))).toEqual([]);
    for (const [name, content] of deployedTexts()) expect(content, name).not.toContain('SwaggerUIBundle');
  });
});

describe('the local test clock is never deployed', () => {
  it('has no /local/clock route: no API resource named clock under a local path', () => {
    const resources = Object.values(resourcesOf(fixture.statelessTemplate, 'AWS::ApiGateway::Resource'));
    const parts = resources.map((resource) => String(resource.Properties?.['PathPart']));
    expect(parts).not.toContain('local');
    expect(parts.filter((part) => part === 'clock')).toEqual([]);
  });

  it('bundles no code that can move the clock: only the reader of an offset nothing deployed installs', () => {
    expect(bundles.code.size).toBeGreaterThan(0);
    expect(
      bundles.sources.filter((source) => source.endsWith('test-clock.ts') || source.endsWith('local-clock-route.ts')),
    ).toEqual([]);
    for (const [name, content] of bundles.code) {
      // The test clock's own sentences survive minification; identifiers do not.
      expect(content, name).not.toContain('the local test clock never runs inside a Lambda function');
      expect(content, name).not.toContain('the test clock moves forward');
    }
  });
});

describe('what a function bundle holds', () => {
  it('holds only the AWS SDK clients its declaration lets the function call', () => {
    for (const definition of functionList) {
      const inputs = bundles.inputsByEntry.get(join(PROJECT_ROOT, 'functions', definition.name, 'handler.ts')) ?? [];
      expect(inputs.length, definition.name).toBeGreaterThan(0);
      const undeclared = sdkClientsOf(inputs).filter((client) => !declaredClients(definition).includes(client));
      expect(undeclared, definition.name).toEqual([]);
    }
  });

  it('holds only the parts of zod it uses: none of its locales but English (zod imported as a namespace, which esbuild tree-shakes)', () => {
    for (const [entry, inputs] of bundles.inputsByEntry) {
      const locales = inputs.filter((input) => input.includes('node_modules/zod/v4/locales/') && !input.endsWith('/en.js'));
      expect(locales, entry).toEqual([]);
    }
  });
});

describe('cdk-nag AwsSolutions', () => {
  it.each(stacks.map((stack) => [stack.stackName, stack] as const))('reports no error and no warning in %s', (_name, stack) => {
    expect(nagFindings(fixture, stack)).toEqual([]);
  });

  it('sees the findings of a stack and of its nested stacks in the synthesized assembly', () => {
    const app = new App({ outdir: mkdtempSync(join(tmpdir(), 'kippu-cdk-nag-')) });
    const stack = new Stack(app, 'Unsafe');
    new Queue(stack, 'PlainQueue');
    new Queue(new NestedStack(stack, 'Nested'), 'NestedPlainQueue');
    Aspects.of(app).add(new AwsSolutionsChecks());
    const findings = nagFindings({ assembly: app.synth() }, stack);
    // SQS3: no dead-letter queue, SQS4: no TLS-only policy.
    expect(findings.filter((finding) => finding.includes('/PlainQueue/') && finding.includes('AwsSolutions-SQS4'))).toHaveLength(
      1,
    );
    expect(
      findings.filter((finding) => finding.includes('/NestedPlainQueue/') && finding.includes('AwsSolutions-SQS4')),
    ).toHaveLength(1);
  });

  it('gives every suppression a written reason', () => {
    let suppressions = 0;
    for (const template of templates) {
      for (const [logicalId, resource] of Object.entries(resourcesOf(template))) {
        const rules = (resource.Metadata?.['cdk_nag'] as { rules_to_suppress?: { id: string; reason: string }[] } | undefined)
          ?.rules_to_suppress;
        for (const rule of rules ?? []) {
          suppressions += 1;
          expect(rule.id, logicalId).toMatch(/^AwsSolutions-/);
          expect(rule.reason.trim().length, `${logicalId} ${rule.id}`).toBeGreaterThanOrEqual(40);
        }
      }
    }
    expect(suppressions).toBeGreaterThan(0);
  });
});
