/**
 * The regulators' feed import. Trigger: schedule (hourly; locally `POST /_local/rules/ism-<city>-credit-feed-schedule/trigger`).
 * Input: the feed's entries (adapters/regulator-feed.ts). Effect: each entry decided by a tenant of this city becomes
 * a record of source `feed`, issued by that tenant — once: its id is derived from the entry's id, so a second import
 * finds the row and writes nothing (and the write is conditioned on the row's absence should two runs race).
 * Entries for agencies this city does not know (yet) are left for a later run.
 */
import { agencyStore } from '#functions/agencies/adapters/agency-store.ts';
import { logger } from '#shared/observability.ts';
import { UnitOfWork, WriteConflict } from '#shared/store/unit-of-work.ts';
import { creditStore } from './adapters/credit-store.ts';
import { type FeedEntry, type RegulatorFeedPort, regulatorFeedFromEnv } from './adapters/regulator-feed.ts';
import { city, creditPolicy, province, recordIdFor, stageRecordChange } from './credit-service.ts';
import { newRecord } from './domain/record.ts';

export interface ImportOutcome { created: string[]; existing: number; skipped: { id: string; why: string }[]; rejected: number }

export async function importFeed(feed: RegulatorFeedPort, now = new Date()): Promise<ImportOutcome> {
  const { entries, rejected, source } = await feed.entries();
  const outcome: ImportOutcome = { created: [], existing: 0, skipped: [], rejected: rejected.length };
  if (rejected.length) logger.warn('feed entries rejected', { source, rejected });
  const policy = await creditPolicy();
  for (const entry of entries.filter((e: FeedEntry) => `${e.tenant.slice(0, 4)}00` === city())) {
    const id = recordIdFor(entry.uscc, `feed#${entry.id}`);
    if (await creditStore.record(province(), entry.uscc, id)) {
      outcome.existing += 1;
      continue;
    }
    const agency = await agencyStore.get(province(), entry.uscc);
    if (!agency) {
      outcome.skipped.push({ id: entry.id, why: 'agency not known here' });
      continue;
    }
    const record = newRecord({
      id, province: province(), uscc: entry.uscc, agencyName: agency.name, source: 'feed', kind: entry.kind, facts: `${entry.regulator}：${entry.facts}`,
      ...(entry.decisionNo ? { basis: `${entry.regulator} ${entry.decisionNo}` } : {}), effectiveAt: new Date(entry.effectiveAt).toISOString(),
      issuedBy: { tenant: entry.tenant, city: city(), sub: `feed:${source}`, role: 'system' }, origin: { feedEntryId: entry.id, regulator: entry.regulator },
    }, policy, now);
    const uow = new UnitOfWork({ sub: 'system:credit-feed', role: 'system', tenant: entry.tenant }, now);
    await stageRecordChange(uow, record, undefined, 'credit.recorded', { ...record, feed: source });
    try {
      await uow.commit();
      outcome.created.push(id);
    } catch (error) {
      if (error instanceof WriteConflict && (await creditStore.record(province(), entry.uscc, id))) outcome.existing += 1;
      else throw error;
    }
  }
  return outcome;
}

export async function handler(): Promise<ImportOutcome | { skipped: string }> {
  const feed = regulatorFeedFromEnv();
  if (!feed) return { skipped: 'no regulator feed configured (REGULATOR_FEED_URL)' };
  const outcome = await importFeed(feed);
  logger.info('regulator feed imported', { ...outcome });
  return outcome;
}
