import { CfnOutput, Duration, Lazy, Stack, type StackProps, Tags } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { apiContexts, workers } from '../../functions/contexts.ts';
import { ENV } from '../../functions/shared/deployment-env.ts';
import type { CityConfig, IdentityConfig, ProvinceConfig } from '../config.ts';
import { CertificateKey } from '../constructs/certificate-key.ts';
import { CityEvents } from '../constructs/city-events.ts';
import { DataTable } from '../constructs/data-table.ts';
import { DocumentBuckets } from '../constructs/document-buckets.ts';
import { CityApi } from '../constructs/http-api.ts';
import { Identity } from '../constructs/identity.ts';
import type { CityDeployment } from '../constructs/ism-function.ts';
import { Timeline } from '../constructs/timeline.ts';
import { WorkQueue } from '../constructs/work-queue.ts';
import { Workers } from '../constructs/workers.ts';

/** CDK context: the base URL of the regulators' credit feed every city imports from (REGULATOR_FEED_URL). */
export const REGULATOR_FEED_CONTEXT = 'ism:regulatorFeedUrl';

export interface CityStackProps extends StackProps {
  province: ProvinceConfig;
  city: CityConfig;
  /** The province's identity, or the local cloud's issuer when `ism:localIssuer` is set. */
  identity: IdentityConfig;
}

/**
 * One city (DESIGN §2): its API, table, buckets, bus, queues, workers and timeline. The city's counties
 * are tenants inside it, onboarded at run time. Deployed by the provincial operator, one command per city:
 * `npx cdk deploy Ism-City-<code>`.
 */
export class CityStack extends Stack {
  readonly api: CityApi;
  readonly events: CityEvents;
  readonly identity: Identity;
  readonly table: DataTable;
  readonly buckets: DocumentBuckets;
  readonly queues: Record<'inbox' | 'notifications' | 'credit' | 'disclosure' | 'undelivered', WorkQueue>;
  readonly workers: Workers;
  readonly timeline: Timeline;
  readonly certificateKey: CertificateKey;

