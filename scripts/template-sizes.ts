/**
 * How full each CloudFormation template of a synthesized app is: resources (CloudFormation
 * allows 500, the infra tests 400), parameters and outputs (200 each), for every template
 * of the cloud assembly, nested ones included.
 *
 *   npx cdk synth -q && npx tsx scripts/template-sizes.ts            # reads cdk.out
 *   npx tsx scripts/template-sizes.ts <cloud assembly directory>
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface TemplateSize {
  /** The template's file name in the cloud assembly. */
  readonly template: string;
  readonly resources: number;
  readonly parameters: number;
  readonly outputs: number;
}

interface TemplateJson {
  readonly Resources?: object;
  readonly Parameters?: object;
  readonly Outputs?: object;
}

/** The size of every template in a cloud assembly directory, by file name. */
export const templateSizes = (directory: string): TemplateSize[] =>
  readdirSync(directory)
    .filter((name) => name.endsWith('.template.json'))
    .sort()
    .map((template) => {
      const json = JSON.parse(readFileSync(path.join(directory, template), 'utf8')) as TemplateJson;
      return {
        template,
        resources: Object.keys(json.Resources ?? {}).length,
        parameters: Object.keys(json.Parameters ?? {}).length,
        outputs: Object.keys(json.Outputs ?? {}).length,
      };
    });

const invokedDirectly = process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) {
  const directory = process.argv[2] ?? 'cdk.out';
  const sizes = templateSizes(directory);
  if (sizes.length === 0) {
    console.error(`no templates in ${directory}: run npx cdk synth -q first`);
    process.exit(2);
  }
  console.log('resources  parameters  outputs  template');
  for (const size of sizes) {
    console.log(
      `${String(size.resources).padStart(9)}  ${String(size.parameters).padStart(10)}  ${String(size.outputs).padStart(7)}  ${size.template}`,
    );
  }
}
