import { CfnOutput, Duration, Stack, type StackProps, Tags } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { ProvinceConfig } from '../config.ts';
import { DataTable } from '../constructs/data-table.ts';
import { ProvinceEvents } from '../constructs/province-events.ts';
import { WorkQueue } from '../constructs/work-queue.ts';

export interface ProvinceStackProps extends StackProps {
  province: ProvinceConfig;
}

/**
 * One province (DESIGN §2): the hub bus that fans agency, credit and tenant events out to every city,
 * and the province-wide read models (agency directory, credit, statistics) fed through a work queue.
 * Deployed before its cities; a new city is one topology entry and a redeploy of this stack (its
 * fan-out rule) with the city's own.
 */
export class ProvinceStack extends Stack {
  readonly events: ProvinceEvents;
  readonly readModels: DataTable;
  readonly queues: Record<'readModel' | 'undelivered', WorkQueue>;

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

    const outputs: Record<string, string> = {
      EventBusName: this.events.bus.eventBusName,
      EventBusArn: this.events.bus.eventBusArn,
      ReadModelTableName: this.readModels.table.tableName,
      ReadModelQueueUrl: this.queues.readModel.queue.queueUrl,
      UndeliveredEventsQueueUrl: this.queues.undelivered.queue.queueUrl,
    };
    for (const [name, value] of Object.entries(outputs)) new CfnOutput(this, name, { value });
  }
}
