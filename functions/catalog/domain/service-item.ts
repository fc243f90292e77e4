import * as z from 'zod';

/**
 * A catalogued intermediary service item (中介服务事项), the fields seeds 000 §四(一)1 and 001 §四(一)
 * name: unified code (统一编码), name, type, legal basis (设立依据), the linked administrative approval
 * item (关联的行政审批/政务服务事项) and its department, the qualification requirements of agencies
 * (中介服务机构资质要求), the service time limit (服务时限), the fee standard and its basis (收费标准及依据).
 * "未纳入清单的中介服务事项，中介服务超市不提供交易服务": only catalogued items can be bought.
 */
export const SERVICE_TYPES = [
  'technical-review', // 技术审查
  'demonstration', // 论证
  'assessment', // 评估
  'evaluation', // 评价
  'inspection', // 检验
  'testing', // 检测
  'attestation', // 鉴证
  'appraisal', // 鉴定
  'certification', // 证明
  'consulting', // 咨询
  'trial', // 试验
  'other',
] as const;

export const SERVICE_TYPE_ZH: Record<(typeof SERVICE_TYPES)[number], string> = {
  'technical-review': '技术审查', demonstration: '论证', assessment: '评估', evaluation: '评价', inspection: '检验',
  testing: '检测', attestation: '鉴证', appraisal: '鉴定', certification: '证明', consulting: '咨询', trial: '试验', other: '其他',
};

export const FUNDING_TYPES = ['fiscal', 'social'] as const; // 财政资金 / 社会资金

const text = (max: number) => z.string().trim().min(1).max(max);

export const QualificationRequirement = z.object({
  /** 资质类型, e.g. 环境影响评价 or 工程勘察. */
  type: text(100),
  /** Lowest grade that qualifies (甲级 > 乙级 > 丙级); absent: any grade. */
  minGrade: z.enum(['甲级', '乙级', '丙级', '专业级', '不分级']).optional(),
  description: z.string().max(500).optional(),
}).strict();

export const ServiceItemFields = z.object({
  name: text(200),
  serviceType: z.enum(SERVICE_TYPES),
  /** 设立依据: the laws, regulations or documents that require this service. */
  legalBasis: z.array(text(500)).min(1).max(20),
  approvalItem: z.object({ code: z.string().max(64).optional(), name: text(200) }).strict(),
  department: z.object({ code: z.string().max(64).optional(), name: text(100) }).strict(),
  /** Industry (行业) whose regulator reviews admissions for this item, e.g. `environment`. */
  industry: z.string().regex(/^[a-z][a-z0-9-]{1,39}$/),
  qualificationRequirements: z.array(QualificationRequirement).max(20),
  serviceTimeLimitWorkingDays: z.number().int().min(1).max(365),
  fee: z.object({
    pricing: z.enum(['market', 'government-guided', 'government-set']), // 市场调节价 / 政府指导价 / 政府定价
    standard: text(500),
    basis: z.string().max(500).optional(),
  }).strict(),
  fundingTypes: z.array(z.enum(FUNDING_TYPES)).min(1),
}).strict();

/** 统一编码: upper-case letters, digits and dashes, e.g. `ZJ-445200-0001`. */
export const ServiceItemCode = z.string().regex(/^[A-Z0-9][A-Z0-9-]{2,39}$/, { message: 'code: 3–40 upper-case letters, digits or dashes' });

export const NewServiceItem = ServiceItemFields.extend({ code: ServiceItemCode }).strict();
export type NewServiceItem = z.infer<typeof NewServiceItem>;
export type ServiceItemFields = z.infer<typeof ServiceItemFields>;

export interface ServiceItem extends NewServiceItem {
  tenant: string;
  /** `city`: maintained by the city for all its counties; `county`: a county's local item. */
  scope: 'city' | 'county';
  status: 'active' | 'retired';
  version: number;
  createdAt: string;
  updatedAt: string;
  updatedBy: string;
  retiredReason?: string;
}

/**
 * An item as it travels in `ServiceItemChanged` and as other cities keep it (their replica): the whole record
 * except `updatedBy` — the catalogue is public, who changed it is in the audit chain for those allowed to read
 * it, and an event reaches every city and every subscriber. Validated on arrival because the replica feeds
 * admission checks elsewhere; unknown top-level fields are dropped, so a replica holds only what this code
 * has checked.
 */
export const PublishedServiceItem = z.object({
  ...NewServiceItem.shape,
  tenant: z.string().regex(/^\d{6}$/),
  scope: z.enum(['city', 'county']),
  status: z.enum(['active', 'retired']),
  version: z.number().int().min(1),
  createdAt: z.string(),
  updatedAt: z.string(),
  retiredReason: z.string().optional(),
});
export type PublishedServiceItem = z.infer<typeof PublishedServiceItem>;

/** What `ServiceItemChanged` carries: the action, the item's key and version for subscribers that filter, and the item itself. */
export interface ServiceItemChangedData {
  action: string;
  code: string;
  version: number;
  status: ServiceItem['status'];
  item: PublishedServiceItem;
}

export function publishedItem(item: ServiceItem): PublishedServiceItem {
  const { updatedBy, ...rest } = item;
  void updatedBy;
  return rest;
}
