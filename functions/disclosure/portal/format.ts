import { METHOD_NAMES_ZH } from '#functions/certificates/domain/certificate.ts';
import { yuanFigures } from '#functions/certificates/pdf/amount.ts';
import { PROJECT_STATUS_ZH, type ProjectStatus } from '#functions/procurement/domain/project/lifecycle.ts';
import type { SelectionMethod } from '#functions/tenancy/domain/policy/selection-method.ts';

/** Any ISO instant as Beijing time, `2026年11月21日 09:30` (the portal's readers are in one time zone). */
export function beijingTime(iso: string | undefined): string {
  if (!iso) return '—';
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return iso;
  const d = new Date(ms + 8 * 3600_000);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日 ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}`;
}

/** Integer fen as the portal prints money: ¥12,500.00. */
export const yuan = (fen: number | undefined): string => (fen === undefined ? '—' : yuanFigures(fen));

export const statusZh = (status: string): string => PROJECT_STATUS_ZH[status as ProjectStatus] ?? status;
export const methodZh = (method: string): string => METHOD_NAMES_ZH[method as SelectionMethod] ?? method;

export const TRADING_MODE_ZH: Record<string, string> = { 'many-to-one': '多选一', 'direct-purchase': '直购', consortium: '联合体', batch: '批量', reward: '奖励' };
export const FUNDING_ZH: Record<string, string> = { fiscal: '财政资金', social: '社会资金' };
