import { problems, DomainError } from '#shared/http/problems.ts';
import type { NewServiceItem, ServiceItem, ServiceItemFields } from './service-item.ts';

/**
 * Catalogue rules: every change is a new version (history kept), items are retired, never deleted
 * (seed 000 §四(一)2 动态管理 — what was bought under an item must stay explainable).
 */
export function createItem(tenant: string, scope: ServiceItem['scope'], input: NewServiceItem, existing: ServiceItem | undefined, actor: string, at: string): ServiceItem {
  if (existing) {
    throw problems.conflict('catalog.item-exists', `事项编码 ${input.code} 已存在（版本 ${existing.version}）`, `Service item ${input.code} already exists (version ${existing.version})`, { version: existing.version });
  }
  return { ...input, tenant, scope, status: 'active', version: 1, createdAt: at, updatedAt: at, updatedBy: actor };
}

export function reviseItem(current: ServiceItem | undefined, changes: ServiceItemFields, expectedVersion: number | undefined, actor: string, at: string): ServiceItem {
  if (!current) throw problems.notFound({ zh: '中介服务事项', en: 'Service item' });
  if (current.status === 'retired') throw problems.conflict('catalog.item-retired', '事项已停用，不能修改', 'The item is retired and cannot be changed');
  if (expectedVersion !== undefined && expectedVersion !== current.version) throw versionConflict(current.version);
  return { ...current, ...changes, version: current.version + 1, updatedAt: at, updatedBy: actor };
}

export function retireItem(current: ServiceItem | undefined, reason: string, actor: string, at: string): ServiceItem {
  if (!current) throw problems.notFound({ zh: '中介服务事项', en: 'Service item' });
  if (current.status === 'retired') throw problems.conflict('catalog.item-retired', '事项已停用', 'The item is already retired');
  return { ...current, status: 'retired', retiredReason: reason, version: current.version + 1, updatedAt: at, updatedBy: actor };
}

function versionConflict(current: number): DomainError {
  return problems.conflict('catalog.version-mismatch', `事项已被他人修改（当前版本 ${current}），请刷新后重试`, `The item changed meanwhile (current version ${current}); reload and retry`, { version: current });
}

export interface CatalogFilter {
  type?: string;
  department?: string;
  industry?: string;
  q?: string;
  status?: 'active' | 'retired' | 'all';
  fundingType?: string;
}

/** Public search: by type, department and keyword (name, legal basis, approval item, code). */
export function matchesFilter(item: ServiceItem, f: CatalogFilter): boolean {
  const status = f.status ?? 'active';
  if (status !== 'all' && item.status !== status) return false;
  if (f.type && item.serviceType !== f.type) return false;
  if (f.industry && item.industry !== f.industry) return false;
  if (f.fundingType && !item.fundingTypes.includes(f.fundingType as never)) return false;
  if (f.department && !item.department.name.includes(f.department) && item.department.code !== f.department) return false;
  if (f.q) {
    const q = f.q.toLowerCase();
    const hay = [item.code, item.name, item.approvalItem.name, item.department.name, ...item.legalBasis].join('\n').toLowerCase();
    if (!hay.includes(q)) return false;
  }
  return true;
}
