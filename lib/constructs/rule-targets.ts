import { Duration } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import type * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sqs from 'aws-cdk-lib/aws-sqs';

/**
 * Every EventBridge rule target of the product has an explicit retry policy and a dead-letter queue
 * (DESIGN §7). The targets are built here so that no rule can be given one without them.
 */

/** Replication between buses and into queues: keep trying for a day (a city may be down for hours). */
export const REPLICATION_RETRY = { retryAttempts: 185, maxEventAge: Duration.hours(24) } as const;
/** A scheduled tick is worth retrying briefly only: the next tick comes anyway. */
export const SCHEDULE_RETRY = { retryAttempts: 2, maxEventAge: Duration.hours(1) } as const;

export interface RetryPolicy {
  retryAttempts: number;
  maxEventAge: Duration;
}

export function queueTarget(queue: sqs.IQueue, deadLetterQueue: sqs.IQueue, retry: RetryPolicy = REPLICATION_RETRY) {
  return new targets.SqsQueue(queue, { deadLetterQueue, ...retry });
}

export function functionTarget(fn: lambda.IFunction, deadLetterQueue: sqs.IQueue, retry: RetryPolicy = SCHEDULE_RETRY) {
  return new targets.LambdaFunction(fn, { deadLetterQueue, ...retry });
}

/**
 * Another bus as target. `targets.EventBus` takes a role and a DLQ but no retry policy
 * (aws/aws-cdk#28735), although AWS::Events::Rule accepts one for any target: this adds it.
 */
export class EventBusTarget implements events.IRuleTarget {
  private readonly inner: targets.EventBus;

  constructor(bus: events.IEventBus, private readonly props: { role: iam.IRole; deadLetterQueue: sqs.IQueue; retry?: RetryPolicy }) {
    this.inner = new targets.EventBus(bus, { role: props.role, deadLetterQueue: props.deadLetterQueue });
  }

  bind(rule: Parameters<events.IRuleTarget['bind']>[0], id?: string): events.RuleTargetConfig {
    const retry = this.props.retry ?? REPLICATION_RETRY;
    return {
      ...this.inner.bind(rule, id),
      retryPolicy: { maximumRetryAttempts: retry.retryAttempts, maximumEventAgeInSeconds: retry.maxEventAge.toSeconds() },
    };
  }
}

/**
 * `[{ "anything-but": value }]`, the scalar form of EventBridge's anything-but (CDK's Match.anythingBut
 * renders the list form); typed as the string list that EventPattern declares.
 */
export function anythingBut(value: string): string[] {
  return [{ 'anything-but': value }] as unknown as string[];
}
