import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { setUpParties } from './parties';
import { runPool } from './pool';

/**
 * Tickets issued per second through the ticket-create handler (KMS Sign in moto, DynamoDB
 * Local), at a fixed concurrency. The emulators are far slower than AWS; the figure is for
 * comparing versions of kippu on this machine, not a prediction of production throughput.
 */
const TICKETS = 300;
const CONCURRENCY = 16;

/** Tickets are issued only between registered parties: a provider and 50 customers, made first. */
const event = (index: number, parties: { providerId: string; customerIds: readonly string[] }): APIGatewayProxyEvent =>
  ({
    resource: '/v1/tickets',
    path: '/v1/tickets',
    httpMethod: 'POST',
    headers: { 'content-type': 'application/json', 'idempotency-key': `bench-${Date.now()}-${index}` },
    body: JSON.stringify({
      providerId: parties.providerId,
      holderId: parties.customerIds[Math.abs(index) % parties.customerIds.length],
      resource: 'server/stream',
      validitySeconds: 600,
      capabilities: ['image'],
    }),
    isBase64Encoded: false,
    requestContext: { requestId: `bench-${index}`, authorizer: { claims: { sub: 'op-bench', 'custom:role': 'operator' } } },
  }) as unknown as APIGatewayProxyEvent;

export const benchTickets = async (print: (line: string) => void): Promise<void> => {
  const { handler } = await import('../functions/ticket-create/handler');
  const context = { awsRequestId: 'bench' } as Context;
  const parties = await setUpParties(50, 0);
  await handler(event(-1, parties), context);
  let failures = 0;
  const started = performance.now();
  await runPool(TICKETS, CONCURRENCY, async (index) => {
    const result = await handler(event(index, parties), context);
    if (result.statusCode !== 201) failures += 1;
  });
  const seconds = (performance.now() - started) / 1000;
  print(
    `tickets: ${TICKETS} issued through ticket-create at concurrency ${CONCURRENCY} in ${seconds.toFixed(2)} s = ${(TICKETS / seconds).toFixed(1)} tickets/s against the emulators (${failures} failed)`,
  );
};
