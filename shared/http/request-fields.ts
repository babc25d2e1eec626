import { DomainError, isDomainError, type FieldIssue } from '../errors';

/** The request member a field path (`amountMinor`, `transfers.0.amountMinor`) starts with. */
const memberOf = (field: string): string => field.split('.')[0] ?? field;

/**
 * A refusal's `errors` named as the request names its fields: a field the domain names
 * otherwise is renamed to the request's name (`renames`, by its first member; a path parameter
 * by its path name, as the ledger's `pendingId` is a hold's path `id`), and a field the request
 * does not have (`sent`: its body's members and its path parameters) is left out, so `errors`
 * never names what the caller did not send. Entries that come to name one field are one (the
 * first kept). The detail is kept; anything but a DomainError is returned as it is.
 */
export const namedAsRequested = (error: unknown, renames: Readonly<Record<string, string>>, sent: readonly string[]): unknown => {
  if (!isDomainError(error) || error.fields.length === 0) return error;
  const fields: FieldIssue[] = [];
  for (const issue of error.fields) {
    const member = memberOf(issue.field);
    const renamed = renames[member];
    const field = renamed === undefined ? issue.field : `${renamed}${issue.field.slice(member.length)}`;
    if (!sent.includes(memberOf(field)) || fields.some((kept) => kept.field === field)) continue;
    fields.push({ ...issue, field });
  }
  return new DomainError(error.code, error.detail, fields, error.extensions);
};

/** The members of a parsed request body (none when it is no object): the fields it sent. */
export const membersOf = (body: unknown): string[] =>
  typeof body === 'object' && body !== null && !Array.isArray(body)
    ? Object.entries(body)
        .filter(([, value]) => value !== undefined)
        .map(([name]) => name)
    : [];
