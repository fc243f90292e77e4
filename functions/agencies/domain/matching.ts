import type { LocalDate } from '#functions/tenancy/domain/calendar/index.ts';
import type { Agency } from './agency.ts';
import { type CatalogItemLike, itemKey } from './offered-item.ts';
import { coveringRegion, isDivisionCode } from './practice-region.ts';
import { describeGap, requirementGaps } from './qualification-coverage.ts';

/**
 * 匹配: does an admitted agency qualify for a catalogue item, at a place, on a date? Used to notify agencies of
 * new projects (沅陵, seed 002: 自动匹配符合资质要求的中介机构，并主动推送短信) and by procurement for eligibility at
 * registration and again at close (DESIGN §4). It answers from the city's own replica, and lists *every* reason an
 * agency fails, so that an agency told "no" knows all it must fix and an auditor can see why.
 *
 * Allowed regions are the agency's practice regions plus its branches' regions: a branch extends where the
 * agency may serve (seed 000 §四(二)2: 分支机构从业区域管理).
 */
export const MATCH_REASON_CODES = [
  'agency.not-admitted',
  'agency.suspended',
  'agency.cleared',
  'item.not-offered',
  'item.suspended',
  'qualification.missing',
  'qualification.grade-too-low',
  'qualification.expired',
  'qualification.not-yet-valid',
  'region.not-allowed',
  'credit.restricted',
] as const;
export type MatchReasonCode = (typeof MATCH_REASON_CODES)[number];

export interface MatchReason {
  code: MatchReasonCode;
  zh: string;
  en: string;
}

export interface MatchResult {
  qualifies: boolean;
  reasons: MatchReason[];
}

/** From the credit context (一地失信、全省受限); passed in so matching stays pure. */
export interface CreditRestriction {
  restricted: boolean;
  reason?: string;
}

export type MatchableItem = Pick<CatalogItemLike, 'tenant' | 'code' | 'qualificationRequirements'> & Partial<Pick<CatalogItemLike, 'name'>>;

function assertInputs(place: string, date: LocalDate): void {
  if (!isDivisionCode(place)) throw new RangeError(`Not a 6-digit division code: ${place}`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new RangeError(`Not a date YYYY-MM-DD: ${date}`);
}

/** Why (not) — `agency` undefined means no admitted agency with that code is known here. */
export function matchAgency(agency: Agency | undefined, item: MatchableItem, place: string, date: LocalDate, credit: CreditRestriction): MatchResult {
  assertInputs(place, date);
  const reasons: MatchReason[] = [];
  const add = (code: MatchReasonCode, zh: string, en: string) => reasons.push({ code, zh, en });
  if (!agency) {
    add('agency.not-admitted', '该机构未入驻中介服务超市', 'The agency is not admitted to the supermarket');
    return { qualifies: false, reasons };
  }
  if (agency.status === 'cleared') add('agency.cleared', `该机构已被清退${agency.clearance ? `：${agency.clearance.reason}` : ''}`, `The agency has been cleared${agency.clearance ? `: ${agency.clearance.reason}` : ''}`);
  if (agency.status === 'suspended') add('agency.suspended', `该机构已暂停${agency.suspension ? `：${agency.suspension.reason}` : ''}`, `The agency is suspended${agency.suspension ? `: ${agency.suspension.reason}` : ''}`);

  const offered = agency.serviceItems.find((i) => itemKey(i) === itemKey(item));
  if (!offered) add('item.not-offered', `该机构未承接服务事项 ${item.code}`, `The agency does not offer service item ${item.code}`);
  else if (offered.status === 'suspended') {
    const why = offered.suspension?.reason;
    add('item.suspended', `该机构的服务事项 ${item.code} 已暂停${why ? `：${why}` : ''}`, `The agency's service item ${item.code} is suspended${why ? `: ${why}` : ''}`);
  }

  for (const requirement of item.qualificationRequirements) {
    for (const gap of requirementGaps(agency.qualifications, requirement, date)) {
      const d = describeGap(gap, date);
      add(d.code as MatchReasonCode, d.zh, d.en);
    }
  }

  const regions = [...agency.practiceRegions, ...agency.branches.flatMap((b) => b.regions)];
  if (!coveringRegion(regions, place)) add('region.not-allowed', `该机构的从业区域不含 ${place}`, `The agency may not practise in ${place}`);

  if (credit.restricted) add('credit.restricted', `该机构受信用限制${credit.reason ? `：${credit.reason}` : ''}`, `The agency is restricted for credit reasons${credit.reason ? `: ${credit.reason}` : ''}`);

  return { qualifies: reasons.length === 0, reasons };
}

export interface AgencyMatches {
  /** Sorted by USCC ascending (code-unit order, as the ISM-DRAW-1 pool is). */
  qualified: Agency[];
  notQualified: { uscc: string; reasons: MatchReason[] }[];
}

const byUscc = (a: { uscc: string }, b: { uscc: string }) => (a.uscc < b.uscc ? -1 : a.uscc > b.uscc ? 1 : 0);

export function matchAgencies(agencies: Iterable<Agency>, item: MatchableItem, place: string, date: LocalDate, restrictionsOf: (uscc: string) => CreditRestriction): AgencyMatches {
  const qualified: Agency[] = [];
  const notQualified: AgencyMatches['notQualified'] = [];
  for (const agency of agencies) {
    const result = matchAgency(agency, item, place, date, restrictionsOf(agency.uscc));
    if (result.qualifies) qualified.push(agency);
    else notQualified.push({ uscc: agency.uscc, reasons: result.reasons });
  }
  return { qualified: qualified.sort(byUscc), notQualified: notQualified.sort(byUscc) };
}
