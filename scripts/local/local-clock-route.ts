import type { ServerResponse } from 'node:http';
import * as z from '../../shared/zod';
import { DomainError } from '../../shared/errors';
import { problemOf } from '../../shared/http/problem';
import { problemHeaders, SECURITY_HEADERS } from '../../shared/http/response';
import { validationError } from '../../shared/http/request';
import { ADVANCE_SECONDS_MAX, installLocalTestClock, type LocalTestClock } from './test-clock';

/**
 * `GET /local/clock` and `POST /local/clock { advanceSeconds }` → `{ now, offsetSeconds }`:
 * the local runtime's test clock (test-clock.ts). Never declared in shared/resources, so the
 * stack never has it.
 */
const CLOCK_PATH = '/local/clock';

const ClockAdvanceRequest = z.strictObject({ advanceSeconds: z.int().check(z.gte(0), z.lte(ADVANCE_SECONDS_MAX)) });

const clockView = (clock: LocalTestClock) => ({ now: new Date(clock.now()).toISOString(), offsetSeconds: clock.offsetSeconds() });

const send = (response: ServerResponse, status: number, headers: Readonly<Record<string, string>>, body: unknown) => {
  response.writeHead(status, headers);
  response.end(JSON.stringify(body));
};

const advanceRequest = (body: Buffer): number => {
  let value: unknown = {};
  const text = body.toString('utf8');
  if (text.trim() !== '') {
    try {
      value = JSON.parse(text);
    } catch {
      throw new DomainError('MALFORMED_JSON', 'The request body is not valid JSON.');
    }
  }
  const parsed = ClockAdvanceRequest.safeParse(value);
  if (!parsed.success) throw validationError(parsed.error.issues, value);
  return parsed.data.advanceSeconds;
};

/** Answers the clock route; false when the path is another one. */
export const answerClockRoute = (path: string, method: string, body: Buffer, response: ServerResponse): boolean => {
  if (path !== CLOCK_PATH) return false;
  const clock = installLocalTestClock();
  try {
    if (method === 'POST') clock.advance(advanceRequest(body));
    else if (method !== 'GET') throw new DomainError('METHOD_NOT_ALLOWED', `${method} is not allowed on ${CLOCK_PATH}.`);
    send(response, 200, { 'content-type': 'application/json', ...SECURITY_HEADERS }, clockView(clock));
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    const document = problemOf(error);
    const allow: Record<string, string> = error.code === 'METHOD_NOT_ALLOWED' ? { allow: 'GET, POST' } : {};
    send(response, document.status, { ...problemHeaders(document.status), ...allow }, document);
  }
  return true;
};
