import { ArnFormat, Stack } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { cityBusName, citySource, CREDIT_SOURCE_EVENTS, FORWARDED_TO_PROVINCE, PROJECT_STAGE_EVENTS, provinceBusName, REPLICATED_BY_CITIES } from './event-types.ts';
import { EventBusTarget, queueTarget } from './rule-targets.ts';
import type { WorkQueue } from './work-queue.ts';

export interface CityEventsProps {
  cityCode: string;
  provinceCode: string;
  /** Receives what the city replicates (agencies, credit, tenants, catalogue items), from any source. */
  inbox: WorkQueue;
  /** Receives this city's own procurement incidents and evaluations, for the credit context. */
  credit?: WorkQueue;
  /** Receives this city's own project stage events, for open data and statistics (the disclosure projector). */
  disclosure?: WorkQueue;
  /** Dead letters of targets that are not queues (the province bus). */
  undelivered: sqs.IQueue;
}

/**
 * The city side of the event topology (DESIGN §7): the city bus `ism-city-<code>`, the rule forwarding
 * what originated here to the province bus, and the inbox rule feeding the local replica.
 *
 *   city bus ──(source = ism.<city>, forwarded types)──▶ province bus ──▶ other cities' buses
 *   city bus ──(replicated types, any source)──────────▶ inbox queue
 *
 * The forward rule matches only this city's own source, so an event that arrived from the province
 * is never sent back up: together with the province's anything-but rule, no event can loop.
 */
export class CityEvents extends Construct {
  readonly bus: events.EventBus;
  readonly provinceBusArn: string;
  readonly forwardRule: events.Rule;
  readonly inboxRule: events.Rule;
  readonly disclosureRule?: events.Rule;
  readonly creditRule?: events.Rule;

  constructor(scope: Construct, id: string, props: CityEventsProps) {
    super(scope, id);
    const { cityCode, provinceCode } = props;
    this.bus = new events.EventBus(this, 'Bus', {
      eventBusName: cityBusName(cityCode),
      description: `Events of city ${cityCode} (source ${citySource(cityCode)}) and those replicated from province ${provinceCode}`,
    });

    // By ARN built from the name, never a cross-stack reference: the province refers back to this bus.
    this.provinceBusArn = Stack.of(this).formatArn({
      service: 'events',
      resource: 'event-bus',
      resourceName: provinceBusName(provinceCode),
      arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
    });
    const provinceBus = events.EventBus.fromEventBusArn(this, 'ProvinceBus', this.provinceBusArn);
    const forwardRole = new iam.Role(this, 'ForwardRole', {
      assumedBy: new iam.ServicePrincipal('events.amazonaws.com'),
      description: `EventBridge puts events of ${cityBusName(cityCode)} on ${provinceBusName(provinceCode)}`,
    });

    this.forwardRule = new events.Rule(this, 'ForwardToProvince', {
      ruleName: `ism-${cityCode}-to-province`,
      description: `Events that originated in ${cityCode}, forwarded to the province bus`,
      eventBus: this.bus,
      eventPattern: { source: [citySource(cityCode)], detailType: [...FORWARDED_TO_PROVINCE] },
      targets: [new EventBusTarget(provinceBus, { role: forwardRole, deadLetterQueue: props.undelivered })],
    });

    this.inboxRule = new events.Rule(this, 'Inbox', {
      ruleName: `ism-${cityCode}-inbox`,
      description: 'Agency, credit, tenant and catalogue events from anywhere in the province, for the local replica',
      eventBus: this.bus,
      eventPattern: { detailType: [...REPLICATED_BY_CITIES] },
      // Undeliverable events join the inbox's own dead letters: same body (the event), one redrive.
      targets: [queueTarget(props.inbox.queue, props.inbox.deadLetterQueue)],
    });

    if (props.credit) {
      // 信用: abandoned awards, overdue contracts, late services, upheld objections and evaluations of this city.
      this.creditRule = new events.Rule(this, 'Credit', {
        ruleName: `ism-${cityCode}-credit`,
        description: 'Procurement incidents and service evaluations of this city, for credit records',
        eventBus: this.bus,
        eventPattern: { source: [citySource(cityCode)], detailType: [...CREDIT_SOURCE_EVENTS] },
        targets: [queueTarget(props.credit.queue, props.credit.deadLetterQueue)],
      });
    }

    if (props.disclosure) {
      // 公开数据与统计分析: every stage of this city's projects, for OCDS releases and statistics summaries.
      this.disclosureRule = new events.Rule(this, 'Disclosure', {
        ruleName: `ism-${cityCode}-disclosure`,
        description: 'Project stage events of this city, for open data (OCDS) and statistics',
        eventBus: this.bus,
        eventPattern: { source: [citySource(cityCode)], detailType: [...PROJECT_STAGE_EVENTS] },
        targets: [queueTarget(props.disclosure.queue, props.disclosure.deadLetterQueue)],
      });
    }
  }
}
