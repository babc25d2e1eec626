import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { API_THROTTLING_RATE_LIMIT } from '../infra/constructs/kippu-api';
import { PARTITION_WRITE_UNITS_PER_SECOND } from './capacity';
import { describePrices, type PurchaseBenchResult } from './purchases';

/**
 * Both signing modes in one run: the purchase bench (purchases.ts) once with KIPPU_SIGNING=kms
 * and once with KIPPU_SIGNING=delegated, each in a process of its own (a function's wiring is
 * built once per process, as in a Lambda container), then side by side: KMS calls per 1,000
 * purchases and the purchase throughput each resource allows (docs/cost.md has the arithmetic).
 */
const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
const RESULT_PREFIX = 'BENCH_RESULT ';
const MODES = ['kms', 'delegated'] as const;

/** KMS's shared quota for ECC requests (Sign, Verify, …) per account and Region. */
const KMS_ECC_REQUESTS_PER_SECOND = 1_000;
/** Lambda's default concurrent executions per account and Region. */
const LAMBDA_CONCURRENT_EXECUTIONS = 1_000;
/** API Gateway's default request rate per account and Region, across all APIs. */
const API_GATEWAY_ACCOUNT_REQUESTS_PER_SECOND = 10_000;

const runMode = (mode: string, print: (line: string) => void): Promise<PurchaseBenchResult> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'bench/purchases-mode.ts'], {
      cwd: REPO_ROOT,
      env: { ...process.env, KIPPU_SIGNING: mode },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let buffered = '';
    let result: PurchaseBenchResult | undefined;
    child.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) {
        if (line.startsWith(RESULT_PREFIX)) result = JSON.parse(line.slice(RESULT_PREFIX.length)) as PurchaseBenchResult;
        // The functions' own JSON lines (metrics in embedded metric format, logs) are not the bench's.
        else if (!line.startsWith('{')) print(line);
      }
    });
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 && result !== undefined ? resolve(result) : reject(new Error(`the ${mode} purchase bench exited with ${code}`)),
    );
  });

const perThousand = (requests: Record<string, number>, purchases: number): string =>
  ((Object.values(requests).reduce((sum, count) => sum + count, 0) * 1_000) / purchases).toFixed(2);

const rate = (value: number): string => (Number.isFinite(value) ? `${Math.round(value).toLocaleString('en-US')}/s` : 'none');

export const benchSigning = async (print: (line: string) => void): Promise<void> => {
  const results: PurchaseBenchResult[] = [];
  for (const mode of MODES) results.push(await runMode(mode, print));
  print(describePrices());
  for (const result of results) {
    const kmsCeiling = KMS_ECC_REQUESTS_PER_SECOND / result.asymmetricKmsCallsPerPurchase;
    const partitionCeiling = PARTITION_WRITE_UNITS_PER_SECOND / result.hottestPartition.writeUnitsPerPurchase;
    const lambdaCeiling = LAMBDA_CONCURRENT_EXECUTIONS / (result.purchaseCreateMs / 1_000);
    print(
      `signing (KIPPU_SIGNING=${result.mode}): KMS calls per 1,000 purchases ${perThousand(result.kmsRequests, result.purchases)} ` +
        `(after the warm-up purchase, whose KMS calls were ${JSON.stringify(result.warmUpKmsRequests)}); cost ≈ $${result.costPerMillion.toFixed(2)} per million purchases`,
    );
    print(
      `signing (KIPPU_SIGNING=${result.mode}): purchase throughput ceilings — KMS ${
        Number.isFinite(kmsCeiling)
          ? `${rate(kmsCeiling)} (${KMS_ECC_REQUESTS_PER_SECOND.toLocaleString('en-US')} ECC requests/s ÷ ${result.asymmetricKmsCallsPerPurchase.toFixed(2)} per purchase)`
          : 'not a limit (no KMS request per purchase; a few per rotation window)'
      }; hottest partition key ${rate(partitionCeiling)} (${PARTITION_WRITE_UNITS_PER_SECOND} WRU/s ÷ ${result.hottestPartition.writeUnitsPerPurchase.toFixed(3)} WRU per purchase on ${result.hottestPartition.key}); ` +
        `Lambda ${rate(lambdaCeiling)} (${LAMBDA_CONCURRENT_EXECUTIONS} concurrent executions ÷ ${result.purchaseCreateMs.toFixed(0)} ms per purchase-create timed alone against the emulators; AWS is faster); ` +
        `API Gateway ${rate(API_THROTTLING_RATE_LIMIT)} (kippu's stage throttle, all routes; the account allows ${rate(API_GATEWAY_ACCOUNT_REQUESTS_PER_SECOND)})`,
    );
  }
};
