/**
 * Open data: a project (public fields only — publicProjectView's allow-list) as OCDS 1.1.5 releases, one per stage
 * of its life, each dated when the stage happened and holding only what that stage made known:
 *
 *   stage           tag              date                        what it adds
 *   tender          planning,tender  publishedAt                 planning.budget, tender (method, criteria, period, value), buyer, procuringEntity
 *   close           tenderUpdate     closing.closedAt            numberOfTenderers, tenderers; status unsuccessful when 流标 at close
 *   award-<n>       award / awardUpdate  round n's awardedAt     the awards so far (earlier rounds cancelled, round n pending: 公示期)
 *   confirm-<n>     awardUpdate      award.confirmedAt           round n active, its 中选确认书 as a document
 *   failed          tenderUpdate     the fail transition         流标 after close (nobody rankable, no substitute left)
 *   contract        contract         contract.signedAt           the contract (active), its amount
 *   implementation  implementation   service.completedAt         contract terminated (completed), delivery milestone met
 *   evaluation      implementationUpdate  evaluation.at          the owner's evaluation as an assessment milestone
 *
 * Release ids are `<projectId>-<stage>`: stable, so a stage projected twice is the same release. The `ocid` is not
 * part of the stored release (it is added when served: `ocidOf`, a configurable prefix), so a registered prefix can
 * replace the placeholder without rewriting anything. URLs are stored as API paths (`/v1/…`) and made absolute with
 * the serving API's base URL (`absolutize`).
 *
 * Where OCDS has no code for our methods (random draw, average price, direct choice), `awardCriteria` is left out and
 * `awardCriteriaDetails` says what the rule is; the random draw describes ISM-DRAW-1 with its commitment and links
 * the transcript and its verification.
 */
import { SERVICE_TYPE_ZH } from '#functions/catalog/domain/service-item.ts';
import type { Project } from '#functions/procurement/domain/project/project.ts';

export const OCDS_VERSION = '1.1';
/** No prefix is registered with the Open Contracting Partnership yet: a placeholder, replaced by OCDS_OCID_PREFIX. */
export const PLACEHOLDER_OCID_PREFIX = 'ocds-ism000';
export const USCC_SCHEME = 'CN-USCC';

export const ocidOf = (prefix: string, projectId: string) => `${prefix}-${projectId}`;
/** The project id of an ocid with this prefix; undefined for another prefix. */
export const projectIdOfOcid = (prefix: string, ocid: string): string | undefined =>
  ocid.startsWith(`${prefix}-`) ? ocid.slice(prefix.length + 1) : undefined;

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
export type Release = { [k: string]: Json };

export interface StageRelease {
  /** `<projectId>-<stage>` */
  id: string;
  stage: string;
  date: string;
  tag: string[];
  /** The release without `ocid` (added when served). */
  release: Release;
}

export interface MappingContext {
  /** The tenant (county or city) whose supermarket office runs the project. */
  tenant: { code: string; name: string };
  owner: { id: string; name: string; uscc?: string };
  /** Agency names by 统一社会信用代码 (pool, excluded, winners); a missing name falls back to the code. */
  agencyNames: Record<string, string>;
  serviceType?: string;
}

const yuan = (fen: number) => ({ amount: Math.round(fen) / 100, currency: 'CNY' });

export const METHOD_DETAILS_ZH: Record<string, string> = {
  random: '随机选取', 'lowest-price': '竞价选取（最低价）', 'average-price': '均价选取', 'best-value': '择优选取（综合评分）', direct: '直接选取',
};
const TRADING_MODE_ZH: Record<string, string> = { 'many-to-one': '多选一', 'direct-purchase': '直购', consortium: '联合体', batch: '批量', reward: '奖励' };

const projectPath = (p: Project) => `/v1/tenants/${p.tenant}/projects/${p.id}`;

