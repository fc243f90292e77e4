import { PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { eventBridge } from '../aws-clients.ts';
import { ENV, requireEnv } from '../deployment-env.ts';
import { citySource } from './detail-types.ts';
import type { DomainEvent } from './envelope.ts';

/**
 * Puts events on the city bus. Callers go through the outbox (store/unit-of-work.ts), so an event
 * whose PutEvents fails is sent again by the housekeeping sweep rather than lost.
 * Returns the eventIds that EventBridge accepted.
 */
export async function putOnCityBus(events: DomainEvent[]): Promise<Set<string>> {
  const accepted = new Set<string>();
  for (let i = 0; i < events.length; i += 10) {
    const batch = events.slice(i, i + 10); // PutEvents takes at most 10 entries
    const out = await eventBridge().send(new PutEventsCommand({
      Entries: batch.map((e) => ({
        EventBusName: requireEnv(ENV.eventBusName),
        Source: citySource(requireEnv(ENV.cityCode)),
        DetailType: e.detailType,
        Detail: JSON.stringify(e.detail),
        Time: new Date(e.detail.occurredAt),
      })),
    }));
    (out.Entries ?? []).forEach((entry, j) => {
      if (entry.EventId && !entry.ErrorCode) accepted.add(batch[j].detail.eventId);
    });
  }
  return accepted;
}
