import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintTemplates, type CfnLintMatch } from '../../../scripts/cfn-lint/index';
import { resourcesOf, stacksOf, synthesizeKippu, templatesOf } from '../fixture';

const fixture = synthesizeKippu();
const templateFiles = readdirSync(fixture.assemblyDirectory)
  .filter((name) => name.endsWith('.template.json'))
  .map((name) => join(fixture.assemblyDirectory, name));

/**
 * Started as soon as this suite is loaded, so that cfn-lint (a Python process, the slowest
 * check of the infra tests) runs while the other suites of the same test file run theirs.
 * Installs cfn-lint into .local/cfn-lint-venv on the first run (pip, about half a minute).
 */
const linting: Promise<{ readonly matches: CfnLintMatch[] } | { readonly error: unknown }> = lintTemplates(templateFiles).then(
  (matches) => ({ matches }),
  (error: unknown) => ({ error }),
);

/** What a suppression (infra/constructs/cfn-lint.ts) leaves in a resource's metadata. */
interface CfnLintMetadata {
  readonly config?: { readonly ignore_checks?: readonly string[] };
  readonly reasons?: Readonly<Record<string, string>>;
}

/** The cfn-lint tests; registered last, so that they wait for cfn-lint as little as possible. */
export const describeCfnLint = (): void => {
  describe('cfn-lint', () => {
    it('lints every template of the app, the nested stacks’ too', () => {
      expect(templateFiles.map((file) => file.slice(fixture.assemblyDirectory.length + 1)).sort()).toEqual(
        stacksOf(fixture)
          .map((stack) => stack.templateFile)
          .sort(),
      );
    });

    it('reports no error and no warning on any synthesized template', async () => {
      const linted = await linting;
      if ('error' in linted) throw linted.error;
      expect(
        linted.matches.map((match) => `${match.Rule.Id} ${match.Message} at ${(match.Location.Path ?? []).join('/')}`),
      ).toEqual([]);
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
};
