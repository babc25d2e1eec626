import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { JSONWebKeySet } from 'jose';
import { verifyTicket } from '../domain/tickets/verify';

/**
 * `kippu verify <token> --jwks <url-or-file> --aud <providerId> [--iss <url>] [--leeway <s>]`
 * Prints the claims and exits 0, or prints the rejection reason and exits 1. With a JWKS URL
 * the issuer defaults to the URL without `/.well-known/jwks.json`, where kippu serves it.
 */
const USAGE = 'usage: kippu verify <token> --jwks <url-or-file> --aud <providerId> [--iss <issuer-url>] [--leeway <seconds>]';
const JWKS_SUFFIX = '/.well-known/jwks.json';
const EXIT_REJECTED = 1;
const EXIT_USAGE = 2;

const loadJwks = async (source: string): Promise<JSONWebKeySet> => {
  if (/^https?:\/\//.test(source)) {
    const response = await fetch(source);
    if (!response.ok) throw new Error(`GET ${source} answered ${response.status}`);
    return (await response.json()) as JSONWebKeySet;
  }
  return JSON.parse(await readFile(source, 'utf8')) as JSONWebKeySet;
};

export const main = async (
  argv: readonly string[],
  out: (line: string) => void = (line) => process.stdout.write(`${line}\n`),
  err: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
): Promise<number> => {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        jwks: { type: 'string' },
        aud: { type: 'string' },
        iss: { type: 'string' },
        leeway: { type: 'string' },
      },
    });
  } catch (error) {
    err(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    return EXIT_USAGE;
  }
  const [command, token] = parsed.positionals;
  const { jwks, aud, leeway } = parsed.values;
  if (command !== 'verify' || token === undefined || jwks === undefined || aud === undefined) {
    err(USAGE);
    return EXIT_USAGE;
  }
  const issuer = parsed.values.iss ?? (jwks.endsWith(JWKS_SUFFIX) ? jwks.slice(0, -JWKS_SUFFIX.length) : undefined);
  if (issuer === undefined) {
    err(`--iss is required when the JWKS is not a kippu ${JWKS_SUFFIX} URL\n${USAGE}`);
    return EXIT_USAGE;
  }
  const leewaySeconds = leeway === undefined ? undefined : Number(leeway);
  if (leewaySeconds !== undefined && !(Number.isInteger(leewaySeconds) && leewaySeconds >= 0 && leewaySeconds <= 60)) {
    err('--leeway is a whole number of seconds from 0 to 60');
    return EXIT_USAGE;
  }
  let keySet: JSONWebKeySet;
  try {
    keySet = await loadJwks(jwks);
  } catch (error) {
    err(`cannot load the JWKS: ${error instanceof Error ? error.message : String(error)}`);
    return EXIT_USAGE;
  }
  const result = await verifyTicket(token, {
    jwks: keySet,
    issuer,
    audience: aud,
    ...(leewaySeconds === undefined ? {} : { leewaySeconds }),
  });
  if (!result.ok) {
    err(`rejected: ${result.reason}: ${result.detail}`);
    return EXIT_REJECTED;
  }
  out(JSON.stringify({ valid: true, header: result.header, claims: result.claims }, null, 2));
  return 0;
};
