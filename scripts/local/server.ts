import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { routes, type RouteDefinition } from '../../shared/resources/routes';
import { functions } from '../../shared/resources/functions';
import { userPool } from '../../shared/resources/identity';
import { DomainError, quoted, type ErrorCode } from '../../shared/errors';
import { internalProblem, problemOf } from '../../shared/http/problem';
import { DPOP_SCHEME_REFUSED_DETAIL, problemHeaders, SECURITY_HEADERS, TOKEN_REQUIRED_DETAIL } from '../../shared/http/response';
import { loadFunctionHandler } from './handlers';
import { issueDevToken, parseTokenRequest, verifyDevToken } from './dev-tokens';
import { isDocsPath, serveDocs } from './docs';
import { LOCAL_TOKEN_PATH } from './bootstrap-identity';
import { LocalCognito } from './cognito';
import { answerClockRoute } from './local-clock-route';
import { readOutbox } from './outbox';

/**
 * The local stand-in for API Gateway: each request becomes a REST proxy event for the same
 * handler module Lambda runs. Non-public routes need a bearer token: one from the development
 * issuer, or an access token from moto's cognito-idp (checked against the pool's JWKS, see
 * cognito.ts); its claims reach the handler where the Cognito authorizer would put them.
 *
 * Local-only routes, never in the stack: POST /local/token (development tokens), GET
 * /local/outbox?to= (the e-mails kippu sent, read back from moto's SES) and POST
 * /local/oauth2/token (the pool's client-credentials grant, which moto lacks).
 */
const API_GATEWAY_BODY_BYTES_MAX = 10 * 1024 * 1024;
/**
 * The request line and headers the local server reads. Node's default (16 KiB) answers 431
 * before kippu sees an over-long query parameter; this leaves that answer to kippu's own
 * checks (a 4xx problem as the document declares). In AWS, API Gateway refuses a request
 * line and headers beyond its own quota (10 KiB) before kippu.
 */
const REQUEST_HEAD_BYTES_MAX = 1024 * 1024;
const LOCAL_STAGE_NAME = 'local';

type LambdaHandler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;

interface CompiledRoute {
  readonly route: RouteDefinition;
  readonly pattern: RegExp;
  readonly parameterNames: readonly string[];
}

const compile = (route: RouteDefinition): CompiledRoute => {
  const parameterNames: string[] = [];
  const source = route.path
    .split('/')
    .map((segment) => {
      const parameter = /^\{(\w+)\}$/.exec(segment);
      if (parameter?.[1] === undefined) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      parameterNames.push(parameter[1]);
      return '([^/]+)';
    })
    .join('/');
  return { route, pattern: new RegExp(`^${source}$`), parameterNames };
};

const compiledRoutes = routes.map(compile);

/**
 * A problem document and headers exactly as the handlers produce them (problemHeaders: the
 * security headers, and WWW-Authenticate on the 401), for what the gateway itself refuses.
 */
const sendProblem = (
  response: ServerResponse,
  code: ErrorCode,
  detail: string,
  extra: Record<string, string> = {},
  errors?: readonly { readonly field: string; readonly message: string }[],
) => {
  const document = problemOf(new DomainError(code, detail, errors ?? []));
  response.writeHead(document.status, { ...problemHeaders(document.status, document.code), ...extra });
  response.end(JSON.stringify(document));
};

const readBody = async (request: IncomingMessage): Promise<Buffer | 'too_large'> => {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > API_GATEWAY_BODY_BYTES_MAX) return 'too_large';
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
};

const singleValueHeaders = (request: IncomingMessage): Record<string, string> => {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  return headers;
};

