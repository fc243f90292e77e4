import * as z from 'zod';
import type { ServiceItem } from '#functions/catalog/domain/service-item.ts';
import { ServiceItemCode } from '#functions/catalog/domain/service-item.ts';
import { DivisionCode } from '#shared/http/common-schemas.ts';

/**
 * A catalogued service item (中介服务事项) an agency offers, by its key in the catalogue: the tenant that
 * maintains it and its unified code (统一编码). Only catalogued items can be offered or bought (seed 000
 * §四(一)1: 未纳入清单的中介服务事项，中介服务超市不提供交易服务).
 */
export const ServiceItemRef = z.object({ tenant: DivisionCode, code: ServiceItemCode }).strict();
export type ServiceItemRef = z.infer<typeof ServiceItemRef>;

/** What the agencies domain needs of a catalogue item; a full `ServiceItem` fits. */
export type CatalogItemLike = Pick<ServiceItem, 'tenant' | 'code' | 'industry' | 'qualificationRequirements'> & Partial<Pick<ServiceItem, 'name' | 'status'>>;

/** One entry of an item's 中介服务机构资质要求: a qualification type and, optionally, the lowest grade. */
export type QualificationRequirement = ServiceItem['qualificationRequirements'][number];

export const itemKey = (ref: { tenant: string; code: string }): string => `${ref.tenant}/${ref.code}`;

export function catalogueIndex(items: Iterable<CatalogItemLike>): Map<string, CatalogItemLike> {
  const index = new Map<string, CatalogItemLike>();
  for (const item of items) index.set(itemKey(item), item);
  return index;
}
