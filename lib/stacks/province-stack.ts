import { CfnOutput, Duration, Stack, type StackProps, Tags } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { provinceApiContexts, provinceWorkers } from '../../functions/province/contexts.ts';
import { ENV } from '../../functions/shared/deployment-env.ts';
import type { ProvinceConfig } from '../config.ts';
import { DataTable } from '../constructs/data-table.ts';
import { CityApi } from '../constructs/http-api.ts';
import type { FunctionDeployment } from '../constructs/ism-function.ts';
import { ProvinceEvents } from '../constructs/province-events.ts';
import { WorkQueue } from '../constructs/work-queue.ts';
import { Workers } from '../constructs/workers.ts';

export interface ProvinceStackProps extends StackProps {
  province: ProvinceConfig;
}

/**
 * One province (DESIGN §2): the hub bus that fans agency, credit and tenant events out to every city, the
 * province-wide read models (agency directory, credit, statistics) fed through a work queue by the read-model
 * worker, and the province's public API and portal over them (functions/province/contexts.ts). Deployed before
 * its cities; a new city is one topology entry and a redeploy of this stack (its fan-out rule) with the city's own.
 */
export class ProvinceStack extends Stack {
  readonly events: ProvinceEvents;
  readonly readModels: DataTable;
  readonly queues: Record<'readModel' | 'undelivered', WorkQueue>;
  readonly workers: Workers;
  readonly api: CityApi;

  constructor(scope: Construct, id: string, props: ProvinceStackProps) {
    const { province, ...stackProps } = props;
    super(scope, id, {
      description: `网上中介服务超市 ${province.name} (${province.code}): province hub${province.sandbox ? ' [sandbox]' : ''}`,
      ...stackProps,
    });
    Tags.of(this).add('ism:province', province.code);

    this.readModels = new DataTable(this, 'ReadModels', {
      removalPolicy: province.removalPolicy,
      deletionProtection: province.deletionProtection,
    });
    this.queues = {
      readModel: new WorkQueue(this, 'ReadModel', { retentionPeriod: Duration.days(14) }),
      undelivered: new WorkQueue(this, 'UndeliveredEvents', { retentionPeriod: Duration.days(14) }),
    };
    this.events = new ProvinceEvents(this, 'Events', {
      provinceCode: province.code,
      cityCodes: province.cities.map((c) => c.code),
      readModel: this.queues.readModel,
      undelivered: this.queues.undelivered.queue,
    });

    // No city: functions are ism-<province>-<name> and keep their replicas under the province code.
    const deployment: FunctionDeployment = {
      provinceCode: province.code,
      provinceName: province.name,
      sandbox: province.sandbox,
      removalPolicy: province.removalPolicy,
      logRetention: province.logRetention,
      table: this.readModels.table,
      // Where each city's API and portal is (config `url`, a custom domain): the province portal links to it.
      environment: { [ENV.provinceCities]: JSON.stringify(province.cities.map((c) => ({ code: c.code, name: c.name, ...(c.url ? { apiUrl: c.url } : {}) }))) },
    };
    this.workers = new Workers(this, 'Workers', {
      specs: provinceWorkers,
      deployment,
      queues: { readModel: this.queues.readModel },
      undelivered: this.queues.undelivered.queue,
    });
    // Public and read-only: no authorizer (every write happens in a city).
    this.api = new CityApi(this, 'Http', {
      contexts: provinceApiContexts,
      deployment,
      corsOrigins: province.portalOrigins,
      logRetention: province.logRetention,
      removalPolicy: province.removalPolicy,
    });

    const outputs: Record<string, string> = {
      ApiUrl: this.api.url,
      EventBusName: this.events.bus.eventBusName,
      EventBusArn: this.events.bus.eventBusArn,
      ReadModelTableName: this.readModels.table.tableName,
      ReadModelQueueUrl: this.queues.readModel.queue.queueUrl,
      UndeliveredEventsQueueUrl: this.queues.undelivered.queue.queueUrl,
    };
    for (const [name, value] of Object.entries(outputs)) new CfnOutput(this, name, { value });
  }
}
