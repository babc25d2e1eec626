/**
 * The scanner for member names repeated in one JSON object lives in @kippu/verify, which
 * refuses them in what it verifies as the API refuses them in a request body (400
 * MALFORMED_JSON naming the first repeat): one scanner for both.
 */
export { firstRepeatedMember, type RepeatedMember } from '@kippu/verify/json-members';
