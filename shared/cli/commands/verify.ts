import { InvalidArgumentError, Option, type Command } from 'commander';
import {
  DELEGATION_MEMBER,
  DOCKET_TYPE,
  REFUND_DOCKET_TYPE,
  REVOCATIONS_TYPE,
  TICKET_TYPE,
  VERIFY_LEEWAY_SECONDS_MAX,
  verifyDocument,
  verifyRevocationList,
  verifyTicket,
  type DocumentType,
  type RevocationListClaims,
  type VerifyOptions,
  type VerifyResult,
} from '@kippu/verify';
import type { JSONWebKeySet } from 'jose';
import { CLI_REVOCATION_PAGES_MAX } from '../../limits';
import {
  CliError,
  decimalOption,
  EXIT_OK,
  isUrl,
  JWKS_PATH,
  keySource,
  loadJwks,
  parseJson,
  printJson,
  printRejection,
  readSource,
  type CommandContext,
} from '../io';

/**
 * `kippu verify <token>`: offline verification of a ticket, docket, refund docket or revocation list against
 * kippu's JWK Set, and of a ticket against the provider's signed revocation list. Prints the
 * header and claims and exits 0, or prints `rejected: <REASON>: <detail>` and exits 1.
 */
const TYPES: Readonly<Record<string, DocumentType>> = {
  ticket: TICKET_TYPE,
  docket: DOCKET_TYPE,
  revocations: REVOCATIONS_TYPE,
  'refund-docket': REFUND_DOCKET_TYPE,
};

interface VerifyCommandOptions {
  readonly type: string;
  readonly jwks?: string;
  readonly aud: string;
  readonly iss?: string;
  readonly revocations?: string;
  readonly token?: string;
  readonly leeway?: number;
  readonly now?: Date;
  readonly rootKid?: readonly string[];
}

const parseLeeway = decimalOption(
  { atLeast: 0, atMost: VERIFY_LEEWAY_SECONDS_MAX },
  true,
  `A whole number of seconds from 0 to ${VERIFY_LEEWAY_SECONDS_MAX}.`,
);

/** An ISO-8601 instant with a date, a time and a zone (`Z` or an offset), as kippu answers them. */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

const parseNow = (value: string): Date => {
  const instant = new Date(value);
  if (!ISO_INSTANT.test(value) || !Number.isFinite(instant.getTime())) {
    throw new InvalidArgumentError('An ISO-8601 instant with its zone, e.g. 2026-11-27T10:00:00Z.');
  }
  return instant;
};

/**
 * Every pinned root kid must be a root key of the set (one without a delegation): a pin the set
 * cannot satisfy is a usage error (a typo, or a key no longer served), not a rejected document.
 */
const checkRootKids = (rootKids: readonly string[], keySet: JSONWebKeySet, source: string): void => {
  const roots = keySet.keys
    .filter((key) => (key as Record<string, unknown>)[DELEGATION_MEMBER] === undefined && typeof key.kid === 'string')
    .map((key) => key.kid ?? '');
  const missing = rootKids.filter((kid) => !roots.includes(kid));
  if (missing.length > 0) {
    throw new CliError(
      `--root-kid ${missing.join(', ')}: no root key of the JWK Set ${source} has this kid (its root keys: ${roots.join(', ') || 'none'}).`,
    );
  }
};

/** A page as kippu serves it (`{ token, … }`) or the bare compact JWS. */
const pageToken = (body: string, source: string): string => {
  const text = body.trim();
  if (!text.startsWith('{')) return text;
  const { token } = parseJson(text, source) as { token?: unknown };
  if (typeof token !== 'string') throw new CliError(`${source} holds no revocation list token.`);
  return token;
};

const verifiedPage = async (token: string, source: string, options: VerifyOptions): Promise<RevocationListClaims> => {
  const result = await verifyRevocationList(token, options);
  if (!result.ok) throw new CliError(`The revocation list from ${source} was rejected: ${result.reason}: ${result.detail}`);
  return result.claims;
};

/**
 * Every page of the provider's list from the URL's `since` on, following `more`, each verified
 * (typ kippu-revocations+jwt, aud = the provider); or the one page in a file, which must be
 * the last. Anything that cannot be checked fails the command rather than pass the ticket.
 */
const loadRevocations = async (
  source: string,
  bearer: string | undefined,
  options: VerifyOptions,
): Promise<RevocationListClaims[]> => {
  if (!isUrl(source)) {
    const page = await verifiedPage(pageToken(await readSource(source), source), source, options);
    if (page.more) throw new CliError(`The revocation list in ${source} stops at version ${page.ver} of ${page.latest}.`);
    return [page];
  }
  const url = new URL(source);
  const pages: RevocationListClaims[] = [];
  for (let fetched = 0; fetched < CLI_REVOCATION_PAGES_MAX; fetched += 1) {
    const page = await verifiedPage(pageToken(await readSource(url.href, bearer), url.href), url.href, options);
    pages.push(page);
    if (!page.more) return pages;
    url.searchParams.delete('cursor');
    url.searchParams.set('since', String(page.ver));
  }
  throw new CliError(`The revocation list at ${source} has more than ${CLI_REVOCATION_PAGES_MAX} pages.`);
};