  constructor(scope: Construct, id: string, props: CityStackProps) {
    const { province, city, identity, ...stackProps } = props;
    super(scope, id, {
      description: `网上中介服务超市 ${province.name}${city.name} (${city.code})${province.sandbox ? ' [sandbox]' : ''}`,
      ...stackProps,
    });
    Tags.of(this).add('ism:province', province.code);
    Tags.of(this).add('ism:city', city.code);
    assertUniqueFunctionNames();

    const retained = { removalPolicy: province.removalPolicy, deletionProtection: province.deletionProtection };
    this.identity = new Identity(this, 'Identity', { config: identity, cityCode: city.code, ...retained });
    this.table = new DataTable(this, 'Data', retained);
    this.buckets = new DocumentBuckets(this, 'Buckets', {
      removalPolicy: province.removalPolicy,
      certificateRetention: province.certificateRetention,
      corsOrigins: province.portalOrigins,
      accessLogDays: province.sandbox ? 30 : 400,
    });
    // 中选确认书 are signed with this key (ES256); its public half is published at /.well-known/jwks.json.
    this.certificateKey = new CertificateKey(this, 'CertificateKey', { cityCode: city.code, removalPolicy: province.removalPolicy });
    this.queues = {
      // Replication must survive a long outage of the consumer: keep messages as long as SQS allows.
      inbox: new WorkQueue(this, 'Inbox', { retentionPeriod: Duration.days(14) }),
      // 主动推送: agencies matched to a new project are notified (DESIGN §7).
      notifications: new WorkQueue(this, 'Notifications'),
      // 信用: this city's procurement incidents and evaluations, turned into credit records (functions/credit/incidents-worker.ts).
      credit: new WorkQueue(this, 'CreditIncidents', { retentionPeriod: Duration.days(14) }),
      // 公开数据与统计分析: this city's project stages, projected into OCDS releases and statistics (functions/disclosure/statistics/projector-worker.ts).
      disclosure: new WorkQueue(this, 'Disclosure', { retentionPeriod: Duration.days(14) }),
      // Events EventBridge could not deliver to a bus or a function after its retries, awaiting redrive.
      undelivered: new WorkQueue(this, 'UndeliveredEvents', { retentionPeriod: Duration.days(14) }),
    };
    this.events = new CityEvents(this, 'Events', {
      cityCode: city.code,
      provinceCode: province.code,
      inbox: this.queues.inbox,
      credit: this.queues.credit,
      disclosure: this.queues.disclosure,
      undelivered: this.queues.undelivered.queue,
    });

    const deployment: CityDeployment = {
      cityCode: city.code,
      cityName: city.name,
      provinceCode: province.code,
      provinceName: province.name,
      sandbox: province.sandbox,
      removalPolicy: province.removalPolicy,
      logRetention: province.logRetention,
      table: this.table.table,
      documents: this.buckets.documents,
      certificates: this.buckets.certificates,
      bus: this.events.bus,
      timelineArn: Timeline.arnFor(this, city.code),
      notifications: this.queues.notifications.queue,
      userPool: this.identity.userPool,
      elicenceUrl: province.elicenceUrl,
      // The regulators' credit feed (行政处罚、失信被执行人), when there is one: the local cloud serves a fake (lib/local-cloud/regulator-feed.ts).
      environment: { ...(this.node.tryGetContext(REGULATOR_FEED_CONTEXT) ? { [ENV.regulatorFeedUrl]: this.node.tryGetContext(REGULATOR_FEED_CONTEXT) as string } : {}) },
      certificateKey: this.certificateKey.key,
      // Certificates link their verification page under the API's own URL. The API is built after the workers,
      // so the URL is resolved at synthesis; a certificate's QR code outlives a redeployment, so a stable custom
      // domain would belong here once the province configures one.
      publicApiUrl: Lazy.string({ produce: () => this.api.api.apiEndpoint }),
    };

    this.workers = new Workers(this, 'Workers', {
      specs: workers,
      deployment,
      queues: this.queues,
      undelivered: this.queues.undelivered.queue,
    });
    this.timeline = new Timeline(this, 'Timeline', {
      cityCode: city.code,
      worker: this.workers.timelineWorkers[0]?.fn,
      decisionRequests: this.queues.notifications.queue,
      logRetention: province.logRetention,
      removalPolicy: province.removalPolicy,
    });
    this.api = new CityApi(this, 'Http', {
      contexts: apiContexts,
      deployment,
      issuer: this.identity.issuer,
      audience: this.identity.audience,
      corsOrigins: province.portalOrigins,
      logRetention: province.logRetention,
      removalPolicy: province.removalPolicy,
    });

    const outputs: Record<string, string | undefined> = {
      ApiUrl: this.api.url,
      TableName: this.table.table.tableName,
      DocumentsBucket: this.buckets.documents.bucketName,
      CertificatesBucket: this.buckets.certificates.bucketName,
      CertificateKeyArn: this.certificateKey.key.keyArn,
      EventBusName: this.events.bus.eventBusName,
      EventBusArn: this.events.bus.eventBusArn,
      ProvinceEventBusArn: this.events.provinceBusArn,
      TimelineStateMachineArn: this.timeline.stateMachine.stateMachineArn,
      InboxQueueUrl: this.queues.inbox.queue.queueUrl,
      NotificationsQueueUrl: this.queues.notifications.queue.queueUrl,
      UndeliveredEventsQueueUrl: this.queues.undelivered.queue.queueUrl,
      JwtIssuer: this.identity.issuer,
      JwtAudience: this.identity.audience.join(','),
      UserPoolId: this.identity.userPoolId,
      UserPoolClientId: this.identity.userPoolClient?.userPoolClientId,
    };
    for (const [name, value] of Object.entries(outputs)) if (value !== undefined) new CfnOutput(this, name, { value });
  }
}

/** Every function is `ism-<city>-<name>`: a worker may not share a name with an API context. */
function assertUniqueFunctionNames() {
  const names = [...apiContexts.map((c) => c.name), ...workers.map((w) => w.name)];
  const twice = names.filter((n, i) => names.indexOf(n) !== i);
  if (twice.length) throw new Error(`functions/contexts.ts: function names must be unique, ${[...new Set(twice)].join(', ')} appear twice`);
}
