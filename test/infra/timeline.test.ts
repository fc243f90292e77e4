// Strategy: the Timeline construct is built alone in a bare stack with an inline-code worker (no bundling), and
// its synthesized definition is RUN by aws-local-stepfunctions (the library the local cloud uses) with every Task
// served by a scripted worker: each Lambda step answers the route the real worker would (timeline-route.ts) from a
// per-state script, each callback state either returns (the human acted) or throws States.Timeout (nobody did).
// One named test per path a project's timeline takes; each asserts the exact sequence of states and where it ends.
// The real worker against the real machine is exercised end to end by test/integration/procurement-*.test.ts.
import { App, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { StateMachine } from 'aws-local-stepfunctions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { Timeline, TIMELINE_STATES } from '../../lib/constructs/timeline.ts';

function build(withWorker: boolean) {
  const stack = new Stack(new App(), 'Timeline');
  const worker = withWorker
    ? new lambda.Function(stack, 'Worker', { runtime: lambda.Runtime.NODEJS_24_X, handler: 'index.handler', code: lambda.Code.fromInline('exports.handler=async()=>({})'), timeout: Duration.seconds(60) })
    : undefined;
  const timeline = new Timeline(stack, 'Timeline', { cityCode: '445200', worker, decisionRequests: new sqs.Queue(stack, 'Requests'), logRetention: RetentionDays.ONE_WEEK, removalPolicy: RemovalPolicy.DESTROY });
  const [machine] = Object.values(Template.fromStack(stack).findResources('AWS::StepFunctions::StateMachine'));
  const join = machine.Properties.DefinitionString['Fn::Join'][1] as unknown[];
  const definition = JSON.parse(join.map((p) => (typeof p === 'string' ? p : 'TOKEN')).join(''));
  return { stack, timeline, definition };
}

type Answer = Record<string, unknown> | 'timeout';
const timeout = () => Object.assign(new Error('Task timed out'), { name: 'States.Timeout' });

/** Runs the machine; `script[state]` lists that state's answers in order (a callback state: {} or 'timeout'). */
async function run(definition: object, given: Record<string, Answer[]>) {
  const script = structuredClone(given); // answers are consumed; the shared openings stay whole for the next test
  const visited: string[] = [];
  const payloads: Record<string, unknown[]> = {};
  const handlers: Record<string, (input: unknown) => Promise<unknown>> = {};
  const waits: Record<string, number> = {};
  for (const [name, state] of Object.entries((definition as { States: Record<string, { Type: string }> }).States)) {
    if (state.Type === 'Wait') waits[name] = 1; // ms; 0 would mean "no override"
    if (state.Type !== 'Task') continue;
    handlers[name] = async (input) => {
      visited.push(name);
      (payloads[name] ??= []).push(input);
      const answer = script[name]?.shift();
      if (answer === undefined) throw new Error(`no scripted answer for ${name} (visited: ${visited.join(' → ')})`);
      if (answer === 'timeout') throw timeout();
      return answer;
    };
  }
  // The library reads TimeoutSecondsPath after Parameters (AWS reads the state input); here the scripted answer
  // decides whether a callback times out, so a fixed timeout stands in (the path itself is asserted below).
  const runnable = JSON.parse(JSON.stringify(definition)) as { States: Record<string, Record<string, unknown>> };
  for (const state of Object.values(runnable.States)) if (state.TimeoutSecondsPath) { delete state.TimeoutSecondsPath; state.TimeoutSeconds = 100; }
  const machine = new StateMachine(runnable as never, { validationOptions: { noValidate: true } });
  const execution = machine.run({ tenant: '445202', projectId: '445202-20261121-K7Q2M9' }, { overrides: { taskResourceLocalHandlers: handlers as never, waitTimeOverrides: waits }, context: { Task: { Token: 'task-token' } } });
  const ends: string[] = [];
  const logs = (async () => {
    for await (const e of execution.eventLogs) if ((e as { type: string }).type === 'StateEntered') ends.push((e as { state: { name: string } }).state.name);
  })();
  const output = await execution.result;
  await logs;
  return { visited, payloads, output, last: ends.at(-1), entered: ends };
}

const r = (next: string, extra: Record<string, unknown> = {}) => ({ next, ...extra });
const WAIT = '2026-11-24T10:00:00.000+08:00';
const opening = { Published: [r('close', { waitUntil: WAIT })], Close: [r('select')], Select: [r('publicity', { waitUntil: WAIT })] };
const toEvaluated = {
  Confirm: [r('contract', { timeoutSeconds: 100 })], AwaitContract: [{}], ContractOutcome: [r('service', { timeoutSeconds: 100 })],
  AwaitCompletion: [{}], ServiceOutcome: [r('evaluation', { timeoutSeconds: 100 })], AwaitEvaluation: [{}], EvaluationOutcome: [r('evaluated')],
};

describe('the project timeline, run on its synthesized definition', () => {
  const { timeline, definition } = build(true);

  test('awarded: close, select, publicity, confirmation with the certificate, then the contract is awaited', async () => {
    const { visited, entered } = await run(definition, {
      ...opening, PublicityEnded: [r('confirm')], Confirm: [r('contract', { timeoutSeconds: 100 })], AwaitContract: [{}], ContractOutcome: [r('ended')],
    });
    expect(visited).toEqual(['Published', 'Close', 'Select', 'PublicityEnded', 'Confirm', 'AwaitContract', 'ContractOutcome']);
    expect(entered).toEqual(expect.arrayContaining(['WaitForClose', 'WaitForPublicityEnd']));
    expect(entered.at(-1)).toBe('Ended');
  });

  test('failed (流标): too few eligible at close ends in ProcurementFailed', async () => {
    const { visited, last } = await run(definition, { Published: [r('close', { waitUntil: WAIT })], Close: [r('failed')] });
    expect(visited).toEqual(['Published', 'Close']);
    expect(last).toBe(TIMELINE_STATES.routes.failed);
  });

  test('objection upheld then substitute: the decision callback, a new publicity window for the next ranked, then confirmed', async () => {
    const { visited, entered } = await run(definition, {
      ...opening,
      PublicityEnded: [r('objections', { timeoutSeconds: 100 }), r('confirm')],
      AwaitObjectionDecision: [{}],
      ObjectionDecided: [r('publicity', { waitUntil: WAIT })],
      ...toEvaluated,
    });
    expect(visited.slice(0, 7)).toEqual(['Published', 'Close', 'Select', 'PublicityEnded', 'AwaitObjectionDecision', 'ObjectionDecided', 'PublicityEnded']);
    expect(entered.filter((s) => s === 'WaitForPublicityEnd')).toHaveLength(2);
    expect(entered.at(-1)).toBe('Evaluated');
  });

  test('objection undecided: escalated on the first timeout, failed on the second', async () => {
    const { visited, last } = await run(definition, {
      ...opening,
      PublicityEnded: [r('objections', { timeoutSeconds: 100 })],
      AwaitObjectionDecision: ['timeout', 'timeout'],
      ObjectionOverdue: [r('objections', { timeoutSeconds: 100 }), r('failed')],
    });
    expect(visited.slice(3)).toEqual(['PublicityEnded', 'AwaitObjectionDecision', 'ObjectionOverdue', 'AwaitObjectionDecision', 'ObjectionOverdue']);
    expect(last).toBe('ProcurementFailed');
  });

  test('winner abandons: the contract callback reports it, the next ranked goes through publicity again', async () => {
    const { visited, last } = await run(definition, {
      ...opening,
      PublicityEnded: [r('confirm'), r('confirm')],
      Confirm: [r('contract', { timeoutSeconds: 100 }), r('contract', { timeoutSeconds: 100 })],
      AwaitContract: [{}, {}],
      ContractOutcome: [r('publicity', { waitUntil: WAIT }), r('service', { timeoutSeconds: 100 })],
      AwaitCompletion: [{}], ServiceOutcome: [r('evaluation', { timeoutSeconds: 100 })], AwaitEvaluation: [{}], EvaluationOutcome: [r('evaluated')],
    });
    expect(visited.slice(0, 9)).toEqual(['Published', 'Close', 'Select', 'PublicityEnded', 'Confirm', 'AwaitContract', 'ContractOutcome', 'PublicityEnded', 'Confirm']);
    expect(last).toBe('Evaluated');
  });

  test('contract overdue: the timeout records the overdue, the contract is awaited once more and then signed', async () => {
    const { visited, last } = await run(definition, {
      ...opening, PublicityEnded: [r('confirm')],
      Confirm: [r('contract', { timeoutSeconds: 100 })],
      AwaitContract: ['timeout', {}],
      ContractOverdue: [r('contract', { timeoutSeconds: 100 })],
      ContractOutcome: [r('service', { timeoutSeconds: 100 })],
      AwaitCompletion: [{}], ServiceOutcome: [r('evaluation', { timeoutSeconds: 100 })], AwaitEvaluation: [{}], EvaluationOutcome: [r('evaluated')],
    });
    expect(visited.slice(4, 8)).toEqual(['Confirm', 'AwaitContract', 'ContractOverdue', 'AwaitContract']);
    expect(last).toBe('Evaluated');
  });

  test('evaluated: the whole life, from publication to the owner\'s evaluation', async () => {
    const { visited, last } = await run(definition, { ...opening, PublicityEnded: [r('confirm')], ...toEvaluated });
    expect(visited).toEqual(['Published', 'Close', 'Select', 'PublicityEnded', 'Confirm', 'AwaitContract', 'ContractOutcome', 'AwaitCompletion', 'ServiceOutcome', 'AwaitEvaluation', 'EvaluationOutcome']);
    expect(last).toBe('Evaluated');
  });

  test('sealed quotes wait for the reveal; best-value waits for the experts, and their silence is a defined outcome', async () => {
    const { visited, last } = await run(definition, {
      Published: [r('close', { waitUntil: WAIT })], Close: [r('reveal', { waitUntil: WAIT })], RevealEnded: [r('scoring', { timeoutSeconds: 100 })],
      AwaitScores: ['timeout'], ScoresTimedOut: [r('failed')],
    });
    expect(visited).toEqual(['Published', 'Close', 'RevealEnded', 'AwaitScores', 'ScoresTimedOut']);
    expect(last).toBe('ProcurementFailed');
  });

  test('direct choice: the owner\'s choice callback leads to the selection; no choice in time fails the project', async () => {
    const chosen = await run(definition, { Published: [r('close', { waitUntil: WAIT })], Close: [r('choice', { timeoutSeconds: 100 })], AwaitChoice: [{}], ChoiceMade: [r('failed')] });
    expect(chosen.visited).toEqual(['Published', 'Close', 'AwaitChoice', 'ChoiceMade']);
    const silent = await run(definition, { Published: [r('close', { waitUntil: WAIT })], Close: [r('choice', { timeoutSeconds: 100 })], AwaitChoice: ['timeout'], ChoiceTimedOut: [r('failed')] });
    expect(silent.last).toBe('ProcurementFailed');
  });

  test('late service records an incident, then waits again; an overdue evaluation ends flagged', async () => {
    const { visited, last } = await run(definition, {
      ...opening, PublicityEnded: [r('confirm')], Confirm: [r('contract', { timeoutSeconds: 100 })], AwaitContract: [{}], ContractOutcome: [r('service', { timeoutSeconds: 100 })],
      AwaitCompletion: ['timeout', {}], ServiceLate: [r('service', { timeoutSeconds: 100 })], ServiceOutcome: [r('evaluation', { timeoutSeconds: 100 })],
      AwaitEvaluation: ['timeout'], EvaluationOverdue: [r('ended')],
    });
    expect(visited.slice(7)).toEqual(['AwaitCompletion', 'ServiceLate', 'AwaitCompletion', 'ServiceOutcome', 'AwaitEvaluation', 'EvaluationOverdue']);
    expect(last).toBe('Ended');
  });

  test('every human step is a Lambda callback with the task token and a timeout read from the worker\'s answer', () => {
    for (const name of ['AwaitScores', 'AwaitChoice', 'AwaitObjectionDecision', 'AwaitContract', 'AwaitCompletion', 'AwaitEvaluation']) {
      const state = definition.States[name];
      expect(state.Resource).toBe('arn:TOKEN:states:::lambda:invoke.waitForTaskToken');
      expect(state.Parameters.Payload).toMatchObject({ 'taskToken.$': '$$.Task.Token', 'tenant.$': '$.tenant', 'projectId.$': '$.projectId' });
      expect(state.TimeoutSecondsPath).toBe('$.t.timeoutSeconds');
      expect(state.Catch[0]).toMatchObject({ ErrorEquals: ['States.Timeout'] });
    }
  });

  test('waits are timestamps the worker computed; a worker that keeps failing ends in TimelineError', async () => {
    expect(definition.States.WaitForClose).toEqual({ Type: 'Wait', TimestampPath: '$.t.waitUntil', Next: 'Close' });
    expect(definition.States.Close.Retry.some((x: { ErrorEquals: string[] }) => x.ErrorEquals.includes('States.TaskFailed'))).toBe(true);
    expect(definition.States.Close.Catch).toEqual([{ ErrorEquals: ['States.ALL'], ResultPath: '$.error', Next: 'TimelineError' }]);
    expect(definition.States.Route.Default).toBe('TimelineError');
  });

  test('cdk-nag: only the acknowledged wildcards (log delivery, X-Ray, worker versions)', () => {
    expect(new AwsSolutionsChecks().validateScope(timeline).violations).toEqual([]);
  });
});

describe('without a timeline worker', () => {
  const { timeline, definition } = build(false);

  test('the skeleton sends its decision request to the queue with the task token', () => {
    const decision = definition.States.AwaitOperatorDecision;
    expect(decision.Resource).toBe('arn:TOKEN:states:::sqs:sendMessage.waitForTaskToken');
    expect(decision.Catch[0].ErrorEquals).toEqual(['States.Timeout']);
  });

  test('cdk-nag: only the acknowledged wildcards', () => {
    expect(new AwsSolutionsChecks().validateScope(timeline).violations).toEqual([]);
  });
});
