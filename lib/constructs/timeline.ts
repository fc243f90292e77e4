import { ArnFormat, Duration, type RemovalPolicy, Stack, Validations } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';

export interface TimelineProps {
  cityCode: string;
  /** The worker the timeline's tasks invoke (a WorkerSpec with trigger `timeline`), once one exists. */
  worker?: lambda.IFunction;
  /** Where a decision request goes while no worker exists: the city's notifications queue. */
  decisionRequests: sqs.IQueue;
  logRetention: logs.RetentionDays;
  removalPolicy: RemovalPolicy;
}

/**
 * The timeline of one published project (DESIGN §4): one Standard execution per project, named after the project so
 * that a duplicate start is a no-op. Every Task invokes the timeline worker (functions/procurement/timeline-worker.ts)
 * with a `step`; the worker answers `{ next, waitUntil?, timeoutSeconds? }` decided from the stored project, and
 * the `Route` choice sends the execution to the state named by `next`:
 *
 *   Published ─► Route ─► WaitForClose ─► Close ─► Route ─┬► WaitForReveal ─► RevealEnded ─► Route   (sealed quotes)
 *                                                         ├► AwaitScores ──(timeout)─► ScoresTimedOut ─► Route  (择优)
 *                                                         ├► AwaitChoice ──(timeout)─► ChoiceTimedOut ─► Route  (直接选取)
 *                                                         ├► Select ─► Route ─► WaitForPublicityEnd ─► PublicityEnded ─► Route
 *                                                         ├► AwaitObjectionDecision ─► ObjectionDecided ─► Route  (质疑)
 *                                                         │        └(timeout)─► ObjectionOverdue ─► Route  (escalate, then fail)
 *                                                         ├► Confirm ─► Route ─► AwaitContract ─► ContractOutcome ─► Route
 *                                                         │        └(timeout)─► ContractOverdue ─► Route  (credit incident, then substitute)
 *                                                         ├► AwaitCompletion ─► ServiceOutcome ─► Route
 *                                                         │        └(timeout)─► ServiceLate ─► Route
 *                                                         ├► AwaitEvaluation ─► EvaluationOutcome ─► Route
 *                                                         │        └(timeout)─► EvaluationOverdue ─► Route
 *                                                         └► ProcurementFailed (流标) | Evaluated | Ended
 *
 * Waits are timestamps the worker computed from the working-day calendar (accelerated on a sandbox tenant). Human
 * steps use `.waitForTaskToken`: the worker stores the token with the project and the API of the step answers it;
 * each has a timeout (`timeoutSeconds` from the worker) whose handler leads to a defined outcome. A worker error
 * is retried; one that persists ends the execution in `TimelineError`, visible to operators — never a silent hang.
 *
 * Input: { tenant, projectId }. The worker's answer lives at `$.t`, a callback's output at `$.callback`.
 */
export const TIMELINE_STATES = {
  route: 'Route',
  routes: {
    close: 'WaitForClose', reveal: 'WaitForReveal', scoring: 'AwaitScores', choice: 'AwaitChoice', select: 'Select',
    publicity: 'WaitForPublicityEnd', objections: 'AwaitObjectionDecision', confirm: 'Confirm', contract: 'AwaitContract',
    service: 'AwaitCompletion', evaluation: 'AwaitEvaluation', failed: 'ProcurementFailed', evaluated: 'Evaluated', ended: 'Ended',
  },
} as const;

export class Timeline extends Construct {
  /** Explicit, so that functions are given the ARN before the state machine exists (it invokes them). */
  static stateMachineName(cityCode: string) {
    return `ism-${cityCode}-timeline`;
  }

