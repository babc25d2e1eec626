import type { OutboxMessage } from './ports';

/**
 * What kippu's e-mails say. Rendered here for the SES outbox; the local runtime's outbox
 * viewer reads the same lines back with `parseMessage`, so the two cannot drift apart.
 */
const REGISTRATION_CODE_SUBJECT = 'Your kippu registration code';

const CODE_LINE = 'Code: ';
const SENT_LINE = 'Sent: ';
const EXPIRES_LINE = 'Expires: ';

export interface RenderedMessage {
  readonly subject: string;
  readonly text: string;
}

export const renderMessage = (message: OutboxMessage): RenderedMessage => ({
  subject: REGISTRATION_CODE_SUBJECT,
  text: [
    `Your kippu registration code is ${message.code}.`,
    '',
    'Enter it to confirm your registration. If you did not register, ignore this message: the registration expires by itself.',
    '',
    `${CODE_LINE}${message.code}`,
    `${SENT_LINE}${message.at}`,
    `${EXPIRES_LINE}${message.expiresAt}`,
    '',
  ].join('\n'),
});

/** The message behind a rendered e-mail to `to`, or undefined when it is not one of kippu's. */
export const parseMessage = (to: string, rendered: RenderedMessage): OutboxMessage | undefined => {
  if (rendered.subject !== REGISTRATION_CODE_SUBJECT) return undefined;
  const line = (prefix: string) =>
    rendered.text
      .split('\n')
      .find((candidate) => candidate.startsWith(prefix))
      ?.slice(prefix.length);
  const code = line(CODE_LINE);
  const at = line(SENT_LINE);
  const expiresAt = line(EXPIRES_LINE);
  if (code === undefined || at === undefined || expiresAt === undefined) return undefined;
  return { to, kind: 'registration-code', code, at, expiresAt };
};
