// Strategy: functions/contexts.ts has no timeline worker yet, so the app's timeline uses its placeholders
// (a Pass for CloseRegistration, an SQS callback for AwaitOperatorDecision). This file builds the Timeline
// construct alone in a bare stack, with and without a worker (an inline-code function: no bundling), and
// checks the definition of each variant: one named test per path a project's timeline can take to its
// end, plus cdk-nag on the construct.
import { App, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks } from 'cdk-nag';
import { Timeline } from '../../lib/constructs/timeline.ts';

function build(withWorker: boolean) {
  const stack = new Stack(new App(), 'Timeline');
  const worker = withWorker
    ? new lambda.Function(stack, 'Worker', { runtime: lambda.Runtime.NODEJS_24_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler=async()=>({})'), timeout: Duration.seconds(60) })
    : undefined;
  const timeline = new Timeline(stack, 'Timeline', {
    cityCode: '445200',
    worker,
    decisionRequests: new sqs.Queue(stack, 'Requests'),
    logRetention: RetentionDays.ONE_WEEK,
    removalPolicy: RemovalPolicy.DESTROY,
  });
  const [machine] = Object.values(Template.fromStack(stack).findResources('AWS::StepFunctions::StateMachine'));
  const join = machine.Properties.DefinitionString['Fn::Join'][1] as unknown[];
  const definition = JSON.parse(join.map((p) => (typeof p === 'string' ? p : 'TOKEN')).join(''));
  return { stack, timeline, definition };
}

describe('with a timeline worker', () => {
  const { timeline, definition } = build(true);

  test('Published → WaitForRegistrationDeadline → CloseRegistration (Lambda, response only, retried) → AwaitOperatorDecision → Done', () => {
    expect(definition.StartAt).toBe('Published');
    expect(definition.States.Published.Next).toBe('WaitForRegistrationDeadline');
    expect(definition.States.WaitForRegistrationDeadline).toEqual({ Type: 'Wait', TimestampPath: '$.registrationDeadline', Next: 'CloseRegistration' });
    const close = definition.States.CloseRegistration;
    expect(close).toMatchObject({ Type: 'Task', Resource: 'TOKEN', ResultPath: '$.closing', Next: 'AwaitOperatorDecision', Parameters: { step: 'closeRegistration', 'input.$': '$' } });
    expect(close.Retry.some((r: { ErrorEquals: string[] }) => r.ErrorEquals.includes('States.TaskFailed'))).toBe(true);
    expect(definition.States.AwaitOperatorDecision.Next).toBe('Done');
  });

  test('the operator decision is a Lambda callback carrying the task token', () => {
    const decision = definition.States.AwaitOperatorDecision;
    expect(decision.Resource).toBe('arn:TOKEN:states:::lambda:invoke.waitForTaskToken');
    expect(decision.Parameters.Payload).toEqual({ step: 'awaitOperatorDecision', 'taskToken.$': '$$.Task.Token', 'projectId.$': '$.projectId', 'tenant.$': '$.tenant' });
  });

  test('a silent operator: States.Timeout leads to DecisionTimedOut, then Done', () => {
    const decision = definition.States.AwaitOperatorDecision;
    expect(decision.TimeoutSecondsPath).toBe('$.decisionTimeoutSeconds');
    expect(decision.Catch).toEqual([{ ErrorEquals: ['States.Timeout'], ResultPath: '$.timeout', Next: 'DecisionTimedOut' }]);
    expect(definition.States.DecisionTimedOut).toMatchObject({ Type: 'Pass', Result: { outcome: 'decision-timed-out' }, Next: 'Done' });
  });

  test('cdk-nag: only the acknowledged wildcards (log delivery, X-Ray, worker versions)', () => {
    expect(new AwsSolutionsChecks().validateScope(timeline).violations).toEqual([]);
  });
});

describe('without a timeline worker (today)', () => {
  const { timeline, definition } = build(false);

  test('CloseRegistration is a placeholder Pass and the decision request goes to the queue with the task token', () => {
    expect(definition.States.CloseRegistration).toMatchObject({ Type: 'Pass', Next: 'AwaitOperatorDecision' });
    const decision = definition.States.AwaitOperatorDecision;
    expect(decision.Resource).toBe('arn:TOKEN:states:::sqs:sendMessage.waitForTaskToken');
    expect(decision.Parameters.MessageBody).toEqual({ kind: 'operator-decision-requested', 'taskToken.$': '$$.Task.Token', 'projectId.$': '$.projectId', 'tenant.$': '$.tenant' });
    expect(decision.Catch[0].ErrorEquals).toEqual(['States.Timeout']);
  });

  test('cdk-nag: only the acknowledged wildcards', () => {
    expect(new AwsSolutionsChecks().validateScope(timeline).violations).toEqual([]);
  });
});
