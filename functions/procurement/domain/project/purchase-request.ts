import * as z from 'zod';
import { problems, type FieldProblem, DomainError } from '#shared/http/problems.ts';
import { FUNDING_TYPES, QualificationRequirement, ServiceItemCode, type ServiceItem } from '#functions/catalog/domain/service-item.ts';
import { gradeMeets } from '#functions/agencies/domain/qualification-coverage.ts';
import type { WorkingDayCalendar } from '#functions/tenancy/domain/calendar/index.ts';
import { MAX_WORKING_DAYS } from '#functions/tenancy/domain/calendar/index.ts';
import { epochMsOf, formatShanghaiInstant, type InstantInput } from '#functions/tenancy/domain/calendar/local-date.ts';
import { isMethodAllowed, isSupermarketMandatory } from '#functions/tenancy/domain/policy/method-allowance.ts';
import { SELECTION_METHODS, type FundingType, type SelectionMethod } from '#functions/tenancy/domain/policy/selection-method.ts';
import type { TenantPolicy } from '#functions/tenancy/domain/policy/tenant-policy.ts';
import type { ProjectTransition } from './lifecycle.ts';
import type { Project } from './project.ts';
import { scheduleRegistration, type TenantKind } from './registration-schedule.ts';

/**
 * 采购申请: what an owner (项目业主/委托人) asks the supermarket to buy, and the checks at submission. The schema
 * checks shape; `submitPurchaseRequest` checks the rules that need the catalogue item and the tenant policy, and
 * reports every broken rule at once, field by field, in Chinese and English — an owner told "no" sees all it
 * must change.
 */

/** 交易模式 (DESIGN §4). 批量 and 奖励 are representable so stored data and clients need no migration later. */
export const TRADING_MODES = [
  'many-to-one', // 多选一: many register, one is selected (the default)
  'direct-purchase', // 直购: an agency's published offer, bought without a window
  'consortium', // 联合体: as 多选一, and a consortium may register as one party
  'batch', // 批量: one selection for several lots — not yet offered
  'reward', // 奖励: design-competition style — not yet offered
] as const;
export type TradingMode = (typeof TRADING_MODES)[number];
export const OFFERED_TRADING_MODES: readonly TradingMode[] = ['many-to-one', 'direct-purchase', 'consortium'];
const TRADING_MODE_ZH: Record<TradingMode, string> = { 'many-to-one': '多选一', 'direct-purchase': '直购', consortium: '联合体', batch: '批量', reward: '奖励' };

/** Methods where agencies submit sealed quotes, and the project must set a price floor (最低限价) under its budget. */
export const PRICE_METHODS: readonly SelectionMethod[] = ['lowest-price', 'average-price', 'best-value'];

export type QualificationRequirementInput = z.infer<typeof QualificationRequirement>;

const USCC = z.string().regex(/^[0-9ABCDEFGHJKLMNPQRTUWXY]{18}$/, { message: 'a unified social credit code (18 characters)' });

export const PurchaseRequestDraft = z
  .object({
    /** 项目名称, shown in the announcement. */
    name: z.string().trim().min(2).max(200),
    serviceItem: z.object({ tenant: z.string().regex(/^\d{6}$/), code: ServiceItemCode }).strict(),
    ownerId: z.string().trim().min(1).max(128),
    fundingType: z.enum(FUNDING_TYPES),
    budgetFen: z.number().int().positive().max(Number.MAX_SAFE_INTEGER),
    serviceContent: z.string().trim().min(1).max(4000),
    /** 服务时限; absent: the item's. */
    serviceTimeLimitWorkingDays: z.number().int().min(1).max(365).optional(),
    /** Absent: the item's requirements as they are. */
    qualificationRequirements: z.array(QualificationRequirement).max(20).optional(),
    tradingMode: z.enum(TRADING_MODES).default('many-to-one'),
    selectionMethod: z.enum(SELECTION_METHODS),
    /** 报名期; absent: the policy's minimum. Not for 直购. */
    registrationWindowWorkingDays: z.number().int().min(1).max(MAX_WORKING_DAYS).optional(),
    priceFloorFen: z.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional(),
    directOffer: z.object({ agencyUscc: USCC }).strict().optional(),
    /** 择优选取 only: whole percentages summing to 100; absent: DEFAULT_BEST_VALUE_WEIGHTS. */
    bestValueWeights: z.object({
      price: z.number().int().min(0).max(100), qualification: z.number().int().min(0).max(100),
      evaluation: z.number().int().min(0).max(100), credit: z.number().int().min(0).max(100),
    }).strict().optional(),
  })
  .strict();
