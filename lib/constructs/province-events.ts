import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { cityBusName, citySource, FANNED_OUT_TO_CITIES, provinceBusName, provinceSource, PROVINCE_READ_MODEL } from './event-types.ts';
import { anythingBut, EventBusTarget, queueTarget } from './rule-targets.ts';
import type { WorkQueue } from './work-queue.ts';

export interface ProvinceEventsProps {
  provinceCode: string;
  /** Every city of the province, from the topology. */
  cityCodes: string[];
  /** Feeds the province's read models (agency directory, credit, statistics). */
  readModel: WorkQueue;
  /** Dead letters of targets that are not queues (the city buses). */
  undelivered: sqs.IQueue;
}

/**
 * The province side of the event topology (DESIGN §7): the hub bus `ism-province-<code>`, one fan-out
 * rule per city and the read-model rule.
 *
 *   province bus ──(agency/credit/tenant/catalogue, source ≠ ism.<city>)──▶ bus of <city>  (one rule per city)
 *   province bus ──(award/agency/credit)────────────────────────────────────▶ read-model queue
 *
 * "anything-but" the city's own source: an event never returns to the city it came from, which also
 * forwards only its own source upwards, so nothing loops. Events of the province itself
 * (source ism.province.<code>) reach every city.
 */
export class ProvinceEvents extends Construct {
  readonly bus: events.EventBus;
  readonly fanOutRules = new Map<string, events.Rule>();
  readonly readModelRule: events.Rule;

  constructor(scope: Construct, id: string, props: ProvinceEventsProps) {
    super(scope, id);
    const { provinceCode } = props;
    this.bus = new events.EventBus(this, 'Bus', {
      eventBusName: provinceBusName(provinceCode),
      description: `Hub of province ${provinceCode}: events forwarded by its cities and its own (source ${provinceSource(provinceCode)})`,
    });

    const fanOutRole = new iam.Role(this, 'FanOutRole', {
      assumedBy: new iam.ServicePrincipal('events.amazonaws.com'),
      description: `EventBridge puts events of ${provinceBusName(provinceCode)} on the city buses`,
    });

    for (const cityCode of props.cityCodes) {
      // By ARN built from the name: the city stacks refer to this bus the same way (no reference cycle).
      const cityBusArn = Stack.of(this).formatArn({
        service: 'events',
        resource: 'event-bus',
        resourceName: cityBusName(cityCode),
        arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
      });
      const cityBus = events.EventBus.fromEventBusArn(this, `CityBus${cityCode}`, cityBusArn);
      const rule = new events.Rule(this, `FanOutTo${cityCode}`, {
        ruleName: `ism-${provinceCode}-to-city-${cityCode}`,
        description: `Agency, credit, tenant and catalogue events for city ${cityCode}, except those that came from it`,
        eventBus: this.bus,
        eventPattern: { source: anythingBut(citySource(cityCode)), detailType: [...FANNED_OUT_TO_CITIES] },
        targets: [new EventBusTarget(cityBus, { role: fanOutRole, deadLetterQueue: props.undelivered })],
      });
      this.fanOutRules.set(cityCode, rule);
    }

    this.readModelRule = new events.Rule(this, 'ReadModel', {
      ruleName: `ism-${provinceCode}-read-model`,
      description: 'Award, agency and credit events for the province read models',
      eventBus: this.bus,
      eventPattern: { detailType: [...PROVINCE_READ_MODEL] },
      targets: [queueTarget(props.readModel.queue, props.readModel.deadLetterQueue)],
    });
  }
}
