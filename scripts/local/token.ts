import { parseArgs } from 'node:util';
import { issueDevToken, parseTokenRequest } from './dev-tokens';

/** `npm run token -- --role <role> --sub <id>` prints a development bearer token. */
const { values } = parseArgs({ options: { role: { type: 'string' }, sub: { type: 'string' } } });
const request = parseTokenRequest({ role: values.role, sub: values.sub });
if (Array.isArray(request)) {
  const issues = request.map((issue) => `--${issue.field} ${issue.message}`).join('\n');
  process.stderr.write(`usage: npm run token -- --role <customer|provider|agent|operator> --sub <id>\n${issues}\n`);
  process.exit(2);
}
process.stdout.write(`${await issueDevToken(request.role, request.sub)}\n`);
