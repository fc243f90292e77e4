import type { Expert } from './expert.ts';
import { newExpertId } from './expert.ts';

/** Shared by the expert tests: a seed, a project of 揭东 445203, its owner, agencies and a roster builder. */
export const SEED = '000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f';
export const PROJECT_ID = '445203-2026-0007';
export const AT = '2026-11-20T10:00:00+08:00';
/** Valid codes (both check characters) of the demo agencies (config/demo-licences.json) and the owner. */
export const GREEN = '91445200MA4W3K7RX7'; // 揭阳市绿源环境科技有限公司
export const ZHENGHENG = '91445200MA53J0FAXM'; // 揭阳市正衡工程咨询有限公司
export const ANJU = '91445202MA52B6LT5P'; // 揭阳市榕城区安居房屋安全鉴定有限公司
export const OWNER_USCC = '11445203MB2C00208F'; // 揭阳市揭东区住房和城乡建设局
export const OWNER_ID = 'OWN-445203-7K3QX9AB';
export const PROJECT = { ownerId: OWNER_ID, ownerUscc: OWNER_USCC, serviceItemCode: 'ZJ-445200-0001', industry: 'environment' };

/** A deterministic id: the n-th expert of a roster. */
export const expertIdOf = (tenant: string, n: number) => newExpertId(tenant, Uint8Array.from([0, 0, 0, 0, (n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255]));

export function expert(n: number, over: Partial<Expert> = {}): Expert {
  return {
    id: expertIdOf('445200', n), tenant: '445200', name: `专家${n}`, specialties: ['environment'], status: 'active',
    version: 1, createdAt: AT, updatedAt: AT, updatedBy: 'op-445200', ...over,
  };
}

export const roster = (size: number, over: (n: number) => Partial<Expert> = () => ({})) => Array.from({ length: size }, (_, i) => expert(i + 1, over(i + 1)));