function awardCriteriaOf(p: Project): { awardCriteria?: string; awardCriteriaDetails: string } {
  const draw = `/v1/tenants/${p.tenant}/projects/${p.id}/draw`;
  switch (p.selectionMethod) {
    case 'random':
      return {
        awardCriteriaDetails: `随机选取：按 ISM-DRAW-1 公开可验证抽签。发布时公布种子承诺 commitment = SHA-256(seed) = ${p.draw?.commitment ?? '（未公布）'}；`
          + '截止时冻结合格候选池（统一社会信用代码升序）并公布 poolHash；key = HMAC-SHA256(seed, "ISM-DRAW-1|项目编号|poolHash|beacon")，'
          + `每个候选的签号 = HMAC-SHA256(key, 代码)，按签号升序排名，第一名中选。中选公示时公开种子与抽签记录，任何人可复核：${draw}（含验证结果），或离线运行 bin/verify-draw.ts。`
          + ' Random selection by the ISM-DRAW-1 verifiable draw; transcript and verification at the link above.',
      };
    case 'lowest-price':
      return { awardCriteria: 'priceOnly', awardCriteriaDetails: '竞价选取：密封报价（承诺—开启），在[最低限价, 预算]内的最低有效报价中选；报价相同者以 ISM-DRAW-1 抽签排序。 Lowest valid sealed quote; ties drawn by ISM-DRAW-1.' };
    case 'average-price':
      return { awardCriteriaDetails: '均价选取：密封报价，最接近有效报价平均值者中选（有效报价不少于5家时去掉最高和最低）；距离相同者以 ISM-DRAW-1 抽签排序。 Quote closest to the mean of the valid quotes (highest and lowest dropped from five quotes up); ties drawn by ISM-DRAW-1.' };
    case 'best-value': {
      const w = p.bestValueWeights as Record<string, number> | undefined;
      const weights = w ? `权重：${Object.entries(w).map(([k, v]) => `${k} ${v}%`).join('，')}。` : '';
      return { awardCriteria: 'ratedCriteria', awardCriteriaDetails: `择优选取：价格、资质、以往服务评价、信用加权综合评分，评分专家从专家库随机抽取（回避利害关系）；${weights}得分相同者以 ISM-DRAW-1 抽签排序。 Weighted score by experts drawn at random; ties drawn by ISM-DRAW-1.` };
    }
    case 'direct':
      return { awardCriteriaDetails: p.tradingMode === 'direct-purchase' ? '直购：业主直接购买该机构已公布的服务。 Direct purchase of an agency\'s published offer.' : '直接选取：业主从合格候选池中选定一家并书面说明理由（仅限政策允许的资金类型）。 The owner picks one eligible registrant with a written reason.' };
    default:
      return { awardCriteriaDetails: p.selectionMethod };
  }
}

const orgId = (code: string) => `${USCC_SCHEME}-${code}`;

function ownerParty(ctx: MappingContext, roles: string[]) {
  const id = ctx.owner.uscc ? orgId(ctx.owner.uscc) : `ISM-OWNER-${ctx.owner.id}`;
  return {
    id, name: ctx.owner.name, roles,
    ...(ctx.owner.uscc ? { identifier: { scheme: USCC_SCHEME, id: ctx.owner.uscc, legalName: ctx.owner.name } } : { identifier: { scheme: 'X-ISM-OWNER', id: ctx.owner.id, legalName: ctx.owner.name } }),
  };
}
const officeParty = (ctx: MappingContext) => ({
  id: `ISM-OFFICE-${ctx.tenant.code}`, name: `${ctx.tenant.name}网上中介服务超市`, roles: ['procuringEntity'],
  address: { region: ctx.tenant.code, countryName: '中国' },
});
const agencyParty = (ctx: MappingContext, code: string, roles: string[]) => ({
  id: orgId(code), name: ctx.agencyNames[code] ?? code, roles,
  identifier: { scheme: USCC_SCHEME, id: code, legalName: ctx.agencyNames[code] ?? code },
  address: { region: code.slice(2, 8), countryName: '中国' },
});
const ref = (party: { id: string; name: string }) => ({ id: party.id, name: party.name });