const run = async (token: string, options: VerifyCommandOptions, context: CommandContext): Promise<number> => {
  const type = TYPES[options.type] ?? TICKET_TYPE;
  if (options.revocations !== undefined && type !== TICKET_TYPE) {
    throw new CliError('--revocations checks tickets; leave it out with --type docket, refund-docket or revocations.');
  }
  if (options.token !== undefined && options.revocations === undefined) {
    throw new CliError('--token is the bearer token for fetching --revocations; give both or neither.');
  }
  const { jwks, issuer } = keySource(options);
  const keySet = await loadJwks(jwks);
  if (options.rootKid !== undefined) checkRootKids(options.rootKid, keySet, jwks);
  const verifyOptions: VerifyOptions = {
    jwks: keySet,
    issuer,
    audience: options.aud,
    ...(options.leeway === undefined ? {} : { leewaySeconds: options.leeway }),
    ...(options.now === undefined ? {} : { now: options.now }),
    ...(options.rootKid === undefined ? {} : { rootKeyIds: options.rootKid }),
  };
  const revocations =
    options.revocations === undefined ? undefined : await loadRevocations(options.revocations, options.token, verifyOptions);
  const result: VerifyResult<object> =
    type === TICKET_TYPE
      ? await verifyTicket(token, { ...verifyOptions, ...(revocations === undefined ? {} : { revocations }) })
      : await verifyDocument(token, { ...verifyOptions, type });
  if (!result.ok) return printRejection(context, result);
  const checked =
    revocations === undefined ? {} : { revocations: { since: revocations[0]?.since, version: revocations.at(-1)?.ver } };
  printJson(context, { valid: true, header: result.header, claims: result.claims, ...checked });
  return EXIT_OK;
};

export const registerVerify = (program: Command, context: CommandContext): void => {
  program
    .command('verify')
    .summary('verify a ticket, docket, refund docket or revocation list offline')
    .description(
      "Verify a kippu document offline against kippu's JWK Set: ES256 only, the key named by kid, a canonical " +
        'signature, the issuer, the audience, the typ, the window (with a leeway of at most 60 s) and the claims ' +
        'its type requires. A document signed by a delegated key is accepted only within what its delegation ' +
        '(signed by a root key) allows: its types, its signing window and its validity. ' +
        "With --revocations, a ticket listed on the provider's signed revocation list is " +
        'rejected as REVOKED.\n\nPrints the header and claims and exits 0, or prints "rejected: <REASON>: <detail>" ' +
        'and exits 1; exits 2 when it cannot check (bad arguments, an unreachable JWK Set or revocation list, a --root-kid ' +
        'that is no root key of the set).',
    )
    .argument('<token>', 'the compact JWS to verify')
    .addOption(new Option('--type <type>', 'what the token is').choices(Object.keys(TYPES)).default('ticket'))
    .option('--jwks <url-or-file>', `kippu's JWK Set, a URL or a file (default: <iss>${JWKS_PATH})`)
    .requiredOption(
      '--aud <providerId>',
      'the audience the token must name: your provider id (a carrier id for its dockets and refund dockets)',
    )
    .option('--iss <url>', `kippu's issuer URL (default: the --jwks URL without ${JWKS_PATH})`)
    .option(
      '--revocations <url-or-file>',
      "the provider's signed revocation list: its URL (every page is fetched) or a file with one page",
    )
    .option('--token <bearer>', 'bearer token for fetching the revocation list (a token of the provider)')
    .option(
      '--now <iso>',
      "verify as of this instant instead of the machine's clock (e.g. the local API's moved clock, GET /local/clock)",
      parseNow,
    )
    .option('--leeway <seconds>', `clock leeway in whole seconds, 0 to ${VERIFY_LEEWAY_SECONDS_MAX} (default: 30)`, parseLeeway)
    .option(
      '--root-kid <kid>',
      "pin kippu's root (KMS) key by its kid; repeat for each root key during a rotation (default: every key of the set without a delegation)",
      (value: string, previous: readonly string[] | undefined) => [...(previous ?? []), value],
    )
    .addHelpText(
      'after',
      '\nExamples:\n' +
        `  kippu verify "$TICKET" --jwks https://api.example${JWKS_PATH} --aud prov-1\n` +
        `  kippu verify "$TICKET" --iss https://api.example --aud prov-1 \\\n` +
        '      --revocations https://api.example/v1/providers/prov-1/revocations --token "$PROVIDER_TOKEN"\n' +
        `  kippu verify "$DOCKET" --type docket --jwks ./jwks.json --iss https://api.example --aud prov-1\n` +
        `  kippu verify "$REFUND_DOCKET" --type refund-docket --iss https://api.example --aud agt-1\n`,
    )
    .action(async (token: string, options: VerifyCommandOptions) => context.setExitCode(await run(token, options, context)));
};
