import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../../../infra/constructs/paths';
import { scheduleCronContextKey } from '../../../infra/constructs/kippu-stacks';
import { functionList } from '../../../shared/resources/functions';
import { DELEGATED_SIGNING_KEY_PURPOSE, dataKey, keys, ticketSigningKey } from '../../../shared/resources/keys';
import { queueName, queues } from '../../../shared/resources/queues';
import { cronSchedules, scheduleCronEnvVar } from '../../../shared/resources/schedules';

/**
 * The lists in README and docs/operations.md that name declared things (who may sign, the
 * context values, the key variables, the queue alarms), compared with the declarations, so
 * that the next signer, key, cron schedule or queue cannot be left out of the runbook.
 */
const read = (path: string): string => readFileSync(join(PROJECT_ROOT, path), 'utf8');
const readme = read('README.md');
const operations = read('docs/operations.md');

/** The paragraph of docs/operations.md that starts with a bold heading, joined into one line. */
const paragraph = (heading: string): string => {
  const start = operations.indexOf(`**${heading}**`);
  expect(start, heading).toBeGreaterThanOrEqual(0);
  const end = operations.indexOf('\n\n', start);
  return operations.slice(start, end).replaceAll('\n', ' ');
};

/** The function names a paragraph mentions, out of every declared function name. */
const functionNamesIn = (text: string): string[] =>
  functionList
    .map((definition) => definition.name)
    .filter((name) => new RegExp(`(?<![a-z-])${name}(?![a-z-])`).test(text))
    .sort();

describe('docs/operations.md, security settings', () => {
  it('lists every function that may sign with the ticket signing key, and no other', () => {
    const signers = functionList
      .filter((definition) =>
        definition.keys.some(({ key, access }) => key.id === ticketSigningKey.id && access.includes('sign')),
      )
      .map((definition) => definition.name)
      .sort();
    const listed = paragraph('Who may sign tickets.').match(/\(today ([^;]*);/)?.[1] ?? '';

    expect(functionNamesIn(listed)).toEqual(signers);
  });

  it('lists every function that may open a delegated signing key, and no other', () => {
    const openers = functionList
      .filter((definition) =>
        definition.keys.some(
          ({ key, access, purpose }) =>
            key.id === dataKey.id && purpose === DELEGATED_SIGNING_KEY_PURPOSE && access.includes('decrypt'),
        ),
      )
      .map((definition) => definition.name)
      .sort();
    const listed = paragraph('Who may sign with a delegated key.').match(/declarations: today ([^;]*);/)?.[1] ?? '';

    expect(functionNamesIn(listed)).toEqual(openers);
  });
});

describe('the context values and variables', () => {
  it('describes the cron schedules in the context table of docs/operations.md and in README', () => {
    expect(operations).toMatch(/^\| `schedule<Id>Cron` /m);
    expect(readme).toContain('`schedule<Id>Cron`');
    for (const schedule of cronSchedules) {
      expect(operations).toContain(`\`${scheduleCronContextKey(schedule)}\``);
      expect(readme).toContain(`\`${scheduleCronEnvVar(schedule)}\``);
    }
  });

  it("lists every declared key's variable in README's configuration table", () => {
    for (const key of keys) expect(readme).toMatch(new RegExp(`^\\| \`${key.envVar}\` `, 'm'));
  });
});

describe('docs/operations.md, alarms', () => {
  it("describes every queue's oldest-message alarm", () => {
    for (const queue of queues) expect(operations).toContain(`\`${queueName('<stage>', queue)}-oldest-message\``);
  });
});