/** As Lambda's: the time left of the function's timeout, counted from the invocation's start (wall time). */
const lambdaContext = (functionName: string, requestId: string, timeoutSeconds: number): Context => {
  const deadlineMs = Date.now() + timeoutSeconds * 1000;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${functionName}`,
    memoryLimitInMB: '512',
    awsRequestId: requestId,
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(deadlineMs - Date.now(), 0),
    done: () => {},
    fail: () => {},
    succeed: () => {},
  };
};

/** Path parameters as API Gateway passes them (percent-decoded); undefined when an escape is malformed. */
const decodePathParameters = (names: readonly string[], match: RegExpExecArray): Record<string, string> | undefined => {
  try {
    return Object.fromEntries(names.map((name, index) => [name, decodeURIComponent(match[index + 1] ?? '')]));
  } catch (error) {
    if (error instanceof URIError) return undefined;
    throw error;
  }
};

const isUtf8 = (buffer: Buffer): boolean => {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(buffer);
    return true;
  } catch {
    return false;
  }
};

export interface LocalServer {
  readonly url: string;
  close(): Promise<void>;
}

export interface LocalServerOptions {
  readonly port: number;
  readonly host?: string;
  readonly log?: (line: string) => void;
}

/** A local route's JSON answer, with the headers of every API answer (nosniff, no-store). */
const sendJson = (response: ServerResponse, status: number, body: unknown, extra: Record<string, string> = {}) => {
  response.writeHead(status, { 'content-type': 'application/json', ...SECURITY_HEADERS, ...extra });
  response.end(JSON.stringify(body));
};

/** Whether the identity emulation is configured (the bootstrap sets these). */
const cognitoConfigured = (env: NodeJS.ProcessEnv): boolean =>
  env.AWS_ENDPOINT_URL_COGNITO_IDP !== undefined && env[userPool.envVar] !== undefined;

export const startLocalServer = async (options: LocalServerOptions): Promise<LocalServer> => {
  const log = options.log ?? (() => {});
  const cognito = cognitoConfigured(process.env) ? new LocalCognito(process.env) : undefined;
  const sesEndpoint = process.env.AWS_ENDPOINT_URL_SESV2;

  /** Local routes; true when the request was one of them. */
  const handleLocal = async (request: IncomingMessage, response: ServerResponse, url: URL, body: Buffer): Promise<boolean> => {
    const method = request.method ?? 'GET';
    if (url.pathname === '/local/outbox' && method === 'GET') {
      const to = url.searchParams.get('to');
      if (to === null || to.trim() === '') {
        sendProblem(response, 'VALIDATION_FAILED', 'Name the recipient: GET /local/outbox?to=<email>.');
      } else if (sesEndpoint === undefined) {
        sendProblem(response, 'ROUTE_NOT_FOUND', 'No SES emulator is configured (AWS_ENDPOINT_URL_SESV2).');
      } else {
        sendJson(response, 200, await readOutbox(sesEndpoint, to));
      }
      return true;
    }
    if (url.pathname === LOCAL_TOKEN_PATH && method === 'POST') {
      if (cognito === undefined) {
        sendProblem(response, 'ROUTE_NOT_FOUND', 'No Cognito emulator is configured (AWS_ENDPOINT_URL_COGNITO_IDP).');
        return true;
      }
      const answer = await cognito.clientToken(request.headers.authorization, new URLSearchParams(body.toString('utf8')));
      sendJson(response, answer.status, answer.body);
      return true;
    }
    return false;
  };

  /** Developers see each registration code in the log, as they would find it in their mailbox. */
  const logCodes = async (event: APIGatewayProxyEvent): Promise<void> => {
    if (sesEndpoint === undefined) return;
    const to = (JSON.parse(event.body ?? '{}') as { email?: unknown }).email;
    if (typeof to !== 'string') return;
    const latest = (await readOutbox(sesEndpoint, to)).at(-1);
    if (latest !== undefined)
      log(`outbox: ${latest.kind} for ${latest.to}: ${latest.code} (GET /local/outbox?to=${encodeURIComponent(latest.to)})`);
  };

  const handle = async (request: IncomingMessage, response: ServerResponse, requestId: string): Promise<void> => {
    const url = new URL(request.url ?? '/', 'http://local');
    const method = request.method ?? 'GET';
    const body = await readBody(request);
    if (body === 'too_large') {
      sendProblem(response, 'PAYLOAD_TOO_LARGE', 'The request body exceeds the API limit of 10 MB.');
      return;
    }

    if (await handleLocal(request, response, url, body)) return;
    if (answerClockRoute(url.pathname, method, body, response)) return;

    if (url.pathname === '/local/token' && method === 'POST') {
      let parsed: unknown;
      try {
        parsed = JSON.parse(body.toString('utf8'));
      } catch {
        sendProblem(response, 'MALFORMED_JSON', 'The body is not JSON: send {"role": "...", "sub": "..."}.');
        return;
      }
      const tokenRequest = parseTokenRequest(parsed);
      if (Array.isArray(tokenRequest)) {
        const fields = tokenRequest.map((issue) => issue.field).join(' and ');
        sendProblem(response, 'VALIDATION_FAILED', `Send {"role": "...", "sub": "..."}: check ${fields}.`, {}, tokenRequest);
        return;
      }
      sendJson(response, 200, { token: await issueDevToken(tokenRequest.role, tokenRequest.sub) });
      return;
    }

    if (isDocsPath(url.pathname)) {
      if (method !== 'GET') {
        sendProblem(response, 'METHOD_NOT_ALLOWED', `${method} is not allowed on ${quoted(url.pathname)}.`, { allow: 'GET' });
      } else if (!(await serveDocs(url.pathname, response))) {
        sendProblem(response, 'ROUTE_NOT_FOUND', `No route for GET ${quoted(url.pathname)}.`);
      }
      return;
    }

    // An unknown path and a method the path does not declare (HEAD and OPTIONS included) are
    // both 404 ROUTE_NOT_FOUND, as the deployed API answers them: API Gateway matches method
    // and path together, and the stack turns its MISSING_AUTHENTICATION_TOKEN answer into this
    // problem (infra/constructs/kippu-api.ts).
    const found = compiledRoutes
      .filter((compiled) => compiled.route.method === method)
      .map((compiled) => ({ compiled, match: compiled.pattern.exec(url.pathname) }))
      .find((candidate) => candidate.match !== null);
    if (found === undefined || found.match === null) {
      sendProblem(response, 'ROUTE_NOT_FOUND', `No route for ${method} ${quoted(url.pathname)}.`);
      return;
    }
    const { compiled, match } = found;

    let claims: Record<string, unknown> | undefined;
    if (!compiled.route.public) {
      const authorization = request.headers.authorization ?? '';
      const token = /^Bearer\s+(\S+)$/i.exec(authorization)?.[1];
      claims = token === undefined ? undefined : ((await verifyDevToken(token)) ?? (await cognito?.verify(token)));
      if (claims === undefined) {
        // A token under the DPoP scheme (RFC 9449 §7.1) is refused however good its proof is:
        // kippu takes every token as a bearer token (docs/identity.md), and says so.
        const dpopScheme = /^DPoP(\s|$)/i.test(authorization);
        sendProblem(response, 'UNAUTHENTICATED', dpopScheme ? DPOP_SCHEME_REFUSED_DETAIL : TOKEN_REQUIRED_DETAIL);
        return;
      }
    }

    const pathParameters = decodePathParameters(compiled.parameterNames, match);
    if (pathParameters === undefined) {
      sendProblem(response, 'MALFORMED_PATH', `The path ${url.pathname} holds a malformed percent-encoding.`);
      return;
    }
    // Without a prototype, a parameter named __proto__ (or constructor) is a parameter like any other.
    const query: Record<string, string> = Object.create(null) as Record<string, string>;
    const multiQuery: Record<string, string[]> = Object.create(null) as Record<string, string[]>;
    for (const [name, value] of url.searchParams) {
      query[name] = value;
      (multiQuery[name] ??= []).push(value);
    }
    const headers = singleValueHeaders(request);
    const binary = body.length > 0 && !isUtf8(body);
    const event: APIGatewayProxyEvent = {
      resource: compiled.route.path,
      path: url.pathname,
      httpMethod: method,
      headers,
      multiValueHeaders: Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, [value]])),
      queryStringParameters: Object.keys(query).length > 0 ? query : null,
      multiValueQueryStringParameters: Object.keys(multiQuery).length > 0 ? multiQuery : null,
      pathParameters: compiled.parameterNames.length > 0 ? pathParameters : null,
      stageVariables: null,
      body: body.length === 0 ? null : binary ? body.toString('base64') : body.toString('utf8'),
      isBase64Encoded: binary,
      requestContext: {
        accountId: '000000000000',
        apiId: 'local',
        authorizer: claims === undefined ? null : { claims },
        protocol: 'HTTP/1.1',
        httpMethod: method,
        identity: {
          accessKey: null,
          accountId: null,
          apiKey: null,
          apiKeyId: null,
          caller: null,
          clientCert: null,
          cognitoAuthenticationProvider: null,
          cognitoAuthenticationType: null,
          cognitoIdentityId: null,
          cognitoIdentityPoolId: null,
          principalOrgId: null,
          sourceIp: request.socket.remoteAddress ?? '127.0.0.1',
          user: null,
          userAgent: request.headers['user-agent'] ?? null,
          userArn: null,
        },
        path: `/${LOCAL_STAGE_NAME}${url.pathname}`,
        stage: LOCAL_STAGE_NAME,
        requestId,
        requestTimeEpoch: Date.now(),
        resourceId: 'local',
        resourcePath: compiled.route.path,
      },
    };

    const functionName = functions[compiled.route.functionId].name;
    const handler = await loadFunctionHandler<LambdaHandler>(functions[compiled.route.functionId]);
    const result = await handler(
      event,
      lambdaContext(functionName, requestId, functions[compiled.route.functionId].timeoutSeconds),
    );
    if (compiled.route.functionId === 'registrationCreate' && result.statusCode === 201) await logCodes(event);
    const responseHeaders: Record<string, string> = {};
    for (const [name, value] of Object.entries(result.headers ?? {})) responseHeaders[name] = String(value);
    response.writeHead(result.statusCode, responseHeaders);
    response.end(result.isBase64Encoded === true ? Buffer.from(result.body, 'base64') : result.body);
  };

  const server: Server = createServer({ maxHeaderSize: REQUEST_HEAD_BYTES_MAX }, (request, response) => {
    const started = process.hrtime.bigint();
    const requestId = randomUUID();
    response.on('finish', () => {
      const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
      log(`${request.method ?? '?'} ${request.url ?? '?'} ${response.statusCode} ${elapsedMs.toFixed(1)}ms`);
    });
    handle(request, response, requestId).catch((error: unknown) => {
      // A handler that throws instead of answering is a bug; API Gateway would answer 502.
      log(`handler crashed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      if (!response.headersSent) {
        response.writeHead(500, problemHeaders(500));
        response.end(JSON.stringify(internalProblem(requestId)));
      } else {
        response.end();
      }
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        cognito?.close();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
};