  static arnFor(scope: Construct, cityCode: string) {
    return Stack.of(scope).formatArn({
      service: 'states',
      resource: 'stateMachine',
      resourceName: Timeline.stateMachineName(cityCode),
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
  }

  readonly stateMachine: sfn.StateMachine;

  constructor(scope: Construct, id: string, props: TimelineProps) {
    super(scope, id);
    const definition = props.worker ? this.projectTimeline(props.worker) : this.placeholder(props.decisionRequests);

    const name = Timeline.stateMachineName(props.cityCode);
    const logGroup = new logs.LogGroup(this, 'Logs', {
      // The /aws/vendedlogs/ prefix keeps the CloudWatch Logs resource policy small as machines are added.
      logGroupName: `/aws/vendedlogs/states/${name}`,
      retention: props.logRetention,
      removalPolicy: props.removalPolicy,
    });
    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      stateMachineName: name,
      stateMachineType: sfn.StateMachineType.STANDARD,
      definitionBody: sfn.DefinitionBody.fromChainable(definition),
      tracingEnabled: true,
      logs: { destination: logGroup, level: sfn.LogLevel.ALL, includeExecutionData: true },
    });

    const acknowledge = (finding: string, reason: string) =>
      Validations.of(this.stateMachine).acknowledge({ id: `AwsSolutions-IAM5[${finding}]`, reason });
    acknowledge('Resource::*', 'Log delivery to CloudWatch Logs (logs:CreateLogDelivery, logs:PutResourcePolicy, ...) and '
      + 'X-Ray (xray:PutTraceSegments, xray:GetSamplingRules, ...) support no resource-level permission.');
    if (props.worker) {
      const cfn = props.worker.node.defaultChild as lambda.CfnFunction;
      acknowledge(`Resource::<${Stack.of(cfn).getLogicalId(cfn)}.Arn>:*`, 'LambdaInvoke may call any version or alias of the timeline worker (<function>:*).');
    }
  }

