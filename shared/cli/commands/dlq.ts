import {
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SQSClient,
  type Message,
} from '@aws-sdk/client-sqs';
import { InvalidArgumentError, Option, type Command } from 'commander';
import { CLI_REDRIVE_BATCH_SIZE, CLI_REDRIVE_MESSAGES_MAX, CLI_REDRIVE_VISIBILITY_TIMEOUT_SECONDS } from '../../limits';
import { deadLetterQueueName, queueName, queues, type QueueDefinition } from '../../resources/queues';
import { CliError, EXIT_OK, type CommandContext } from '../io';

/**
 * `kippu dlq redrive --queue <name>`: moves the messages of a queue's dead-letter queue back
 * to the queue, for an operator who has fixed what made them fail (docs/operations.md).
 * Queue names are the ids in shared/resources/queues.ts; the physical names follow from the
 * stage. Uses the AWS credentials and region of the environment (and AWS_ENDPOINT_URL
 * locally, which points it at the emulator).
 */
interface RedriveOptions {
  readonly queue: QueueDefinition;
  readonly stage: string;
  readonly dryRun?: boolean;
}

const parseQueue = (value: string): QueueDefinition => {
  const queue = queues.find((candidate) => candidate.id === value);
  if (queue === undefined) throw new InvalidArgumentError(`One of: ${queues.map((candidate) => candidate.id).join(', ')}.`);
  return queue;
};

const parseStage = (value: string): string => {
  if (!/^[a-z][a-z0-9-]{0,20}$/.test(value))
    throw new InvalidArgumentError('A stage name as deployed (lowercase letters, digits, -).');
  return value;
};

const queueUrlOf = async (sqs: SQSClient, name: string): Promise<string> => {
  try {
    const answer = await sqs.send(new GetQueueUrlCommand({ QueueName: name }));
    if (answer.QueueUrl !== undefined) return answer.QueueUrl;
  } catch (error) {
    throw new CliError(`Cannot find the queue ${name}: ${error instanceof Error ? error.message : String(error)}`);
  }
  throw new CliError(`Cannot find the queue ${name}.`);
};

const approximateCount = async (sqs: SQSClient, url: string): Promise<number> => {
  const answer = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages'] }),
  );
  return Number(answer.Attributes?.ApproximateNumberOfMessages ?? '0');
};

/** Sends one received batch to the queue and deletes from the dead-letter queue what was sent; returns how many moved. */
const moveBatch = async (sqs: SQSClient, from: string, to: string, messages: readonly Message[]): Promise<number> => {
  const sent = await sqs.send(
    new SendMessageBatchCommand({
      QueueUrl: to,
      Entries: messages.map((message, position) => ({
        Id: String(position),
        MessageBody: message.Body ?? '',
        ...(message.MessageAttributes === undefined ? {} : { MessageAttributes: message.MessageAttributes }),
      })),
    }),
  );
  const moved = (sent.Successful ?? []).map((entry) => messages[Number(entry.Id)]).filter((message) => message !== undefined);
  if (moved.length > 0) {
    await sqs.send(
      new DeleteMessageBatchCommand({
        QueueUrl: from,
        Entries: moved.map((message, position) => ({ Id: String(position), ReceiptHandle: message.ReceiptHandle ?? '' })),
      }),
    );
  }
  const failed = sent.Failed ?? [];
  if (failed.length > 0) throw new CliError(`SQS refused ${failed.length} message(s): ${failed[0]?.Message ?? failed[0]?.Code}`);
  return moved.length;
};

/**
 * Receives from the dead-letter queue in batches and moves each; stops at the first empty
 * receive once the count read at the start has moved (a long poll before that, as SQS may
 * answer a short poll with nothing while messages wait), or at CLI_REDRIVE_MESSAGES_MAX.
 */
const redrive = async (sqs: SQSClient, from: string, to: string, expected: number): Promise<number> => {
  let moved = 0;
  while (moved < CLI_REDRIVE_MESSAGES_MAX) {
    const received = await sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: from,
        MaxNumberOfMessages: Math.min(CLI_REDRIVE_BATCH_SIZE, CLI_REDRIVE_MESSAGES_MAX - moved),
        VisibilityTimeout: CLI_REDRIVE_VISIBILITY_TIMEOUT_SECONDS,
        WaitTimeSeconds: moved < expected ? 1 : 0,
        MessageAttributeNames: ['All'],
      }),
    );
    const messages = received.Messages ?? [];
    if (messages.length === 0) break;
    moved += await moveBatch(sqs, from, to, messages);
  }
  return moved;
};

/** The region the SDK resolved (AWS_REGION, or the profile's); without one, no queue can be named, so say what is missing. */
const checkRegion = async (sqs: SQSClient): Promise<void> => {
  try {
    await sqs.config.region();
  } catch {
    throw new CliError(
      'No AWS region: set AWS_REGION (or a region in the AWS_PROFILE profile) to the region kippu is deployed in.',
    );
  }
};

const run = async (options: RedriveOptions, context: CommandContext): Promise<number> => {
  const sqs = new SQSClient({});
  try {
    await checkRegion(sqs);
    const sourceName = queueName(options.stage, options.queue);
    const deadLetterName = deadLetterQueueName(options.stage, options.queue);
    const [sourceUrl, deadLetterUrl] = await Promise.all([queueUrlOf(sqs, sourceName), queueUrlOf(sqs, deadLetterName)]);
    const waiting = await approximateCount(sqs, deadLetterUrl);
    if (options.dryRun === true) {
      context.io.stdout(
        `${deadLetterName} holds about ${waiting} message(s); a redrive moves them to ${sourceName}. Dry run: nothing moved.\n`,
      );
      return EXIT_OK;
    }
    const moved = await redrive(sqs, deadLetterUrl, sourceUrl, waiting);
    context.io.stdout(`Moved ${moved} message(s) from ${deadLetterName} to ${sourceName}.\n`);
    return EXIT_OK;
  } finally {
    sqs.destroy();
  }
};

export const registerDlq = (program: Command, context: CommandContext): void => {
  const dlq = program
    .command('dlq')
    .summary("redrive kippu's dead-letter queues")
    .description("Operate kippu's dead-letter queues.");
  dlq
    .command('redrive')
    .summary("move a dead-letter queue's messages back to its queue")
    .description(
      "Move the messages of a queue's dead-letter queue back to the queue, with their bodies and message attributes, " +
        'once the cause of their failure is fixed (docs/operations.md). Uses the AWS credentials and region of the ' +
        'environment. Prints how many moved and exits 0; exits 2 when it cannot run (an unknown queue or stage, no AWS region).',
    )
    .addOption(
      new Option('--queue <name>', 'the queue whose dead-letter queue is redriven')
        .choices(queues.map((queue) => queue.id))
        .argParser(parseQueue)
        .makeOptionMandatory(),
    )
    .addOption(
      new Option('--stage <stage>', 'the deployed stage').default(process.env.KIPPU_STAGE ?? 'dev').argParser(parseStage),
    )
    .option('--dry-run', 'only say how many messages wait and where they would go; move nothing')
    .addHelpText(
      'after',
      '\nExamples:\n  kippu dlq redrive --queue settlement --stage prod --dry-run\n  kippu dlq redrive --queue settlement --stage prod\n',
    )
    .action(async (options: RedriveOptions) => context.setExitCode(await run(options, context)));
};
