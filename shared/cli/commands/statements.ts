import type { Command } from 'commander';
import { verifyStatement } from '../../domain/billing/verify';
import { EXIT_OK, JWKS_PATH, keySource, loadJwks, printJson, printRejection, readSource, type CommandContext } from '../io';

/**
 * `kippu statements verify <file> [--jwks <url-or-file>] [--iss <url>] [--aud <partyId>] [--csv <file>] [--pages <file...>]`:
 * offline verification of a statement downloaded from GET /v1/statements/{id} (and of its CSV,
 * and of a paged statement's pages from GET /v1/statements/{id}/pages/{page}). Prints
 * the claims and exits 0, or prints `rejected: <REASON>: <detail>` and exits 1; 2 when it
 * cannot check. The issuer is pinned as `kippu verify` pins it (keySource: `--iss`, or the
 * `--jwks` URL without /.well-known/jwks.json); the statement's `aud` must be its `partyId`,
 * and with `--aud`, the party given.
 */
interface VerifyStatementOptions {
  readonly jwks?: string;
  readonly csv?: string;
  readonly pages?: readonly string[];
  readonly iss?: string;
  readonly aud?: string;
}

const run = async (file: string, options: VerifyStatementOptions, context: CommandContext): Promise<number> => {
  const { jwks, issuer } = keySource(options);
  const json = await readSource(file);
  const csv = options.csv === undefined ? undefined : await readSource(options.csv);
  const pages = options.pages === undefined ? undefined : await Promise.all(options.pages.map((page) => readSource(page)));
  const result = await verifyStatement(json, {
    jwks: await loadJwks(jwks),
    issuer,
    ...(options.aud === undefined ? {} : { audience: options.aud }),
    ...(csv === undefined ? {} : { csv }),
    ...(pages === undefined ? {} : { pages }),
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
        'kippu-statement+jwt, a known kid, a canonical signature) names kippu as its issuer (WRONG_ISSUER) and ' +
        "this statement (its jti, sub, period, kind and currency; its aud the statement's partyId, and with --aud " +
        'the party given: WRONG_AUDIENCE), and its sha256 is the ' +
        'SHA-256 of the canonical JSON of the statement without token; with --csv, csvSha256 that of the CSV. ' +
        'A paged statement lists its pages instead of its lines: with --pages, each page file (its JSON or its CSV, ' +
        'in any order) must have the digest the statement lists for it, and every page of a format given must be there ' +
        '(PAGE_MISSING, PAGE_UNEXPECTED).\n\n' +
        'Prints the claims and exits 0, or prints "rejected: <REASON>: <detail>" and exits 1; exits 2 when it ' +
        'cannot check (an unreadable file or JWK Set, or no issuer: a JWK Set from a file needs --iss).',
    )
    .argument('<file>', 'the statement as downloaded (JSON with its token)')
    .option('--jwks <url-or-file>', `kippu's JWK Set, a URL or a file (default: <iss>${JWKS_PATH})`)
    .option('--iss <url>', `kippu's issuer URL the statement must name (default: the --jwks URL without ${JWKS_PATH})`)
    .option('--aud <partyId>', 'the party the statement must be addressed to: your customer, provider or agent id')
    .option('--csv <file>', "the statement's CSV (GET /v1/statements/{id}?format=csv)")
    .option('--pages <file...>', "a paged statement's pages, JSON or CSV (GET /v1/statements/{id}/pages/{page}[?format=csv])")
    .addHelpText(
      'after',
      '\nExamples:\n' +
        `  kippu statements verify statement.json --jwks https://api.example${JWKS_PATH} --aud prov-1 --csv statement.csv\n` +
        '  kippu statements verify statement.json --jwks ./jwks.json --iss https://api.example --aud prov-1\n',
    )
    .action(async (file: string, options: VerifyStatementOptions) => context.setExitCode(await run(file, options, context)));
};