  /** The project timeline over the worker (see the class comment). */
  private projectTimeline(worker: lambda.IFunction): sfn.IChainable {
    const project = { tenant: sfn.JsonPath.stringAt('$.tenant'), projectId: sfn.JsonPath.stringAt('$.projectId') };
    const route = new sfn.Choice(this, TIMELINE_STATES.route, { comment: 'Where the stored project says the timeline goes next' });
    const failedOut = new sfn.Fail(this, 'TimelineError', { comment: 'The worker kept failing: for an operator to look at', error: 'TimelineError', causePath: '$.error.Cause' });

    const step = (id: string, name: string) => {
      const task = new tasks.LambdaInvoke(this, id, {
        lambdaFunction: worker,
        payload: sfn.TaskInput.fromObject({ step: name, ...project }),
        payloadResponseOnly: true,
        resultPath: '$.t',
      });
      task.addRetry({ errors: ['Lambda.ServiceException', 'Lambda.AWSLambdaException', 'Lambda.SdkClientException', 'Lambda.TooManyRequestsException'], interval: Duration.seconds(2), maxAttempts: 6, backoffRate: 2 });
      task.addRetry({ errors: ['States.TaskFailed'], interval: Duration.seconds(3), maxAttempts: 4, backoffRate: 2 });
      task.addCatch(failedOut, { errors: ['States.ALL'], resultPath: '$.error' });
      return task.next(route);
    };
    const wait = (id: string) => new sfn.Wait(this, id, { time: sfn.WaitTime.timestampPath('$.t.waitUntil') });
    // 等待经办人: the token goes to the worker, which stores it with the project; the step's API answers it.
    const human = (id: string, name: string, then: sfn.IChainable, onTimeout: sfn.IChainable) => {
      const task = new tasks.LambdaInvoke(this, id, {
        lambdaFunction: worker,
        integrationPattern: sfn.IntegrationPattern.WAIT_FOR_TASK_TOKEN,
        payload: sfn.TaskInput.fromObject({ step: `await-${name}`, ...project, taskToken: sfn.JsonPath.taskToken }),
        taskTimeout: sfn.Timeout.at('$.t.timeoutSeconds'),
        resultPath: '$.callback',
      });
      task.addRetry({ errors: ['Lambda.ServiceException', 'Lambda.AWSLambdaException', 'Lambda.SdkClientException', 'Lambda.TooManyRequestsException'], interval: Duration.seconds(2), maxAttempts: 6, backoffRate: 2 });
      task.addCatch(onTimeout, { errors: [sfn.Errors.TIMEOUT], resultPath: '$.timeout' });
      task.addCatch(failedOut, { errors: ['States.ALL'], resultPath: '$.error' });
      return task.next(then);
    };

    const r = TIMELINE_STATES.routes;
    const targets: Record<keyof typeof r, sfn.IChainable> = {
      close: wait(r.close).next(step('Close', 'close')),
      reveal: wait(r.reveal).next(step('RevealEnded', 'reveal-ended')),
      scoring: human(r.scoring, 'scores', step('ScoresSubmitted', 'select'), step('ScoresTimedOut', 'scores-timed-out')),
      choice: human(r.choice, 'choice', step('ChoiceMade', 'select'), step('ChoiceTimedOut', 'choice-timed-out')),
      select: step(r.select, 'select'),
      publicity: wait(r.publicity).next(step('PublicityEnded', 'publicity-ended')),
      objections: human(r.objections, 'objection-decision', step('ObjectionDecided', 'objection-decided'), step('ObjectionOverdue', 'objection-overdue')),
      confirm: step(r.confirm, 'confirm'),
      contract: human(r.contract, 'contract', step('ContractOutcome', 'contract-outcome'), step('ContractOverdue', 'contract-overdue')),
      service: human(r.service, 'completion', step('ServiceOutcome', 'service-outcome'), step('ServiceLate', 'service-late')),
      evaluation: human(r.evaluation, 'evaluation', step('EvaluationOutcome', 'evaluation-outcome'), step('EvaluationOverdue', 'evaluation-overdue')),
      failed: new sfn.Succeed(this, r.failed, { comment: '流标: the owner may republish' }),
      evaluated: new sfn.Succeed(this, r.evaluated, { comment: 'Evaluated: the life of the project is complete' }),
      ended: new sfn.Succeed(this, r.ended, { comment: 'Ended early with a flag (service unfinished, evaluation overdue)' }),
    };
    for (const [next, target] of Object.entries(targets)) route.when(sfn.Condition.stringEquals('$.t.next', next), target as sfn.State);
    route.otherwise(failedOut);
    return step('Published', 'published');
  }

  /** Before any timeline worker exists (a stack synthesized without procurement): the skeleton with its callback. */
  private placeholder(decisionRequests: sqs.IQueue): sfn.IChainable {
    const request = { taskToken: sfn.JsonPath.taskToken, projectId: sfn.JsonPath.stringAt('$.projectId'), tenant: sfn.JsonPath.stringAt('$.tenant') };
    const awaitDecision = new tasks.SqsSendMessage(this, 'AwaitOperatorDecision', {
      integrationPattern: sfn.IntegrationPattern.WAIT_FOR_TASK_TOKEN,
      taskTimeout: sfn.Timeout.at('$.decisionTimeoutSeconds'),
      resultPath: '$.decision',
      queue: decisionRequests,
      messageBody: sfn.TaskInput.fromObject({ kind: 'operator-decision-requested', ...request }),
    });
    const done = new sfn.Succeed(this, 'Done');
    awaitDecision.addCatch(new sfn.Pass(this, 'DecisionTimedOut', { result: sfn.Result.fromObject({ outcome: 'decision-timed-out' }), resultPath: '$.decision' }).next(done), { errors: [sfn.Errors.TIMEOUT], resultPath: '$.timeout' });
    return new sfn.Wait(this, 'WaitForRegistrationDeadline', { time: sfn.WaitTime.timestampPath('$.registrationDeadline') }).next(awaitDecision).next(done);
  }
}
