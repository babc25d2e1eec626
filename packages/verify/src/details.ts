/**
 * The sentences a rejection's detail is made of: each names the values it compared (the claim
 * found, the value expected, the time checked against and the leeway), so that a rejected
 * document says what exactly was wrong. Shared with kippu's statement verifier.
 */

/** An epoch-seconds claim as its number and its ISO-8601 instant. */
export const instantOf = (seconds: number): string => new Date(seconds * 1000).toISOString();

/** A value found in a token, as it reads in a sentence: strings bare, anything else as JSON. */
export const shown = (value: unknown): string => {
  if (value === undefined) return 'missing';
  if (typeof value === 'string') return value;
  const json = JSON.stringify(value) ?? String(value);
  return json.length > 80 ? `${json.slice(0, 77)}...` : json;
};

const withoutTrailingSlashes = (url: string): string => url.replace(/\/+$/, '');

/**
 * The `iss` claim against the issuer given: compared exactly (RFC 7519 makes `iss` a
 * case-sensitive string, and a JOSE library's issuer check is exact), so
 * `https://api.example/` is not `https://api.example`. Undefined when they match.
 */
export const issuerMismatch = (iss: unknown, issuer: string): string | undefined => {
  if (iss === issuer) return undefined;
  const slashOnly = typeof iss === 'string' && withoutTrailingSlashes(iss) === withoutTrailingSlashes(issuer);
  return `Its iss is ${shown(iss)}, not ${issuer}.${slashOnly ? ' Issuers are compared exactly, trailing slash included.' : ''}`;
};
