import { randomBytes } from 'node:crypto';
import { rightsConfigOf, resourceFromEnv, type CoreConfig } from '../../config';
import type { ContentDeps } from '../../domain/contents/contents';
import type { AllowanceDeps } from '../../domain/rights/commit';
import type { GrantDeps } from '../../domain/rights/grants';
import type { IntakeDeps } from '../../domain/rights/intake';
import type { OtpDeps } from '../../domain/rights/otp';
import type { RedeemDeps } from '../../domain/rights/redeem';
import type { TransferDeps } from '../../domain/rights/transfer';
import type { UsageLogDeps } from '../../domain/rights/usage-log';
import { ALLOWANCE_CONFLICT_RETRY, OTP_PASSWORD_BYTES } from '../../limits';
import { backoffWithinBudget } from '../../contention';
import { systemClock } from '../../ports';
import { dataKey } from '../../resources/keys';
import { coreTable } from '../../resources/tables';
import { EnvelopeContentKeyVault } from '../content-key-envelope';
import { functionMetrics } from '../powertools/metrics';
import { dynamoDocumentClient } from './clients';
import { KmsDataKeys } from './content-keys-kms';
import { DynamoContentStore } from './contents-dynamodb';
import { DynamoDeviceStore } from './identity-devices-dynamodb';
import { DynamoIntakeStore } from './intake-dynamodb';
import { kms } from './kms-client';
import { DynamoPartyStore } from './parties-dynamodb';
import { DynamoRevocationStore } from './revocations-dynamodb';
import { DynamoAllowanceStore } from './rights-dynamodb';
import { DynamoUsageLog } from './usage-log-dynamodb';
import { ticketDeps } from './wiring';

/**
 * Module-scope wiring of the usage-rights functions (see wiring.ts): each builder reads only
 * the resources its function was given.
 */
const table = (env: NodeJS.ProcessEnv): string => resourceFromEnv(env, coreTable);
const vault = (env: NodeJS.ProcessEnv) => new EnvelopeContentKeyVault(new KmsDataKeys(kms(env), resourceFromEnv(env, dataKey)));

export const allowanceDeps = (env: NodeJS.ProcessEnv): AllowanceDeps => ({
  store: new DynamoAllowanceStore(dynamoDocumentClient(), table(env)),
  clock: systemClock,
  pause: (attempt) => backoffWithinBudget(attempt, ALLOWANCE_CONFLICT_RETRY),
});

export const contentDeps = (env: NodeJS.ProcessEnv): ContentDeps => ({
  contents: new DynamoContentStore(dynamoDocumentClient(), table(env)),
  vault: vault(env),
  parties: new DynamoPartyStore(dynamoDocumentClient(), table(env)),
  clock: systemClock,
});

export const redeemDeps = (env: NodeJS.ProcessEnv): RedeemDeps => ({
  ...allowanceDeps(env),
  contents: new DynamoContentStore(dynamoDocumentClient(), table(env)),
  vault: vault(env),
  reservationSeconds: rightsConfigOf(env).usageReservationSeconds,
  metrics: functionMetrics(env),
});

export const otpDeps = (env: NodeJS.ProcessEnv): OtpDeps => ({
  store: new DynamoAllowanceStore(dynamoDocumentClient(), table(env)),
  clock: systemClock,
  passwords: { next: () => randomBytes(OTP_PASSWORD_BYTES).toString('base64url') },
});

export const grantDeps = (env: NodeJS.ProcessEnv, config: CoreConfig): GrantDeps => ({
  ...allowanceDeps(env),
  tickets: ticketDeps(env, config),
  parties: new DynamoPartyStore(dynamoDocumentClient(), table(env)),
  devices: new DynamoDeviceStore(dynamoDocumentClient(), table(env)),
});

export const transferDeps = (env: NodeJS.ProcessEnv, config: CoreConfig): TransferDeps => ({
  ...allowanceDeps(env),
  tickets: ticketDeps(env, config),
  devices: new DynamoDeviceStore(dynamoDocumentClient(), table(env)),
  revocations: new DynamoRevocationStore(dynamoDocumentClient(), table(env)),
});

export const usageLogDeps = (env: NodeJS.ProcessEnv): UsageLogDeps => ({
  usage: new DynamoUsageLog(dynamoDocumentClient(), table(env)),
  contents: new DynamoContentStore(dynamoDocumentClient(), table(env)),
  parties: new DynamoPartyStore(dynamoDocumentClient(), table(env)),
});

export const intakeDeps = (env: NodeJS.ProcessEnv): IntakeDeps => ({
  intake: new DynamoIntakeStore(dynamoDocumentClient(), table(env)),
  clock: systemClock,
});
