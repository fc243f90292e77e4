import { ENV, requireEnv } from '#shared/deployment-env.ts';
import { awardStore } from './adapters/award-store.ts';
import { awardStatistics } from './domain/award.ts';

/** The province's statistics for a period (Shanghai days, both included, either open). */
export async function provinceStatistics(period: { from?: string; to?: string }) {
  const code = requireEnv(ENV.provinceCode);
  const awards = awardStatistics(await awardStore.between(code, period), period);
  const { from, to, ...rest } = awards;
  return { province: { code, name: requireEnv(ENV.provinceName) }, ...(from ? { from } : {}), ...(to ? { to } : {}), awards: rest };
}