export type PurchaseRequestDraft = z.infer<typeof PurchaseRequestDraft>;

/**
 * 择优选取 weights when the project sets none: price 40, qualification 30, past evaluations 15, credit 15. Price
 * stays the largest single component, as the price-first practice of 择优 in the seeds (沅陵) has it, without
 * letting it decide alone.
 */
export const DEFAULT_BEST_VALUE_WEIGHTS = Object.freeze({ price: 40, qualification: 30, evaluation: 15, credit: 15 });

export interface SubmitContext {
  /** The project id to give (ISM-DRAW-1 project ids contain no '|' and no control character). */
  projectId: string;
  tenant: TenantKind;
  policy: TenantPolicy;
  /** The catalogue item the draft names, as the catalogue holds it now; undefined when it is not catalogued. */
  item: ServiceItem | undefined;
  calendar: WorkingDayCalendar;
  now: InstantInput;
  /**
   * The authenticated owner, with what the owner registry says of it where known: the funds it buys with (项目业主库
   * `fundingTypes`) and whether it is active. A disabled owner buys nothing; a project's funds must be the owner's.
   */
  owner: { id: string; fundingTypes?: readonly FundingType[]; status?: 'active' | 'disabled' };
  /**
   * Whether the tenant lets owners tighten the item's qualification requirements (a higher grade, an added type).
   * Absent: the tenant policy's `allowQualificationTightening` (default false: Shandong 鲁政办字〔2021〕85号 forbids
   * adding conditions to what the catalogue sets).
   */
  allowQualificationTightening?: boolean;
}

type Problem = (path: string, code: string, zh: string, en: string) => void;

function zodProblems(error: z.ZodError): FieldProblem[] {
  return error.issues.map((issue) => {
    const path = issue.path.length ? issue.path.map(String).join('.') : '(body)';
    return { path, code: `schema.${issue.code}`, message: { zh: `字段 ${path} 不符合要求：${issue.message}`, en: `${path}: ${issue.message}` } };
  });
}

export function parsePurchaseRequestDraft(input: unknown): PurchaseRequestDraft {
  const parsed = PurchaseRequestDraft.safeParse(input);
  if (!parsed.success) throw problems.validation(zodProblems(parsed.error));
  return parsed.data;
}

const grade = (g: string | undefined) => g ?? '不限等级';
const FUNDING_ZH: Record<FundingType, string> = { fiscal: '财政性资金', social: '社会资金' };

/**
 * The requirements compared with the item's, field by field: every item requirement must still be there at the
 * same or a stricter grade (a loosening is always refused); an added type or a stricter grade is a tightening,
 * refused unless the tenant allows it. "Stricter" uses the same grade rule matching uses (`gradeMeets`): a
 * requirement R is at least as strict as the item's I when any certificate meeting R meets I.
 */
function checkRequirements(item: ServiceItem, wanted: readonly QualificationRequirementInput[], tighteningAllowed: boolean, add: Problem): void {
  item.qualificationRequirements.forEach((base) => {
    const sameType = wanted.filter((w) => w.type === base.type);
    if (sameType.length === 0) {
      add(`qualificationRequirements`, 'qualification.removed', `不能删除服务事项要求的资质「${base.type}」`, `The item's required qualification "${base.type}" cannot be removed`);
    } else if (!sameType.some((w) => gradeMeets(w.minGrade, base.minGrade))) {
      const at = wanted.indexOf(sameType[0]);
      add(`qualificationRequirements.${at}.minGrade`, 'qualification.loosened',
        `资质「${base.type}」的等级不能低于服务事项要求的${grade(base.minGrade)}`,
        `The grade of "${base.type}" cannot be below the item's ${grade(base.minGrade)}`);
    }
  });
  if (tighteningAllowed) return;
  wanted.forEach((w, i) => {
    const base = item.qualificationRequirements.find((b) => b.type === w.type);
    if (!base) {
      add(`qualificationRequirements.${i}.type`, 'qualification.tightening-not-allowed', `本地不允许增设资质要求「${w.type}」`, `Adding the requirement "${w.type}" is not allowed here`);
    } else if ((w.minGrade ?? '不分级') !== (base.minGrade ?? '不分级') && gradeMeets(w.minGrade, base.minGrade)) {
      add(`qualificationRequirements.${i}.minGrade`, 'qualification.tightening-not-allowed',
        `本地不允许提高资质「${w.type}」的等级要求（服务事项要求${grade(base.minGrade)}）`,
        `Raising the grade of "${w.type}" above the item's ${grade(base.minGrade)} is not allowed here`);
    }
  });
}

