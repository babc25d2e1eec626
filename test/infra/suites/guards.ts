import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { routes } from '../../../shared/resources/routes';
import { resourcesOf, synthesizeKippu } from '../fixture';

const fixture = synthesizeKippu();
const stacks = [fixture.stateful, fixture.stateless];
const templates = [fixture.statefulTemplate, fixture.statelessTemplate];

/** Strings that only the local development token issuer uses. */
const DEV_ISSUER_MARKERS = ['local/token', 'kippu-local-dev', 'scripts/local'];

const filesUnder = (directory: string): string[] =>
  readdirSync(directory).flatMap((name) => {
    const path = join(directory, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });

/** Every file of every function asset the synthesized app bundles, source maps included. */
const functionAssetFiles = (): string[] =>
  readdirSync(fixture.assemblyDirectory)
    .filter((name) => name.startsWith('asset.'))
    .flatMap((name) => filesUnder(join(fixture.assemblyDirectory, name)));

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
    const assetFiles = functionAssetFiles();
    expect(assetFiles.some((file) => file.endsWith('.mjs'))).toBe(true);
    for (const file of assetFiles) {
      const content = readFileSync(file, 'utf8');
      for (const marker of DEV_ISSUER_MARKERS) expect(content, `${file} contains ${marker}`).not.toContain(marker);
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
    for (const file of functionAssetFiles()) expect(readFileSync(file, 'utf8'), file).not.toContain('SwaggerUIBundle');
  });
});

describe('cdk-nag AwsSolutions', () => {
  it.each(stacks.map((stack) => [stack.stackName, stack] as const))('reports no error in %s', (_name, stack) => {
    const errors = Annotations.fromStack(stack).findError('*', Match.stringLikeRegexp('AwsSolutions-.*'));
    expect(errors.map((error) => `${error.id}: ${String(error.entry.data)}`)).toEqual([]);
  });

  it.each(stacks.map((stack) => [stack.stackName, stack] as const))('reports no warning in %s either', (_name, stack) => {
    const warnings = Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('AwsSolutions-.*'));
    expect(warnings.map((warning) => `${warning.id}: ${String(warning.entry.data)}`)).toEqual([]);
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