const transitionAt = (p: Project, event: string): string | undefined => p.history.filter((t) => t.event === event).at(-1)?.at;

function tenderRelease(p: Project, ctx: MappingContext): Release {
  const buyer = ownerParty(ctx, ['buyer']);
  const office = officeParty(ctx);
  const serviceType = ctx.serviceType ? SERVICE_TYPE_ZH[ctx.serviceType as keyof typeof SERVICE_TYPE_ZH] ?? ctx.serviceType : undefined;
  const criteria = awardCriteriaOf(p);
  return {
    parties: [buyer, office],
    buyer: ref(buyer),
    planning: { budget: { description: `预算（${p.fundingType === 'fiscal' ? '财政资金' : '社会资金'}）`, amount: yuan(p.budgetFen) } },
    tender: {
      id: p.id,
      title: p.name,
      description: p.serviceContent,
      status: 'active',
      procuringEntity: ref(office),
      items: [{
        id: '1', description: p.serviceItem.name, quantity: 1,
        classification: { scheme: 'X-ISM-CATALOGUE', id: p.serviceItem.code, description: `${p.serviceItem.name}${serviceType ? `（${serviceType}）` : ''}`, uri: `/v1/tenants/${p.serviceItem.tenant}/service-items/${p.serviceItem.code}` },
      }],
      value: yuan(p.budgetFen),
      ...(p.priceFloorFen ? { minValue: yuan(p.priceFloorFen) } : {}),
      procurementMethod: p.tradingMode === 'direct-purchase' ? 'direct' : 'open',
      procurementMethodDetails: `${TRADING_MODE_ZH[p.tradingMode] ?? p.tradingMode}·${METHOD_DETAILS_ZH[p.selectionMethod] ?? p.selectionMethod}`,
      ...(p.tradingMode === 'direct-purchase' ? { procurementMethodRationale: '直购：购买入驻机构已公布的服务，无报名期' } : {}),
      mainProcurementCategory: 'services',
      ...criteria,
      submissionMethod: ['electronicSubmission'],
      submissionMethodDetails: p.sealedQuotes ? '网上报名；密封报价：截止前只提交 SHA-256(报价|盐) 承诺，截止后开启' : '网上报名（中介服务超市）',
      ...(p.registration ? { tenderPeriod: { startDate: p.registration.opensAt ?? p.publishedAt!, endDate: p.registration.closesAt } } : {}),
      documents: [{
        id: `${p.id}-announcement`, documentType: 'tenderNotice', title: '采购公告', url: projectPath(p), datePublished: p.publishedAt!, format: 'application/json', language: 'zh',
        ...(p.draw ? { description: `ISM-DRAW-1 种子承诺 commitment: ${p.draw.commitment}` } : {}),
      }],
    },
  } as Release;
}

function closeRelease(p: Project, ctx: MappingContext, failedAtClose: boolean): Release {
  const closing = p.closing!;
  const codes = [...closing.pool, ...closing.excluded.map((e) => e.code)].sort();
  const tenderers = codes.map((c) => agencyParty(ctx, c, ['tenderer']));
  const excluded = closing.excluded.map((e) => `${e.code}：${e.reasons.map((r) => r.zh).join('；')}`).join('\n');
  return {
    parties: tenderers,
    tender: {
      id: p.id,
      status: failedAtClose ? 'unsuccessful' : 'active',
      numberOfTenderers: codes.length,
      tenderers: tenderers.map(ref),
      documents: [{
        id: `${p.id}-pool`, documentType: 'evaluationReports', title: failedAtClose ? '流标公告（报名截止，合格报名不足）' : '报名截止：合格候选池',
        description: `合格 ${closing.pool.length} 家（最少 ${closing.minEligible} 家），poolHash ${closing.poolHash}${excluded ? `；不合格：\n${excluded}` : ''}`,
        url: projectPath(p), datePublished: closing.closedAt, format: 'application/json', language: 'zh',
      }],
    },
  } as unknown as Release;
}

