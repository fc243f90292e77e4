/**
 * The regulators' feed import. Trigger: schedule (hourly; locally `POST /_local/rules/ism-<city>-credit-feed-schedule/trigger`).
 * Input: the feed's entries (adapters/regulator-feed.ts). Effect: each entry decided by a tenant of this city becomes
 * a record of source `feed`, issued by that tenant — once: its id is derived from the entry's id, so a second import
 * finds the row and writes nothing (and the write is conditioned on the row's absence should two runs race).
 * Entries for agencies this city does not know (yet) are left for a later run. Then the listed profiles are refreshed
 * (refreshListed).
 */
import { agencyStore } from '#functions/agencies/adapters/agency-store.ts';
import { logger } from '#shared/observability.ts';
import { UnitOfWork, WriteConflict } from '#shared/store/unit-of-work.ts';
import { creditStore } from './adapters/credit-store.ts';
import { type FeedEntry, type RegulatorFeedPort, regulatorFeedFromEnv } from './adapters/regulator-feed.ts';
import { city, computeProfile, creditPolicy, notifyAgency, province, recordIdFor, stageConsequences, stageRecordChange } from './credit-service.ts';
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
      await notifyAgency(record);
    } catch (error) {
      if (error instanceof WriteConflict && (await creditStore.record(province(), entry.uscc, id))) outcome.existing += 1;
      else throw error;
    }
  }
  return outcome;
}

/**
 * Time alone changes a profile (a ban ends, a record expires: checked on read, never by TTL). The listed profiles of
 * this city's table are recomputed and, where the result differs, stored again — so the PROFILE and RESTRICTION rows
 * other contexts read catch up within the hour even when nothing else happens to the agency.
 */
export async function refreshListed(now = new Date()): Promise<string[]> {
  const refreshed: string[] = [];
  for (const stored of await creditStore.listed(province())) {
    const records = await creditStore.records(province(), stored.uscc);
    const { profile } = await computeProfile(stored.uscc, records, now);
    const same = profile.restricted === stored.restricted && profile.level === stored.level && profile.scoreHundredths === stored.scoreHundredths
      && profile.restriction.until === stored.restriction?.until;
    if (same) continue;
    const uow = new UnitOfWork({ sub: 'system:credit-refresh', role: 'system', tenant: city() }, now);
    await stageConsequences(uow, stored.uscc, records, now);
    try {
      await uow.commit();
      refreshed.push(stored.uscc);
    } catch (error) {
      if (!(error instanceof WriteConflict)) throw error; // a change of the agency's records got there first: it recomputed too
    }
  }
  return refreshed;
}

export async function handler(): Promise<{ feed: ImportOutcome | { skipped: string }; refreshed: string[] }> {
  const feed = regulatorFeedFromEnv();
  const outcome = feed ? await importFeed(feed) : { skipped: 'no regulator feed configured (REGULATOR_FEED_URL)' };
  const refreshed = await refreshListed();
  logger.info('regulator feed imported; listed profiles refreshed', { ...outcome, refreshed });
  return { feed: outcome, refreshed };
}
