/**
 * What the agencies integration tests share: fresh valid 统一社会信用代码 (both check characters computed, so
 * no test collides with another or with the demo data), agency clerks' tokens, a tiny real PDF, uploads through
 * the presigned POST exactly as a browser sends them, and direct reads of the local cloud's AWS services where
 * the API has nothing to show (that nothing was stored; what S3 holds; the notifications queue).
 */
import { createHash, randomInt } from 'node:crypto';
import { DynamoDBClient, ListTablesCommand, ScanCommand } from '@aws-sdk/client-dynamodb';
import { HeadObjectCommand, S3Client, type S3ServiceException } from '@aws-sdk/client-s3';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { computeOrganisationCodeCheckChar, computeUsccCheckChar } from '../../functions/shared/codes/uscc.ts';
import { monthsBefore, shanghaiDateOf } from '../../functions/agencies/domain/shanghai-dates.ts';
import { type Answer, call, type Claims, endpoint } from './helpers.ts';

/** Valid resident ID numbers (check characters computed) of nobody. */
export const ID_LEGAL = '440507197806150020';
export const ID_ENGINEER = '44520219900101123X';

const BODY_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';

/** A fresh, valid 统一社会信用代码 of an enterprise (91) registered in `division`. */
export function freshUscc(division: string): string {
  for (;;) {
    let body = '';
    for (let i = 0; i < 8; i++) body += BODY_CHARS[randomInt(BODY_CHARS.length)];
    const orgCheck = computeOrganisationCodeCheckChar(body);
    if (!BODY_CHARS.includes(orgCheck)) continue;
    const first17 = `91${division}${body}${orgCheck}`;
    return first17 + computeUsccCheckChar(first17);
  }
}

/** The same code with its 18th character changed: a one-character typo. */
export function wrongCheckCharacter(uscc: string): string {
  const last = uscc[17];
  return uscc.slice(0, 17) + (last === '0' ? '1' : '0');
}

export const clerkOf = (tenant: string, uscc: string): Claims => ({ role: 'agency', tenant, agency: uscc, sub: `clerk-${uscc}` });
export const regulatorOf = (tenant: string, industry: string): Claims => ({ role: 'regulator', tenant, industry, sub: `reg-${tenant}-${industry}` });

