import { Duration } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { WorkerQueue, WorkerSpec } from '../../functions/contexts.ts';
import { deploymentScope, type FunctionDeployment, IsmFunction } from './ism-function.ts';
import { functionTarget } from './rule-targets.ts';
import type { WorkQueue } from './work-queue.ts';

/** A worker's time budget; the work queues' visibility timeout (6 min) is six times it. */
export const WORKER_TIMEOUT = Duration.seconds(60);

export interface WorkersProps {
  specs: WorkerSpec[];
  deployment: FunctionDeployment;
  /** The stack's queues a worker may consume, by the name its trigger gives. */
  queues: Partial<Record<WorkerQueue, WorkQueue>>;
  /** Dead letters of scheduled invocations that could not be delivered. */
  undelivered: sqs.IQueue;
}

/**
 * One IsmFunction per WorkerSpec of functions/contexts.ts, with its trigger:
 *  - schedule: a rule on the default bus (retry policy + DLQ like every target);
 *  - queue: an SQS event source on the named work queue, reporting partial batch failures so that one
 *    bad message does not send its whole batch back (and, five receives later, to the DLQ);
 *  - timeline: no trigger here; the timeline state machine invokes it (see `timelineWorkers`).
 */
export class Workers extends Construct {
  readonly functions = new Map<string, IsmFunction>();
  /** Workers whose trigger is the timeline, in the order of functions/contexts.ts. */
  readonly timelineWorkers: IsmFunction[] = [];

  constructor(scope: Construct, id: string, props: WorkersProps) {
    super(scope, id);
    const owner = deploymentScope(props.deployment);
    for (const spec of props.specs) {
      if (this.functions.has(spec.name)) throw new Error(`functions/contexts.ts: two workers are named ${spec.name}`);
      const worker = new IsmFunction(this, spec.name, {
        name: spec.name,
        entry: spec.entry,
        access: spec.access,
        deployment: props.deployment,
        memoryMb: spec.memoryMb,
        ...(spec.timeoutSeconds ? { timeout: Duration.seconds(spec.timeoutSeconds) } : {}),
        timeout: WORKER_TIMEOUT,
        description: `Worker ${spec.name} (${spec.trigger.kind})`,
      });
      this.functions.set(spec.name, worker);

      const trigger = spec.trigger;
      switch (trigger.kind) {
        case 'schedule':
          new events.Rule(this, `${spec.name}Schedule`, {
            ruleName: `ism-${owner}-${spec.name}-schedule`,
            description: trigger.description,
            schedule: events.Schedule.expression(trigger.expression),
            targets: [functionTarget(worker.fn, props.undelivered)],
          });
          break;
        case 'queue': {
          const queue = props.queues[trigger.queue];
          if (!queue) throw new Error(`worker ${spec.name}: its stack has no ${trigger.queue} queue`);
          worker.fn.addEventSource(new SqsEventSource(queue.queue, {
            batchSize: trigger.batchSize ?? 10,
            reportBatchItemFailures: true,
          }));
          break;
        }
        case 'timeline':
          this.timelineWorkers.push(worker);
          break;
      }
    }
  }
}
