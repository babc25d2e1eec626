import type * as z from '../zod';

/** How many of the members the value sent a branch does not know (its own unrecognized keys, not a nested object's). */
const unknownMembersOf = (branch: readonly z.core.$ZodIssue[]): number =>
  branch.reduce(
    (count, issue) => (issue.code === 'unrecognized_keys' && issue.path.length === 0 ? count + issue.keys.length : count),
    0,
  );

/**
 * A union that no branch accepts reports the branch the value is shaped like, as a reader would
 * pick it: the one that knows the most of the members sent (a body without `transfers` is a
 * single transfer, however many of its fields are missing), then the one with the
 * fewest issues (a single transfer with a bad amount fails the linked-batch branch on every
 * field); its paths under the union's own.
 */
export const withUnionsResolved = (issues: readonly z.core.$ZodIssue[]): z.core.$ZodIssue[] =>
  issues.flatMap((issue) => {
    if (issue.code !== 'invalid_union' || issue.errors.length === 0) return [issue];
    const closest = issue.errors.reduce((best, branch) => {
      const [unknown, bestUnknown] = [unknownMembersOf(branch), unknownMembersOf(best)];
      return unknown < bestUnknown || (unknown === bestUnknown && branch.length < best.length) ? branch : best;
    });
    return withUnionsResolved(closest.map((inner) => ({ ...inner, path: [...issue.path, ...inner.path] })));
  });
