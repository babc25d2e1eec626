/**
 * A DPoP proof's `htu` compared with the URL of the request (RFC 9449 §4.3 check 9): the text
 * up to its first `?` or `#` (query and fragment are ignored), after only these syntax-based
 * normalizations of RFC 3986 §6.2.2–6.2.3:
 *  - the scheme and the host in lower case;
 *  - the scheme's default port dropped (`:80` for http, `:443` for https), and an empty one;
 *  - a percent-encoded unreserved character decoded (`%73` is `s`), every other
 *    percent-encoding in upper-case hex (`%2f` is `%2F`).
 * Nothing else is read into it: not a URI at all (a character a URI cannot hold, such as a
 * space, a tab or a backslash, or a `%` without two hex digits), userinfo (`user@`), another
 * spelling of the host (`0x7f.1` is not `127.0.0.1`) or dot segments (`/x/../`) make the `htu`
 * another URI, so the proof is for another request.
 */
const URI_CHARACTERS = /^[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=%]*$/;
const LONE_PERCENT = /%(?![0-9A-Fa-f]{2})/;
const HIERARCHICAL = /^([A-Za-z][A-Za-z0-9+.-]*):\/\/([^/?#]*)([^?#]*)/;
const HOST_AND_PORT = /^(\[[0-9A-Fa-f:.]+\]|[^:@[\]]+)(?::([0-9]*))?$/;
const UNRESERVED = /^[A-Za-z0-9\-._~]$/;
const DEFAULT_PORTS: Readonly<Record<string, string>> = { http: '80', https: '443' };

const normalizedPercents = (text: string): string =>
  text.replace(/%([0-9A-Fa-f]{2})/g, (_encoded, hex: string) => {
    const character = String.fromCharCode(Number.parseInt(hex, 16));
    return UNRESERVED.test(character) ? character : `%${hex.toUpperCase()}`;
  });

/** The comparable form of an absolute URI without its query and fragment, or `undefined` when it is none or has userinfo. */
export const comparableHtu = (value: string): string | undefined => {
  if (!URI_CHARACTERS.test(value) || LONE_PERCENT.test(value)) return undefined;
  const parts = HIERARCHICAL.exec(value);
  if (parts === null) return undefined;
  const [, scheme = '', authority = '', path = ''] = parts;
  const hostAndPort = HOST_AND_PORT.exec(authority);
  if (hostAndPort === null) return undefined;
  const [, host = '', port = ''] = hostAndPort;
  const lowerScheme = scheme.toLowerCase();
  const shownPort = port === '' || port === DEFAULT_PORTS[lowerScheme] ? '' : `:${port}`;
  return `${lowerScheme}://${normalizedPercents(host).toLowerCase()}${shownPort}${normalizedPercents(path)}`;
};
