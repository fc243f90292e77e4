/**
 * Writing an admitted agency, for every writer in the admitting city (admission, changes, reviews of changes,
 * clearance, the expiry job): the record over the version it was derived from, its audit entry (entity `agency`,
 * in the chain of the tenant that admitted it) and the event that carries the whole record — the domain's
 * `Agency`, which holds no full ID number and no social-security data — to every city of the province.
 * Only the admitting city writes an agency; the others hold replicas (replica.ts), so a write arriving at
 * another city's API is refused with the city to go to.
 */
import { ENV, requireEnv } from '#shared/deployment-env.ts';
import type { DetailType } from '#shared/events/detail-types.ts';
import { problems } from '#shared/http/problems.ts';
import type { UnitOfWork } from '#shared/store/unit-of-work.ts';
import { admittingCity, agencyStore } from './adapters/agency-store.ts';
import type { Agency } from './domain/agency.ts';

export type AgencyEventType = Extract<DetailType, 'AgencyAdmitted' | 'AgencyChanged' | 'AgencyCleared'>;

/** What `AgencyAdmitted` / `AgencyChanged` / `AgencyCleared` carry. */
export interface AgencyEventData {
  uscc: string;
  version: number;
  agency: Agency;
}

export const agencyNotFound = (uscc: string) => problems.notFound({ zh: `入驻机构 ${uscc}`, en: `Admitted agency ${uscc}` });

/** The agency as this city knows it (record or replica), or 404. */
export async function knownAgency(uscc: string): Promise<Agency> {
  const agency = await agencyStore.get(requireEnv(ENV.provinceCode), uscc);
  if (!agency) throw agencyNotFound(uscc);
  return agency;
}

/** 409 with the admitting city, unless this city admitted the agency and may change it. Check after authorizing. */
export function assertManagedHere(agency: Agency): void {
  const city = admittingCity(agency);
  if (city !== requireEnv(ENV.cityCode)) {
    throw problems.conflict('agency.managed-elsewhere', `该机构在 ${agency.admittedIn} 入驻，请在 ${city} 办理变更、审查和清退`,
      `The agency was admitted in ${agency.admittedIn}: changes, reviews and clearance are made in city ${city}`, { admittedIn: agency.admittedIn, city });
  }
}

export async function stageAgencyChange(uow: UnitOfWork, agency: Agency, previousVersion: number | undefined, action: string, type: AgencyEventType, auditData: unknown = agency): Promise<void> {
  agencyStore.stage(uow, agency, previousVersion);
  await uow.audit(agency.admittedIn, 'agency', agency.uscc, action, auditData);
  uow.event<AgencyEventData>(type, agency.admittedIn, { uscc: agency.uscc, version: agency.version, agency });
}