function awardsAsOf(p: Project, ctx: MappingContext, roundNo: number, confirmedRound?: number) {
  const award = p.award!;
  const rounds = award.rounds.filter((r) => r.round <= roundNo);
  return rounds.map((r) => {
    const ended = r.round < roundNo ? award.rounds.find((x) => x.round === r.round)?.ended : undefined;
    const quote = award.ranking.find((x) => x.code === r.code)?.quoteFen;
    const certificate = r.round === confirmedRound ? r.certificate ?? (r === award.rounds.at(-1) ? award.certificate : undefined) : undefined;
    const documents = [
      { id: `${p.id}-award-${r.round}-notice`, documentType: 'awardNotice', title: `中选公示（第 ${r.round} 轮）`, url: `${projectPath(p)}/award`, datePublished: r.awardedAt, format: 'application/json', language: 'zh' },
      ...(p.selectionMethod === 'random' || award.ranking.some((x) => x.tieBreak) ? [{
        id: `${p.id}-draw`, documentType: 'evaluationReports', title: 'ISM-DRAW-1 抽签记录与验证', url: `${projectPath(p)}/draw`, datePublished: rounds[0].awardedAt, format: 'application/json', language: 'zh',
      }] : []),
      ...(certificate ? [{
        id: `${p.id}-certificate-${certificate.certificateNo}`, documentType: 'x_selectionCertificate', title: `中选确认书 ${certificate.certificateNo}`,
        description: `PDF SHA-256 ${certificate.pdfSha256}`, url: `/v1/certificates/${certificate.certificateNo}/verification`, datePublished: certificate.issuedAt, language: 'zh',
      }] : []),
    ];
    return {
      id: `${p.id}-award-${r.round}`,
      title: `第 ${r.round} 轮中选`,
      status: ended ? 'cancelled' : r.round === confirmedRound ? 'active' : 'pending',
      ...(ended ? { description: `中选资格取消：${ended.reason}` } : { description: `公示期至 ${r.publicity.dueAt}` }),
      date: r.awardedAt,
      ...(quote !== undefined ? { value: yuan(quote) } : {}),
      suppliers: [ref(agencyParty(ctx, r.code, ['supplier']))],
      documents,
    };
  });
}

const awardParties = (p: Project, ctx: MappingContext, roundNo: number) =>
  p.award!.rounds.filter((r) => r.round <= roundNo).map((r) => agencyParty(ctx, r.code, ['tenderer', 'supplier']))
    .filter((party, i, all) => all.findIndex((x) => x.id === party.id) === i);

function contractOf(p: Project, status: 'active' | 'terminated') {
  const round = p.award!.rounds.at(-1)!;
  const c = p.award!.contract!;
  return {
    id: `${p.id}-contract`, awardID: `${p.id}-award-${round.round}`, title: `${p.name} 服务合同`, status,
    dateSigned: c.signedAt!, ...(c.amountFen !== undefined ? { value: yuan(c.amountFen) } : {}),
    period: { startDate: p.service?.startedAt ?? c.signedAt!, ...(p.service?.completedAt && status === 'terminated' ? { endDate: p.service.completedAt } : {}) },
  };
}

