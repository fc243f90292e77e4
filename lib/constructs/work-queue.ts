import { Duration } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface WorkQueueProps {
  /**
   * At least the consumer's timeout (AWS recommends six times it for Lambda event sources), so that a
   * message is not handed to a second consumer while the first is still working on it.
   * @default 6 minutes (six times the workers' 60 s timeout)
   */
  visibilityTimeout?: Duration;
  /** @default 4 days */
  retentionPeriod?: Duration;
  /** Receives before a message is set aside in the dead-letter queue. @default 5 */
  maxReceiveCount?: number;
}

/**
 * Every SQS queue of the product is one of these: a queue with its dead-letter queue, both encrypted
 * (SQS-managed SSE, which EventBridge can deliver to without a KMS key policy) and refusing plain HTTP.
 * A consumer must be idempotent on the event's `eventId`: SQS delivers at least once (DESIGN §7).
 */
export class WorkQueue extends Construct {
  readonly queue: sqs.Queue;
  readonly deadLetterQueue: sqs.Queue;

  constructor(scope: Construct, id: string, props: WorkQueueProps = {}) {
    super(scope, id);
    this.deadLetterQueue = new sqs.Queue(this, 'DeadLetters', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      // The longest SQS allows: the enqueue time of a standard queue's message survives the move to the
      // DLQ, so the DLQ must keep messages longer than the source queue does.
      retentionPeriod: Duration.days(14),
    });
    this.queue = new sqs.Queue(this, 'Queue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout: props.visibilityTimeout ?? Duration.minutes(6),
      retentionPeriod: props.retentionPeriod ?? Duration.days(4),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: props.maxReceiveCount ?? 5 },
    });
  }
}
