import { readFile } from 'node:fs/promises';
import { InvalidArgumentError } from 'commander';
import type { JSONWebKeySet } from 'jose';
import { integer, number, type Bounds } from '../config/fields';
import { CLI_FETCH_TIMEOUT_MS } from '../limits';

/**
 * What a command may touch outside itself: two output streams, and documents read from a URL
 * or a file. Tests run commands in-process with their own streams.
 */
export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

/** What every command module receives: where to write, and how to report its exit code. */
export interface CommandContext {
  readonly io: CliIo;
  readonly setExitCode: (code: number) => void;
}

export const processIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
};

export const EXIT_OK = 0;
/** The document was checked and rejected. */
export const EXIT_REJECTED = 1;
/** The command could not run as asked: bad arguments, an unreachable or unreadable input. */
export const EXIT_USAGE = 2;

/** A command's answer on stdout: indented JSON, one trailing newline. */
export const printJson = (context: CommandContext, value: unknown): void =>
  context.io.stdout(`${JSON.stringify(value, null, 2)}\n`);

/** A document that was checked and rejected: `rejected: <REASON>: <detail>` on stderr, exit code 1. */
export const printRejection = (
  context: CommandContext,
  rejection: { readonly reason: string; readonly detail: string },
): number => {
  context.io.stderr(`rejected: ${rejection.reason}: ${rejection.detail}\n`);
  return EXIT_REJECTED;
};

/** A failure the user can act on, printed as one line without a stack. */
export class CliError extends Error {
  override readonly name = 'CliError';
}

/**
 * A number option's parser (`--leeway`, `--interval`): one rule for every number the command line
 * reads, the configuration's (shared/config/fields.ts): plain decimal digits (`whole`: no
 * fraction), within `bounds`; '0x10', ' 1', '1e0' and '' are refused with `message`.
 */
export const decimalOption =
  (bounds: Bounds, whole: boolean, message: string) =>
  (value: string): number => {
    const parsed = (whole ? integer : number)(0, bounds)(value);
    if (!parsed.ok) throw new InvalidArgumentError(message);
    return parsed.value;
  };

export const isUrl = (source: string): boolean => /^https?:\/\//i.test(source);

/** The body of `source`: a GET of an http(s) URL (with an optional bearer token), else a file. */
export const readSource = async (source: string, bearer?: string): Promise<string> => {
  if (!isUrl(source)) {
    try {
      return await readFile(source, 'utf8');
    } catch (error) {
      throw new CliError(`Cannot read ${source}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  let response: Response;
  try {
    response = await fetch(source, {
      headers: bearer === undefined ? {} : { authorization: `Bearer ${bearer}` },
      signal: AbortSignal.timeout(CLI_FETCH_TIMEOUT_MS),
    });
  } catch (error) {
    throw new CliError(`GET ${source} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  const body = await response.text();
  if (!response.ok) throw new CliError(`GET ${source} answered ${response.status}: ${body.slice(0, 200)}`);
  return body;
};

export const parseJson = (text: string, source: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    throw new CliError(`${source} is not JSON.`);
  }
};

/** Where kippu serves its JWK Set, under its issuer URL. */
export const JWKS_PATH = '/.well-known/jwks.json';

/**
 * The JWK Set's source and the issuer a document must name, for every command that verifies
 * one (`kippu verify`, `kippu statements verify`): each defaults from the other where kippu
 * serves them — the issuer is a `--jwks` URL without JWKS_PATH, the JWK Set is `<iss>` with it.
 * A JWK Set from a file, or from another URL, needs `--iss`: no document is checked without
 * its issuer.
 */
export const keySource = (options: { readonly jwks?: string; readonly iss?: string }): { jwks: string; issuer: string } => {
  if (options.jwks !== undefined && options.iss !== undefined) return { jwks: options.jwks, issuer: options.iss };
  if (options.jwks !== undefined && isUrl(options.jwks) && options.jwks.endsWith(JWKS_PATH)) {
    return { jwks: options.jwks, issuer: options.jwks.slice(0, -JWKS_PATH.length) };
  }
  if (options.iss !== undefined) return { jwks: `${options.iss.replace(/\/+$/, '')}${JWKS_PATH}`, issuer: options.iss };
  throw new CliError(`Give --iss, or --jwks as kippu's ${JWKS_PATH} URL (the issuer is that URL without the path).`);
};

/** A JWK Set from a URL or a file: an object with a keys array, else the command cannot check. */
export const loadJwks = async (source: string): Promise<JSONWebKeySet> => {
  const parsed = parseJson(await readSource(source), source);
  if (typeof parsed !== 'object' || parsed === null || !Array.isArray((parsed as { keys?: unknown }).keys)) {
    throw new CliError(`${source} is not a JWK Set (an object with a keys array).`);
  }
  return parsed as JSONWebKeySet;
};
