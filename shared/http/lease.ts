import type { APIGatewayProxyEvent } from 'aws-lambda';
import { randomIds } from '../ids';

/** A request's lease on the redeem intake (shared/domain/rights/intake.ts): API Gateway's request id, unique per request. */
export const leaseIdOf = (event: APIGatewayProxyEvent): string => event.requestContext?.requestId ?? randomIds.next('lease');
