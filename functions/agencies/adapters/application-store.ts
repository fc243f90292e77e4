import { randomBytes } from 'node:crypto';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { consistentGet } from '#shared/store/query.ts';
import { dynamo } from '#shared/aws-clients.ts';
import type { DocumentKind } from '#shared/documents/document-kinds.ts';
import { agencyKeys } from '#shared/store/keys.ts';
import { tableName, withoutKeys } from '#shared/store/table.ts';
import type { UnitOfWork } from '#shared/store/unit-of-work.ts';
import type { AgencyApplication } from '../domain/application.ts';

/**
 * Agency applications (入驻申请) in the city table, each in the partition of the tenant it was filed in:
 *  - `CURRENT`: the application, written only over the version it was derived from;
 *  - `DOC#<id>`: each document uploaded for it (pending until its bytes are checked, then accepted);
 *  - a claim row per 统一社会信用代码, written in the same transaction as the application, so that a second
 *    application for an open code fails its condition even when two arrive at the same instant (409), and
 *    released (not deleted: it remembers the last application) when the application closes.
 */
export interface ApplicationDocument {
  documentId: string;
  applicationId: string;
  tenant: string;
  kind: DocumentKind;
  contentType: string;
  size: number;
  /** Declared by the client at request time; once accepted, the SHA-256 of the stored bytes (the same). */
  sha256: string;
  filename?: string;
  /** `${tenant}/agency-applications/${applicationId}/${documentId}` (never taken from a request). */
  key: string;
  status: 'pending' | 'accepted';
  requestedAt: string;
  requestedBy: string;
  acceptedAt?: string;
  /** The S3 version that was checked: downloads are pinned to it. */
  versionId?: string;
}

export interface ApplicationClaim {
  uscc: string;
  applicationId: string;
  tenant: string;
  state: 'open' | 'released';
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** `length` Crockford base32 characters from fresh random bits (no I, L, O, U: read out over the phone). */
export function randomCode(length: number): string {
  const bytes = randomBytes(Math.ceil((length * 5) / 8));
  let bits = 0n;
  for (const byte of bytes) bits = (bits << 8n) | BigInt(byte);
  let out = '';
  for (let i = 0; i < length; i++) out = CROCKFORD[Number((bits >> BigInt(5 * i)) & 31n)] + out;
  return out;
}

/** `APP-<tenant>-<8 characters>`: the tenant is in the id, so that `/applications/{id}` finds its partition. */
export const newApplicationId = (tenant: string): string => `APP-${tenant}-${randomCode(8)}`;

export const APPLICATION_ID = /^APP-(\d{6})-[0-9A-HJKMNP-TV-Z]{8}$/;
export const tenantOfApplication = (id: string): string | undefined => APPLICATION_ID.exec(id)?.[1];


async function queryAll<T>(input: Omit<ConstructorParameters<typeof QueryCommand>[0], 'TableName' | 'ExclusiveStartKey'>): Promise<T[]> {
  const out: T[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await dynamo().send(new QueryCommand({ ...input, TableName: tableName(), ExclusiveStartKey }));
    out.push(...(page.Items ?? []).map((i) => withoutKeys(i) as T));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return out;
}

export const applicationStore = {
  async get(id: string): Promise<AgencyApplication | undefined> {
    const tenant = tenantOfApplication(id);
    if (!tenant) return undefined;
    const item = await consistentGet(agencyKeys.application(tenant, id));
    return item ? (withoutKeys(item) as AgencyApplication) : undefined;
  },

  /** The open application holding this code in this city, if any. */
  async openClaim(province: string, uscc: string): Promise<ApplicationClaim | undefined> {
    const item = await consistentGet(agencyKeys.applicationClaim(province, uscc));
    return item && item.state === 'open' ? (withoutKeys(item) as ApplicationClaim) : undefined;
  },

  /** A tenant's applications, of one status or all. */
  async list(tenant: string, status?: string): Promise<AgencyApplication[]> {
    const { gsi1pk } = agencyKeys.applicationIndex(tenant, '', '', '');
    return queryAll<AgencyApplication>({
      IndexName: 'gsi1',
      KeyConditionExpression: status ? 'gsi1pk = :pk AND begins_with(gsi1sk, :status)' : 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': gsi1pk, ...(status ? { ':status': `${status}#` } : {}) },
    });
  },

  /** Writes the application over `previousVersion` (0: it must not exist yet). */
  stage(uow: UnitOfWork, app: AgencyApplication, previousVersion: number): void {
    uow.put(
      { ...agencyKeys.application(app.tenant, app.id), ...agencyKeys.applicationIndex(app.tenant, app.status, app.createdAt, app.id), ...app },
      previousVersion === 0 ? { expression: 'attribute_not_exists(pk)' } : { expression: 'version = :previous', values: { ':previous': previousVersion } },
    );
  },

  /** Takes the code for this application; fails (WriteConflict) while another application holds it. */
  stageClaim(uow: UnitOfWork, app: AgencyApplication): void {
    const claim: ApplicationClaim = { uscc: app.uscc, applicationId: app.id, tenant: app.tenant, state: 'open' };
    uow.put({ ...agencyKeys.applicationClaim(app.province, app.uscc), ...claim, at: uow.at }, {
      expression: 'attribute_not_exists(pk) OR #state = :released', names: { '#state': 'state' }, values: { ':released': 'released' },
    });
  },

  /** Frees the code once the application is admitted, refused or withdrawn. */
  stageClaimRelease(uow: UnitOfWork, app: AgencyApplication): void {
    const claim: ApplicationClaim = { uscc: app.uscc, applicationId: app.id, tenant: app.tenant, state: 'released' };
    uow.put({ ...agencyKeys.applicationClaim(app.province, app.uscc), ...claim, at: uow.at }, { expression: 'applicationId = :id', values: { ':id': app.id } });
  },

  async document(app: Pick<AgencyApplication, 'tenant' | 'id'>, documentId: string): Promise<ApplicationDocument | undefined> {
    const item = await consistentGet(agencyKeys.document(app.tenant, app.id, documentId));
    return item ? (withoutKeys(item) as ApplicationDocument) : undefined;
  },

  async documents(app: Pick<AgencyApplication, 'tenant' | 'id'>): Promise<ApplicationDocument[]> {
    const { pk } = agencyKeys.document(app.tenant, app.id, '');
    return queryAll<ApplicationDocument>({ KeyConditionExpression: 'pk = :pk AND begins_with(sk, :doc)', ExpressionAttributeValues: { ':pk': pk, ':doc': 'DOC#' }, ConsistentRead: true });
  },

  /** Ids of the documents whose bytes were checked and accepted: what submission and change requests may cite. */
  async acceptedDocumentIds(app: Pick<AgencyApplication, 'tenant' | 'id'>): Promise<string[]> {
    return (await applicationStore.documents(app)).filter((d) => d.status === 'accepted').map((d) => d.documentId);
  },

  /** A new pending document, or the pending one becoming accepted (only once). */
  stageDocument(uow: UnitOfWork, doc: ApplicationDocument): void {
    uow.put(
      { ...agencyKeys.document(doc.tenant, doc.applicationId, doc.documentId), ...doc },
      doc.status === 'pending'
        ? { expression: 'attribute_not_exists(pk)' }
        : { expression: '#status = :pending', names: { '#status': 'status' }, values: { ':pending': 'pending' } },
    );
  },
};
