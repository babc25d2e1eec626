import { randomUUID } from 'node:crypto';
import type { Command } from 'commander';
import { CLI_FETCH_TIMEOUT_MS } from '../../limits';
import { CliError, decimalOption, EXIT_OK, EXIT_REJECTED, printJson, processIo, type CommandContext } from '../io';

/**
 * `kippu billing run --period <YYYY-MM> --api <url> [--token <bearer>]`: starts a billing run
 * (an operator's token, or KIPPU_TOKEN) and shows its progress with a bar until it ends.
 * Prints the finished run and exits 0 when it completed, 1 when it failed (its mismatches on
 * stderr); 2 when it could not start.
 */
interface RunAnswer {
  readonly id: string;
  readonly period: string;
  readonly status: 'running' | 'completed' | 'failed';
  readonly progress: { readonly partiesTotal: number; readonly partiesDone: number; readonly partiesFailed: number };
  readonly reconciliation?: { readonly mismatches: readonly string[] };
}

interface BillingRunOptions {
  readonly period: string;
  readonly api: string;
  readonly token?: string;
  readonly interval: number;
}

const BAR_WIDTH = 30;
const INTERVAL_SECONDS_DEFAULT = 1;
/** How long the command follows a run before it stops watching (the run goes on). */
const FOLLOW_MS_MAX = 6 * 3_600_000;

export const progressBar = (run: RunAnswer): string => {
  const { partiesTotal, partiesDone, partiesFailed } = run.progress;
  const finished = partiesDone + partiesFailed;
  const share = partiesTotal === 0 ? (run.status === 'running' ? 0 : 1) : finished / partiesTotal;
  const filled = Math.min(BAR_WIDTH, Math.floor(share * BAR_WIDTH));
  return `[${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}] ${finished}/${partiesTotal} parties (${partiesFailed} failed) ${run.status}`;
};

const parseInterval = decimalOption({ atLeast: 0.1, atMost: 60 }, false, 'Seconds from 0.1 to 60, in decimal digits.');

const callApi = async (url: string, token: string, init: RequestInit = {}): Promise<RunAnswer> => {
  let response: Response;
  try {
    response = await fetch(url, {
      ...init,
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        ...(init.headers as Record<string, string>),
      },
      signal: AbortSignal.timeout(CLI_FETCH_TIMEOUT_MS),
    });
  } catch (error) {
    throw new CliError(`${init.method ?? 'GET'} ${url} failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  const body = await response.text();
  if (!response.ok) throw new CliError(`${init.method ?? 'GET'} ${url} answered ${response.status}: ${body.slice(0, 300)}`);
  return JSON.parse(body) as RunAnswer;
};

const run = async (options: BillingRunOptions, context: CommandContext): Promise<number> => {
  const token = options.token ?? process.env.KIPPU_TOKEN;
  if (token === undefined || token === '') throw new CliError('Give --token, or set KIPPU_TOKEN: an operator bearer token.');
  const base = options.api.replace(/\/+$/, '');
  // A progress bar redraws itself on a terminal; anywhere else each change is a line.
  const terminal = context.io === processIo && process.stderr.isTTY;
  let shown = '';
  const show = (line: string): void => {
    if (line === shown) return;
    shown = line;
    context.io.stderr(terminal ? `\r${line}` : `${line}\n`);
  };
  let answer = await callApi(`${base}/v1/billing-runs`, token, {
    method: 'POST',
    headers: { 'idempotency-key': randomUUID() },
    body: JSON.stringify({ period: options.period }),
  });
  context.io.stderr(`billing run ${answer.id} for ${answer.period}\n`);
  const deadline = Date.now() + FOLLOW_MS_MAX;
  while (answer.status === 'running' && Date.now() < deadline) {
    show(progressBar(answer));
    await new Promise((resolve) => setTimeout(resolve, options.interval * 1000));
    answer = await callApi(`${base}/v1/billing-runs/${encodeURIComponent(answer.id)}`, token);
  }
  show(progressBar(answer));
  if (terminal) context.io.stderr('\n');
  printJson(context, answer);
  if (answer.status === 'completed') return EXIT_OK;
  for (const mismatch of answer.reconciliation?.mismatches ?? []) context.io.stderr(`mismatch: ${mismatch}\n`);
  if (answer.status === 'running') context.io.stderr(`still running; follow it with GET /v1/billing-runs/${answer.id}\n`);
  return EXIT_REJECTED;
};

export const registerBilling = (program: Command, context: CommandContext): void => {
  const billing = program.command('billing').summary('batch billing: start a run and follow it');
  billing
    .command('run')
    .summary('start the billing run of a month and show its progress until it ends')
    .description(
      'Start a billing run (POST /v1/billing-runs) for a closed month and follow it with a progress bar until it ' +
        'completes or fails. Prints the finished run; exits 0 when it completed, 1 when it failed (its mismatches ' +
        'on stderr), 2 when it could not start.',
    )
    .requiredOption('--period <YYYY-MM>', 'the month to bill, in UTC')
    .requiredOption('--api <url>', "kippu's API base URL")
    .option('--token <bearer>', 'an operator bearer token (default: KIPPU_TOKEN)')
    .option('--interval <seconds>', 'how often to ask for progress', parseInterval, INTERVAL_SECONDS_DEFAULT)
    .addHelpText(
      'after',
      '\nExample:\n  kippu billing run --period 2026-10 --api https://api.example --token "$OPERATOR_TOKEN"\n',
    )
    .action(async (options: BillingRunOptions) => context.setExitCode(await run(options, context)));
};
