import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintTemplates } from '../../../scripts/cfn-lint/index';
import { resourcesOf, stacksOf, synthesizeKippu, templatesOf } from '../fixture';

const fixture = synthesizeKippu();
const templateFiles = readdirSync(fixture.assemblyDirectory)
  .filter((name) => name.endsWith('.template.json'))
  .map((name) => join(fixture.assemblyDirectory, name));

/** What a suppression (infra/constructs/cfn-lint.ts) leaves in a resource's metadata. */
interface CfnLintMetadata {
  readonly config?: { readonly ignore_checks?: readonly string[] };
  readonly reasons?: Readonly<Record<string, string>>;
}

describe('cfn-lint', () => {
  it('lints every template of the app, the nested stacks’ too', () => {
    expect(templateFiles.map((file) => file.slice(fixture.assemblyDirectory.length + 1)).sort()).toEqual(
      stacksOf(fixture)
        .map((stack) => stack.templateFile)
        .sort(),
    );
  });

  it('reports no error and no warning on any synthesized template', async () => {
    // Installs cfn-lint into .local/cfn-lint-venv on the first run (pip, about half a minute).
    const matches = await lintTemplates(templateFiles);
    expect(matches.map((match) => `${match.Rule.Id} ${match.Message} at ${(match.Location.Path ?? []).join('/')}`)).toEqual([]);
  });

  it('gives every cfn-lint suppression a written reason', () => {
    let suppressions = 0;
    for (const [, template] of templatesOf(fixture)) {
      for (const [logicalId, resource] of Object.entries(resourcesOf(template))) {
        const metadata = resource.Metadata?.['cfn-lint'] as CfnLintMetadata | undefined;
        for (const id of metadata?.config?.ignore_checks ?? []) {
          suppressions += 1;
          expect(metadata?.reasons?.[id]?.trim().length ?? 0, `${logicalId} ${id}`).toBeGreaterThanOrEqual(40);
        }
      }
    }
    expect(suppressions).toBeGreaterThan(0);
  });
});
