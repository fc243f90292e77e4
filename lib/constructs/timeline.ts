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
 * The timeline of one published project (DESIGN §4): one Standard execution per project, named after
 * the project so that a duplicate start is a no-op. A SKELETON until the procurement issue fills it:
 *
 *   Published → WaitForRegistrationDeadline → CloseRegistration → AwaitOperatorDecision → Done
 *                                                                   └ States.Timeout → DecisionTimedOut → Done
 *
 * Input: { projectId, tenant, registrationDeadline (ISO 8601, computed by the domain calendar),
 * decisionTimeoutSeconds }. Human steps use the callback pattern (.waitForTaskToken) with a timeout that
 * leads to a defined outcome, never to a stuck execution.
 */
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
    const { worker } = props;

    const published = new sfn.Pass(this, 'Published', { comment: 'Registration window open (报名)' });
    const waitForDeadline = new sfn.Wait(this, 'WaitForRegistrationDeadline', {
      time: sfn.WaitTime.timestampPath('$.registrationDeadline'),
    });

    const closeRegistration = worker
      ? new tasks.LambdaInvoke(this, 'CloseRegistration', {
        lambdaFunction: worker,
        payload: sfn.TaskInput.fromObject({ step: 'closeRegistration', input: sfn.JsonPath.entirePayload }),
        payloadResponseOnly: true,
        resultPath: '$.closing',
      }).addRetry({ errors: ['States.TaskFailed'], interval: Duration.seconds(5), maxAttempts: 3, backoffRate: 2 })
      : new sfn.Pass(this, 'CloseRegistration', { comment: 'Placeholder until a timeline worker exists' });

    // 等待经办人决定: the token goes out with the request; the decision API answers with SendTaskSuccess.
    const request = {
      taskToken: sfn.JsonPath.taskToken,
      projectId: sfn.JsonPath.stringAt('$.projectId'),
      tenant: sfn.JsonPath.stringAt('$.tenant'),
    };
    const decisionOptions = {
      integrationPattern: sfn.IntegrationPattern.WAIT_FOR_TASK_TOKEN,
      taskTimeout: sfn.Timeout.at('$.decisionTimeoutSeconds'),
      resultPath: '$.decision',
    };
    const awaitDecision = worker
      ? new tasks.LambdaInvoke(this, 'AwaitOperatorDecision', {
        ...decisionOptions,
        lambdaFunction: worker,
        payload: sfn.TaskInput.fromObject({ step: 'awaitOperatorDecision', ...request }),
      })
      : new tasks.SqsSendMessage(this, 'AwaitOperatorDecision', {
        ...decisionOptions,
        queue: props.decisionRequests,
        messageBody: sfn.TaskInput.fromObject({ kind: 'operator-decision-requested', ...request }),
      });

    const done = new sfn.Succeed(this, 'Done');
    const timedOut = new sfn.Pass(this, 'DecisionTimedOut', {
      comment: 'No decision in time: the defined outcome of a silent operator',
      result: sfn.Result.fromObject({ outcome: 'decision-timed-out' }),
      resultPath: '$.decision',
    }).next(done);
    awaitDecision.addCatch(timedOut, { errors: [sfn.Errors.TIMEOUT], resultPath: '$.timeout' });

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
      definitionBody: sfn.DefinitionBody.fromChainable(
        published.next(waitForDeadline).next(closeRegistration).next(awaitDecision).next(done),
      ),
      tracingEnabled: true,
      logs: { destination: logGroup, level: sfn.LogLevel.ALL, includeExecutionData: true },
    });

    const acknowledge = (finding: string, reason: string) =>
      Validations.of(this.stateMachine).acknowledge({ id: `AwsSolutions-IAM5[${finding}]`, reason });
    acknowledge('Resource::*', 'Log delivery to CloudWatch Logs (logs:CreateLogDelivery, logs:PutResourcePolicy, ...) and '
      + 'X-Ray (xray:PutTraceSegments, xray:GetSamplingRules, ...) support no resource-level permission.');
    if (worker) {
      const cfn = worker.node.defaultChild as lambda.CfnFunction;
      acknowledge(`Resource::<${Stack.of(cfn).getLogicalId(cfn)}.Arn>:*`, 'LambdaInvoke may call any version or alias of the timeline worker (<function>:*).');
    }
  }
}
