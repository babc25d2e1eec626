import type { Command } from 'commander';
import type { JSONWebKeySet } from 'jose';
import { verifyStatement } from '../../domain/billing/verify';
import { CliError, EXIT_OK, parseJson, printJson, printRejection, readSource, type CommandContext } from '../io';

/**
 * `kippu statements verify <file> --jwks <url-or-file> [--csv <file>] [--pages <file...>] [--iss <url>]`:
 * offline verification of a statement downloaded from GET /v1/statements/{id} (and of its CSV,
 * and of a paged statement's pages from GET /v1/statements/{id}/pages/{page}). Prints
 * the claims and exits 0, or prints `rejected: <REASON>: <detail>` and exits 1; 2 when it
 * cannot check.
 */
interface VerifyStatementOptions {
  readonly jwks: string;
  readonly csv?: string;
  readonly pages?: readonly string[];
  readonly iss?: string;
}

const loadJwks = async (source: string): Promise<JSONWebKeySet> => {
  const parsed = parseJson(await readSource(source), source);
  if (typeof parsed !== 'object' || parsed === null || !Array.isArray((parsed as { keys?: unknown }).keys)) {
    throw new CliError(`${source} is not a JWK Set (an object with a keys array).`);
  }
  return parsed as JSONWebKeySet;
};

const run = async (file: string, options: VerifyStatementOptions, context: CommandContext): Promise<number> => {
  const json = await readSource(file);
  const csv = options.csv === undefined ? undefined : await readSource(options.csv);
  const pages = options.pages === undefined ? undefined : await Promise.all(options.pages.map((page) => readSource(page)));
  const result = await verifyStatement(json, {
    jwks: await loadJwks(options.jwks),
    ...(csv === undefined ? {} : { csv }),
    ...(pages === undefined ? {} : { pages }),
    ...(options.iss === undefined ? {} : { issuer: options.iss }),
  });
  if (!result.ok) return printRejection(context, result);
  printJson(context, { valid: true, claims: result.claims });
  return EXIT_OK;
};

export const registerStatements = (program: Command, context: CommandContext): void => {
  const statements = program.command('statements').summary('billing statements: verify one offline');
  statements
    .command('verify')
    .summary('verify a downloaded statement (and its CSV) offline')
    .description(
      "Verify a statement from GET /v1/statements/{id} against kippu's JWK Set: its token (ES256, typ " +
        'kippu-statement+jwt, a known kid, a canonical signature) names this statement, and its sha256 is the ' +
        'SHA-256 of the canonical JSON of the statement without token; with --csv, csvSha256 that of the CSV. ' +
        'A paged statement lists its pages instead of its lines: with --pages, each page file (its JSON or its CSV, ' +
        'in any order) must have the digest the statement lists for it, and every page of a format given must be there ' +
        '(PAGE_MISSING, PAGE_UNEXPECTED).\n\n' +
        'Prints the claims and exits 0, or prints "rejected: <REASON>: <detail>" and exits 1; exits 2 when it ' +
        'cannot check (an unreadable file or JWK Set).',
    )
    .argument('<file>', 'the statement as downloaded (JSON with its token)')
    .requiredOption('--jwks <url-or-file>', "kippu's JWK Set, a URL or a file")
    .option('--csv <file>', "the statement's CSV (GET /v1/statements/{id}?format=csv)")
    .option('--pages <file...>', "a paged statement's pages, JSON or CSV (GET /v1/statements/{id}/pages/{page}[?format=csv])")
    .option('--iss <url>', "kippu's issuer URL the statement must name")
    .addHelpText(
      'after',
      '\nExample:\n  kippu statements verify statement.json --jwks https://api.example/.well-known/jwks.json --csv statement.csv\n',
    )
    .action(async (file: string, options: VerifyStatementOptions) => context.setExitCode(await run(file, options, context)));
};
