import { parseArgs } from 'node:util';
import { issueDevToken, parseTokenRequest } from './dev-tokens';

/**
 * `npm run token -- --role <role> --sub <id>` prints a development bearer token; `--help` prints
 * the usage (exit 0), an unknown option or a bad value the usage and what is wrong (exit 2).
 */
const USAGE = 'usage: npm run token -- --role <customer|provider|agent|operator> --sub <id>\n';

const refuse = (issues: string): void => {
  process.stderr.write(`${USAGE}${issues}\n`);
  process.exitCode = 2;
};

let values: { role?: string; sub?: string; help?: boolean } | undefined;
try {
  ({ values } = parseArgs({
    options: { role: { type: 'string' }, sub: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  }));
} catch (error) {
  refuse(error instanceof Error ? error.message : String(error));
}
if (values?.help === true) {
  process.stdout.write(USAGE);
} else if (values !== undefined) {
  const request = parseTokenRequest({ role: values.role, sub: values.sub });
  if (Array.isArray(request)) refuse(request.map((issue) => `--${issue.field} ${issue.message}`).join('\n'));
  else process.stdout.write(`${await issueDevToken(request.role, request.sub)}\n`);
}
