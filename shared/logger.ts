/**
 * The logging port: what the domain, the handlers and the wiring log through. The functions
 * get Powertools Logger behind it (shared/adapters/powertools/logger.ts): one JSON object
 * per line with the service, the cold-start flag, the Lambda request id and the correlation
 * ids, so CloudWatch Logs Insights can query every field. Tests pass a silent or a recording
 * logger.
 */
export interface Logger {
  /** Detail for an investigation: written only at level DEBUG, or in an invocation sampled for debug logging. */
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
  /**
   * Correlation ids (`requestId`, `purchaseId`, `reservationId`, `ticketId` …) carried by
   * every later line of the current invocation; the next invocation starts without them.
   */
  appendKeys(keys: Readonly<Record<string, string>>): void;
}

export const silentLogger: Logger = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {}, appendKeys: () => {} };

export const errorFields = (error: unknown): Record<string, unknown> =>
  error instanceof Error ? { errorName: error.name, errorMessage: error.message, stack: error.stack } : { error: String(error) };
