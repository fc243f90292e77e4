/**
 * Every city's replica of the other cities' catalogues (事项库). Trigger: the inbox worker
 * (functions/replication/inbox-handler.ts) for `ServiceItemChanged`, from every city of the province through the
 * province bus, and from this city itself (ignored: its own items are its records). Input: the event detail, whose
 * data carries the whole item and its `version`. Effect: the item is written under its own key (its owning
 * tenant's) with `replicatedFrom`, when it is newer than the copy held (domain `replicaVerdict`; the write repeats
 * the version condition, so two deliveries racing cannot move it back). Only the `CURRENT` row, no history and no
 * list index: the copy serves admissions here (an agency admitted here offering another city's item is checked
 * against that item's real requirements and reviewed by its industry's regulator), never this city's catalogue.
 * Idempotent: applied once per eventId (applyOnce), and a replay or an older event arriving late changes nothing.
 */
import { ENV, requireEnv } from '#shared/deployment-env.ts';
import type { EventDetail } from '#shared/events/envelope.ts';
import { logger } from '#shared/observability.ts';
import type { UnitOfWork } from '#shared/store/unit-of-work.ts';
import { catalogStore } from './adapters/catalog-store.ts';
import { replicaVerdict } from './domain/replica-rules.ts';
import { PublishedServiceItem, type ServiceItemChangedData } from './domain/service-item.ts';

export async function applyServiceItemChanged(detail: EventDetail, uow: UnitOfWork, source: string): Promise<void> {
  const here = { city: requireEnv(ENV.cityCode), province: requireEnv(ENV.provinceCode) };
  // Most deliveries here are this city's own changes coming back through its inbox rule: nothing to parse.
  if (detail.city === here.city) return;
  const data = detail.data as Partial<ServiceItemChangedData> | undefined;
  if (data?.item === undefined) {
    // Published before events carried the item (an outbox swept after the upgrade): there is nothing to copy,
    // and retrying cannot change that; the item's next change brings it.
    logger.warn('ServiceItemChanged without the item; ignored', { eventId: detail.eventId, city: detail.city });
    return;
  }
  const parsed = PublishedServiceItem.safeParse(data.item);
  if (!parsed.success) {
    // An item this code cannot read (e.g. a newer city added a field during a rollout): fail, so that the event
    // lands in the inbox's dead letters and is redriven once this city runs the newer code, rather than lost.
    throw new Error(`ServiceItemChanged ${detail.eventId} from ${detail.city}: item not readable: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  const item = parsed.data;
  const current = await catalogStore.entry(item.tenant, item.code);
  const verdict = replicaVerdict({ city: detail.city, province: detail.province, source }, item, here, current);
  if (!verdict.apply) {
    const log = verdict.reason === 'not-newer' ? logger.info.bind(logger) : logger.warn.bind(logger);
    log('catalogue item not replicated', { reason: verdict.reason, eventId: detail.eventId, item: `${item.tenant}/${item.code}`, version: item.version, held: current?.version, source });
    return;
  }
  catalogStore.stageReplica(uow, item, detail.city);
}