export const today = () => shanghaiDateOf(new Date());
/** YYYY-MM-DD, `days` after today (Asia/Shanghai). */
export function dayOffset(days: number): string {
  const d = new Date(`${today()}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Social-security months that cover the policy's 3 months before today, and a little more. */
export const socialSecurityMonths = () => monthsBefore(today(), 4);

/** A one-page PDF (the standard fonts write ASCII only: the text is for telling files apart). */
export async function tinyPdf(text: string): Promise<Buffer> {
  const doc = await PDFDocument.create();
  doc.setTitle(text);
  const font = await doc.embedFont(StandardFonts.Helvetica);
  doc.addPage([595, 842]).drawText(text.replace(/[^\x20-\x7e]/g, '?'), { x: 50, y: 780, size: 12, font });
  return Buffer.from(await doc.save());
}

/** A real 1×1 PNG. */
export const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

export const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

export interface PresignedUpload { documentId: string; key: string; url: string; fields: Record<string, string>; maxBytes: number }

/** The multipart POST a browser sends: the policy's fields in order, then the file. */
export async function postToS3(upload: Pick<PresignedUpload, 'url' | 'fields'>, file: Buffer): Promise<Response> {
  const form = new FormData();
  for (const [k, v] of Object.entries(upload.fields)) form.append(k, v);
  form.append('file', new Blob([new Uint8Array(file)]), 'scan.pdf');
  return fetch(upload.url, { method: 'POST', body: form });
}

export async function requestUpload(city: string, as: Claims, applicationId: string, kind: string, file: Buffer, contentType = 'application/pdf'): Promise<Answer<PresignedUpload>> {
  return call<PresignedUpload>(city, 'POST', `/v1/agencies/applications/${applicationId}/documents`, {
    as, body: { kind, contentType, size: file.length, sha256: sha256(file), filename: `${kind}.pdf` },
  });
}

/** Request, upload and confirm one document; returns its id. */
export async function uploadDocument(city: string, as: Claims, applicationId: string, kind: string, file: Buffer): Promise<string> {
  const requested = await requestUpload(city, as, applicationId, kind, file);
  if (requested.status !== 201) throw new Error(`upload request: ${requested.status} ${JSON.stringify(requested.body)}`);
  const posted = await postToS3(requested.body, file);
  if (posted.status >= 300) throw new Error(`S3 POST: ${posted.status} ${await posted.text()}`);
  const confirmed = await call(city, 'POST', `/v1/agencies/applications/${applicationId}/documents/${requested.body.documentId}/confirm`, { as });
  if (confirmed.status !== 200) throw new Error(`confirm: ${confirmed.status} ${JSON.stringify(confirmed.body)}`);
  return requested.body.documentId;
}

export interface Qualification { id: string; type: string; number: string; grade?: string; issuer: string; validFrom: string; validTo: string; documentId?: string }

export interface PractitionerBody {
  id: string; name: string; idNumber: string; certificate: { type: string; number: string; validTo?: string }; certificateDocumentId?: string;
  socialSecurity: { months: string[]; documentId?: string };
}

/** An application body with one practitioner; documents are filled in by `fileDocuments`. */
export function applicationBody(uscc: string, name: string, serviceItems: { tenant: string; code: string }[], qualifications: Qualification[]) {
  const practitioners: PractitionerBody[] = [{
    id: 'p-1', name: '黄志强', idNumber: ID_ENGINEER,
    certificate: { type: '环境影响评价工程师', number: 'HP00012345', validTo: dayOffset(800) },
    socialSecurity: { months: socialSecurityMonths() },
  }];
  return {
    uscc, name,
    legalRepresentative: { name: '陈立新', idNumber: ID_LEGAL },
    address: '广东省揭阳市榕城区临江北路 88 号',
    officePhone: '0663-8123456',
    contact: { name: '林晓', phone: '13800138000', email: 'linxiao@example.cn' },
    serviceItems,
    qualifications,
    practitioners,
    branches: [],
    practiceRegions: [],
  };
}

type Body = ReturnType<typeof applicationBody> & { commitmentLetterDocumentId?: string };

/** Uploads every document the body needs (a scan per certificate, the practitioner's two, the letter) and names them in it. */
export async function fileDocuments(city: string, as: Claims, applicationId: string, body: Body): Promise<Body> {
  const pdf = (what: string) => tinyPdf(`${body.uscc} ${what}`);
  const qualifications = [];
  for (const q of body.qualifications) qualifications.push({ ...q, documentId: await uploadDocument(city, as, applicationId, 'qualification-scan', await pdf(q.number)) });
  const [p] = body.practitioners;
  const certificateDocumentId = await uploadDocument(city, as, applicationId, 'practising-certificate', await pdf('certificate'));
  const proof = await uploadDocument(city, as, applicationId, 'social-security-proof', await pdf('social security'));
  const commitmentLetterDocumentId = await uploadDocument(city, as, applicationId, 'commitment-letter', await pdf('承诺书'));
  return {
    ...body, qualifications,
    practitioners: [{ ...p, certificateDocumentId, socialSecurity: { ...p.socialSecurity, documentId: proof } }],
    commitmentLetterDocumentId,
  };
}

/** Draft, documents, revision, submission: the whole path of an applying agency; returns the submission's answer. */
export async function applyAndSubmit(city: string, as: Claims, body: Body): Promise<{ id: string; submitted: Answer }> {
  const created = await call(city, 'POST', '/v1/agencies/applications', { as, body });
  if (created.status !== 201) throw new Error(`create: ${created.status} ${JSON.stringify(created.body)}`);
  const id = created.body.id as string;
  const complete = await fileDocuments(city, as, id, body);
  const revised = await call(city, 'PUT', `/v1/agencies/applications/${id}`, { as, body: { ...complete, expectedVersion: 1 } });
  if (revised.status !== 200) throw new Error(`revise: ${revised.status} ${JSON.stringify(revised.body)}`);
  return { id, submitted: await call(city, 'POST', `/v1/agencies/applications/${id}/submit`, { as }) };
}

const aws = () => ({ endpoint: endpoint(), region: 'cn-northwest-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' }, requestChecksumCalculation: 'WHEN_REQUIRED' as const, responseChecksumValidation: 'WHEN_REQUIRED' as const });
export const dynamoClient = () => new DynamoDBClient(aws());
export const s3Client = () => new S3Client({ ...aws(), forcePathStyle: true });

export async function cityTable(city: string): Promise<string> {
  const names = (await dynamoClient().send(new ListTablesCommand({}))).TableNames ?? [];
  const name = names.find((n) => n.startsWith(`Ism-City-${city}`));
  if (!name) throw new Error(`no table of ${city}`);
  return name;
}

/** Every row of a city's table that a filter selects, all pages (tests only: request paths Query by key). */
async function scanCity<T>(city: string, params: Omit<ConstructorParameters<typeof ScanCommand>[0], 'TableName' | 'ExclusiveStartKey'>, map: (item: Record<string, { S?: string }>) => T): Promise<T[]> {
  const TableName = await cityTable(city);
  const out: T[] = [];
  let ExclusiveStartKey: Record<string, never> | undefined;
  do {
    const page = await dynamoClient().send(new ScanCommand({ ...params, TableName, ExclusiveStartKey }));
    out.push(...(page.Items ?? []).map((i) => map(i as Record<string, { S?: string }>)));
    ExclusiveStartKey = page.LastEvaluatedKey as typeof ExclusiveStartKey;
  } while (ExclusiveStartKey);
  return out;
}

/** Keys of the rows of a city's table whose partition key starts with `prefix` (to prove nothing was stored). */
export async function storedKeys(city: string, prefix: string): Promise<string[]> {
  const keys = await scanCity(city, { FilterExpression: 'begins_with(pk, :p)', ExpressionAttributeValues: { ':p': { S: prefix } }, ProjectionExpression: 'pk, sk' }, (i) => `${i.pk.S}|${i.sk.S}`);
  return keys.sort();
}

/** Ids of the applications a city's table holds for a code. */
export async function storedApplications(city: string, uscc: string): Promise<string[]> {
  const ids = await scanCity(city, {
    FilterExpression: 'contains(pk, :app) AND sk = :current AND uscc = :uscc', ProjectionExpression: 'id',
    ExpressionAttributeValues: { ':app': { S: '#APPLICATION#' }, ':current': { S: 'CURRENT' }, ':uscc': { S: uscc } },
  }, (i) => i.id.S!);
  return ids.sort();
}

/** Whether S3 holds an object (the bucket is the presigned form's URL's last path segment). */
export async function inS3(upload: Pick<PresignedUpload, 'url' | 'key'>): Promise<boolean> {
  const Bucket = new URL(upload.url).pathname.split('/').filter(Boolean).pop()!;
  return s3Client().send(new HeadObjectCommand({ Bucket, Key: upload.key })).then(() => true, (e: S3ServiceException) => (e.$metadata?.httpStatusCode === 404 ? false : Promise.reject(e)));
}
