import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { JSONWebKeySet } from 'jose';
import { verifyStatement } from '../domain/billing/verify';

/**
 * The billing commands of the `kippu` CLI, as plain functions (the argument parsing lives in
 * kippu.ts):
 *   kippu billing run --period <YYYY-MM> --api <url> [--token <bearer>]
 *     starts a run (an operator's token, or KIPPU_TOKEN) and shows its progress until it ends;
 *     exits 0 when it completed, 1 when it failed.
 *   kippu statements verify <file> --jwks <url-or-file> [--csv <file>] [--iss <url>]
 *     verifies a downloaded statement offline; exits 0, or 1 with the reason.
 */
export interface CliIo {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
  /** Rewrites the current status line (a terminal), or prints it (a log). */
  readonly status: (line: string) => void;
  readonly sleep: (milliseconds: number) => Promise<void>;
  readonly fetch: typeof fetch;
}

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

const POLL_INTERVAL_MS = 1_000;
const BAR_WIDTH = 30;
/** How long `billing run` follows a run before giving up (the run goes on). */
const FOLLOW_MS_MAX = 6 * 3_600_000;

interface RunAnswer {
  readonly id: string;
  readonly period: string;
  readonly status: 'running' | 'completed' | 'failed';
  readonly progress: { readonly partiesTotal: number; readonly partiesDone: number; readonly partiesFailed: number };
  readonly reconciliation?: { readonly mismatches: readonly string[] };
}

export const progressBar = (run: RunAnswer): string => {
  const { partiesTotal, partiesDone, partiesFailed } = run.progress;
  const finished = partiesDone + partiesFailed;
  const filled =
    partiesTotal === 0 ? (run.status === 'running' ? 0 : BAR_WIDTH) : Math.floor((finished / partiesTotal) * BAR_WIDTH);
  const bar = `${'#'.repeat(filled)}${'-'.repeat(BAR_WIDTH - filled)}`;
  return `[${bar}] ${finished}/${partiesTotal} parties (${partiesFailed} failed) ${run.status}`;
};

const call = async (io: CliIo, url: string, token: string, init: RequestInit = {}): Promise<RunAnswer> => {
  const response = await io.fetch(url, {
    ...init,
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      ...(init.headers as Record<string, string>),
    },
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${url} answered ${response.status}: ${text}`);
  return JSON.parse(text) as RunAnswer;
};

export const runBilling = async (
  options: { readonly period: string; readonly api: string; readonly token: string },
  io: CliIo,
): Promise<number> => {
  const base = options.api.replace(/\/+$/, '');
  let run: RunAnswer;
  try {
    run = await call(io, `${base}/v1/billing-runs`, options.token, {
      method: 'POST',
      headers: { 'idempotency-key': randomUUID() },
      body: JSON.stringify({ period: options.period }),
    });
    io.err(`billing run ${run.id} for ${run.period} started`);
    const deadline = Date.now() + FOLLOW_MS_MAX;
    while (run.status === 'running' && Date.now() < deadline) {
      io.status(progressBar(run));
      await io.sleep(POLL_INTERVAL_MS);
      run = await call(io, `${base}/v1/billing-runs/${encodeURIComponent(run.id)}`, options.token);
    }
  } catch (error) {
    io.err(error instanceof Error ? error.message : String(error));
    return EXIT_FAILED;
  }
  io.status(progressBar(run));
  io.out(JSON.stringify(run, null, 2));
  if (run.status === 'completed') return EXIT_OK;
  for (const mismatch of run.reconciliation?.mismatches ?? []) io.err(`mismatch: ${mismatch}`);
  if (run.status === 'running')
    io.err(`still running after ${FOLLOW_MS_MAX / 3_600_000} h; follow it with GET /v1/billing-runs/${run.id}`);
  return EXIT_FAILED;
};

const loadJwks = async (io: CliIo, source: string): Promise<JSONWebKeySet> => {
  if (/^https?:\/\//.test(source)) {
    const response = await io.fetch(source);
    if (!response.ok) throw new Error(`GET ${source} answered ${response.status}`);
    return (await response.json()) as JSONWebKeySet;
  }
  return JSON.parse(await readFile(source, 'utf8')) as JSONWebKeySet;
};

export const verifyStatementFile = async (
  options: { readonly file: string; readonly jwks: string; readonly csv?: string; readonly issuer?: string },
  io: CliIo,
): Promise<number> => {
  let json: string;
  let csv: string | undefined;
  let jwks: JSONWebKeySet;
  try {
    json = await readFile(options.file, 'utf8');
    csv = options.csv === undefined ? undefined : await readFile(options.csv, 'utf8');
    jwks = await loadJwks(io, options.jwks);
  } catch (error) {
    io.err(`cannot read the input: ${error instanceof Error ? error.message : String(error)}`);
    return EXIT_USAGE;
  }
  const result = await verifyStatement(json, {
    jwks,
    ...(csv === undefined ? {} : { csv }),
    ...(options.issuer === undefined ? {} : { issuer: options.issuer }),
  });
  if (!result.ok) {
    io.err(`rejected: ${result.reason}: ${result.detail}`);
    return EXIT_FAILED;
  }
  io.out(JSON.stringify({ valid: true, claims: result.claims }, null, 2));
  return EXIT_OK;
};