/** Every release the project's public record supports now, oldest first. Nothing before publication. */
export function releasesOf(p: Project, ctx: MappingContext): StageRelease[] {
  if (!p.publishedAt) return [];
  const out: StageRelease[] = [];
  const add = (stage: string, date: string, tag: string[], body: Release) => out.push({ id: `${p.id}-${stage}`, stage, date, tag, release: { id: `${p.id}-${stage}`, date, tag, initiationType: 'tender', language: 'zh', ...body } });

  add('tender', p.publishedAt, ['planning', 'tender'], tenderRelease(p, ctx));
  const failedAt = p.status === 'failed' ? transitionAt(p, 'fail') : undefined;
  const failedAtClose = Boolean(failedAt && p.closing && !p.award && !transitionAt(p, 'start-selection'));
  if (p.closing) add('close', p.closing.closedAt, ['tenderUpdate'], closeRelease(p, ctx, failedAtClose));
  const award = p.award;
  if (award) {
    for (const r of award.rounds) {
      add(`award-${r.round}`, r.awardedAt, [r.round === 1 ? 'award' : 'awardUpdate'], {
        parties: awardParties(p, ctx, r.round),
        tender: { id: p.id, status: 'complete', ...(p.closing ? { awardPeriod: { startDate: p.closing.closedAt, endDate: r.awardedAt } } : {}) },
        awards: awardsAsOf(p, ctx, r.round),
      } as unknown as Release);
      const confirmedAt = r.certificate?.issuedAt ?? (r === award.rounds.at(-1) ? award.confirmedAt : undefined);
      if (confirmedAt) {
        add(`confirm-${r.round}`, confirmedAt, ['awardUpdate'], { parties: awardParties(p, ctx, r.round), awards: awardsAsOf(p, ctx, r.round, r.round) } as unknown as Release);
      }
    }
  }
  if (failedAt && !failedAtClose) {
    const reasons = p.history.at(-1)?.reasons?.map((r) => r.zh).join('；') ?? '';
    const lastRound = award?.rounds.at(-1);
    add('failed', failedAt, ['tenderUpdate'], {
      tender: { id: p.id, status: 'unsuccessful', documents: [{ id: `${p.id}-failure`, documentType: 'x_failureNotice', title: '流标公告', description: reasons, url: projectPath(p), datePublished: failedAt, language: 'zh' }] },
      ...(award && lastRound ? { awards: awardsAsOf(p, ctx, lastRound.round).map((a) => (a.id === `${p.id}-award-${lastRound.round}` ? { ...a, status: 'cancelled' } : a)) } : {}),
    } as unknown as Release);
  }
  const contract = award?.contract;
  if (contract?.signedAt) {
    const supplier = agencyParty(ctx, award!.rounds.at(-1)!.code, ['tenderer', 'supplier']);
    add('contract', contract.signedAt, ['contract'], { parties: [supplier], contracts: [contractOf(p, 'active')] } as unknown as Release);
    if (p.service?.completedAt) {
      add('implementation', p.service.completedAt, ['implementation'], {
        contracts: [{ ...contractOf(p, 'terminated'), implementation: { milestones: [{ id: `${p.id}-delivery`, title: '服务完成', type: 'delivery', status: 'met', dateMet: p.service.completedAt, dateModified: p.service.completedAt }] } }],
      } as unknown as Release);
    }
    if (p.evaluation) {
      const e = p.evaluation;
      add('evaluation', e.at, ['implementationUpdate'], {
        contracts: [{
          id: `${p.id}-contract`, awardID: `${p.id}-award-${award!.rounds.at(-1)!.round}`,
          implementation: { milestones: [{
            id: `${p.id}-evaluation`, title: '服务评价', type: 'reporting', status: 'met', dateMet: e.at, dateModified: e.at,
            description: `服务质量 ${e.quality}/5，服务态度 ${e.attitude}/5，收费合理性 ${e.feeReasonableness}/5${e.comment ? `；${e.comment}` : ''}`,
          }] },
        }],
      } as unknown as Release);
    }
  }
  return out.sort((a, b) => Date.parse(a.date) - Date.parse(b.date));
}

/** Removes undefined members (JSON has none), so a release is what its JSON says. */
export const clean = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/** The release as served: with its ocid, URLs absolute under the serving API. */
export function servedRelease(stored: Release, ocid: string, base: string): Release {
  return { ocid, ...absolutize(stored, base) };
}

/** Every `url` / `uri` member that is an API path (`/…`) made absolute under `base`. */
export function absolutize<T extends Json>(value: T, base: string): T {
  if (Array.isArray(value)) return value.map((v) => absolutize(v, base)) as T;
  if (value && typeof value === 'object') {
    const out: Record<string, Json> = {};
    for (const [k, v] of Object.entries(value)) out[k] = (k === 'url' || k === 'uri') && typeof v === 'string' && v.startsWith('/') ? `${base}${v}` : absolutize(v, base);
    return out as T;
  }
  return value;
}