/**
 * 提交采购申请: validates the draft against the catalogue item and the tenant policy, and returns the project in
 * status `submitted`. Throws `problems.validation` with every field problem, `problems.forbidden` when the draft
 * names another owner, and a 409 when a production tenant's policy asks for time acceleration.
 */
export function submitPurchaseRequest(input: unknown, ctx: SubmitContext): Project {
  const draft = parsePurchaseRequestDraft(input);
  if (draft.ownerId !== ctx.owner.id) throw problems.forbidden({ zh: '只能以本人（本单位）名义提交采购申请', en: 'a purchase request can only be submitted by its own owner' });
  if (ctx.owner.status === 'disabled') throw problems.forbidden({ zh: '项目业主已停用，不能提交采购申请', en: 'the owner is disabled and cannot submit a purchase request' });

  const found: FieldProblem[] = [];
  const add: Problem = (path, code, zh, en) => found.push({ path, code, message: { zh, en } });
  const { policy, item } = ctx;
  const ref = draft.serviceItem;

  // 未纳入清单的中介服务事项，中介服务超市不提供交易服务 (seed 000 §四(一)1).
  if (!item || item.tenant !== ref.tenant || item.code !== ref.code) {
    add('serviceItem', 'item.not-catalogued', `服务事项 ${ref.code} 未纳入中介服务事项清单，不能采购`, `Service item ${ref.code} is not in the catalogue and cannot be bought`);
    throw problems.validation(found);
  }
  if (item.status !== 'active') {
    add('serviceItem', 'item.retired', `服务事项 ${ref.code} 已停用，不能采购`, `Service item ${ref.code} is retired and cannot be bought`);
  }
  if (!item.fundingTypes.includes(draft.fundingType)) {
    add('fundingType', 'item.funding-not-offered', `服务事项 ${ref.code} 不接受该资金性质的采购`, `Service item ${ref.code} is not bought with ${draft.fundingType} funds`);
  }
  // The owner registry records what an owner buys with (a 机关 spends fiscal funds; a company, social funds): a
  // project's funds are the owner's, or a fiscal-only department could buy "with social funds" by direct choice.
  if (ctx.owner.fundingTypes && !ctx.owner.fundingTypes.includes(draft.fundingType)) {
    add('fundingType', 'owner.funding-not-used', `项目业主登记的资金性质不含${FUNDING_ZH[draft.fundingType]}`, `The owner is not registered as buying with ${draft.fundingType} funds`);
  }

  // 服务时限: the catalogue publishes the longest time an agency may take; a project may shorten it, not extend it.
  const serviceTimeLimitWorkingDays = draft.serviceTimeLimitWorkingDays ?? item.serviceTimeLimitWorkingDays;
  if (serviceTimeLimitWorkingDays > item.serviceTimeLimitWorkingDays) {
    add('serviceTimeLimitWorkingDays', 'service-time.above-item',
      `服务时限不能超过清单规定的 ${item.serviceTimeLimitWorkingDays} 个工作日`,
      `The service time limit cannot exceed the catalogue's ${item.serviceTimeLimitWorkingDays} working days`);
  }

  const requirements = draft.qualificationRequirements ?? item.qualificationRequirements.map((r) => ({ ...r }));
  checkRequirements(item, requirements, ctx.allowQualificationTightening ?? policy.allowQualificationTightening ?? false, add);

  const mode = draft.tradingMode;
  if (!OFFERED_TRADING_MODES.includes(mode)) {
    add('tradingMode', 'trading-mode.not-yet-offered', `交易模式「${TRADING_MODE_ZH[mode]}」暂未开放`, `The trading mode "${mode}" is not yet offered`);
  }

  const method = draft.selectionMethod;
  const mandatory = isSupermarketMandatory(policy, draft.fundingType, draft.budgetFen);
  if (!isMethodAllowed(policy, draft.fundingType, method, draft.budgetFen)) {
    // Fiscal funds below the limit must be bought openly (沅陵: 禁止单位直接委托…通过随机选取或竞价方式公开选取).
    const why = method === 'direct' && draft.fundingType === 'fiscal'
      ? { zh: '财政性资金项目不能直接选取（本地策略未允许或金额超过限额）', en: 'fiscal funds cannot use direct choice here (not allowed by policy, or above its amount)' }
      : { zh: '本地策略不允许该资金性质使用此选取方式', en: 'the tenant policy does not allow this method for these funds' };
    add('selectionMethod', 'method.not-allowed', `选取方式 ${method} 不可用：${why.zh}`, `Selection method ${method} is not allowed: ${why.en}`);
  }

  if (mode === 'direct-purchase') {
    if (method !== 'direct') add('selectionMethod', 'direct-purchase.method', '直购的选取方式须为直接选取', 'A direct purchase uses the direct method');
    if (!draft.directOffer) add('directOffer', 'direct-purchase.offer-required', '直购须指定所购买的中介机构报价（服务）', 'A direct purchase names the agency offer it buys');
    if (draft.registrationWindowWorkingDays !== undefined) add('registrationWindowWorkingDays', 'direct-purchase.no-window', '直购没有报名期', 'A direct purchase has no registration window');
  } else if (draft.directOffer) {
    add('directOffer', 'direct-offer.not-applicable', '只有直购才指定中介机构', 'Only a direct purchase names an agency in advance');
  }

  const window = mode === 'direct-purchase' ? undefined : (draft.registrationWindowWorkingDays ?? policy.registrationWindowWorkingDays);
  if (window !== undefined && window < policy.registrationWindowWorkingDays) {
    add('registrationWindowWorkingDays', 'window.too-short',
      `报名期不能少于 ${policy.registrationWindowWorkingDays} 个工作日`,
      `The registration window must be at least ${policy.registrationWindowWorkingDays} working days`);
  }

  const sealedQuotes = PRICE_METHODS.includes(method) && mode !== 'direct-purchase';
  if (PRICE_METHODS.includes(method)) {
    if (draft.priceFloorFen === undefined) add('priceFloorFen', 'price-floor.required', '竞价、均价、择优选取须设最低限价', 'Price methods need a price floor');
    else if (draft.priceFloorFen > draft.budgetFen) add('priceFloorFen', 'price-floor.above-budget', '最低限价不能高于预算（最高限价）', 'The price floor cannot be above the budget');
  } else if (draft.priceFloorFen !== undefined) {
    add('priceFloorFen', 'price-floor.not-applicable', '该选取方式不报价，不设最低限价', 'This method takes no quotes and has no price floor');
  }

  if (draft.bestValueWeights) {
    if (method !== 'best-value') add('bestValueWeights', 'weights.not-applicable', '只有择优选取设置评分权重', 'Only best-value projects set weights');
    const w = draft.bestValueWeights;
    if (w.price + w.qualification + w.evaluation + w.credit !== 100) add('bestValueWeights', 'weights.sum', '评分权重之和须为 100', 'The weights must sum to 100');
  }

  if (found.length) throw problems.validation(found);

  const nowMs = epochMsOf(ctx.now);
  const submittedAt = formatShanghaiInstant(nowMs);
  // Indicative: the window as it would run if published now. Approval recounts it from the publication instant.
  let registration;
  try {
    registration = window === undefined ? undefined : scheduleRegistration({ calendar: ctx.calendar, opensAt: submittedAt, workingDays: window, timeAccelerator: policy.timeAccelerator, tenant: ctx.tenant });
  } catch (error) {
    if (error instanceof DomainError) throw error;
    throw problems.validation([{ path: 'registrationWindowWorkingDays', code: 'window.uncountable', message: { zh: '无法按工作日历计算报名截止时间', en: 'The registration deadline cannot be counted on the working-day calendar' } }]);
  }

  const history: ProjectTransition[] = [{ event: 'submit', from: 'draft', to: 'submitted', at: submittedAt, by: ctx.owner.id }];
  return {
    id: ctx.projectId,
    name: draft.name,
    version: 1,
    tenant: ctx.tenant.code,
    sandbox: ctx.tenant.sandbox,
    status: 'submitted',
    serviceItem: { tenant: item.tenant, code: item.code, version: item.version, name: item.name },
    ownerId: draft.ownerId,
    fundingType: draft.fundingType,
    budgetFen: draft.budgetFen,
    serviceContent: draft.serviceContent,
    serviceTimeLimitWorkingDays,
    qualificationRequirements: requirements,
    tradingMode: mode,
    selectionMethod: method,
    ...(window !== undefined ? { registrationWindowWorkingDays: window } : {}),
    ...(draft.priceFloorFen !== undefined ? { priceFloorFen: draft.priceFloorFen } : {}),
    ...(draft.directOffer ? { directOffer: draft.directOffer } : {}),
    ...(method === 'best-value' ? { bestValueWeights: draft.bestValueWeights ?? { ...DEFAULT_BEST_VALUE_WEIGHTS } } : {}),
    supermarketMandatory: mandatory,
    sealedQuotes,
    ...(registration ? { registration } : {}),
    submittedAt,
    returns: [],
    history,
  };
}
