import { base64url } from 'jose';
import { shown } from './details.js';
import { firstRepeatedMemberOfBytes } from './json-members.js';

/**
 * A JWS part (header or payload) whose JSON names a member twice in one object: JSON.parse (and
 * so jose) keeps the last copy, a reader that keeps the first sees another document. kippu never
 * signs one, so a document's or a delegation's is MALFORMED, whatever its signature says. Call
 * it on a part that decoded as JSON; undefined when every name is once in its object.
 */
export const repeatedMemberProblem = (part: string, what: 'header' | 'payload'): string | undefined => {
  const repeated = firstRepeatedMemberOfBytes(base64url.decode(part));
  return repeated === undefined ? undefined : `The token’s ${what} names ${shown(repeated.path)} twice.`;
};
