/**
 * What a client asks for before uploading a document, and the rules it must meet before anything is
 * presigned: a known kind, a type that kind accepts, a size within its limit, a well-formed SHA-256.
 * Pure (no SDK), so the rules are unit-tested and the HTTP route reuses the schema.
 */
import * as z from 'zod';
import type { FieldProblem } from '#shared/http/problems.ts';
import { ApplicationDocumentKind, DOCUMENT_CONTENT_TYPES, DOCUMENT_KIND_NAMES, DOCUMENT_KINDS, DocumentContentType, DocumentKind, type DocumentKindRule } from './document-kinds.ts';

const SHA256_HEX = /^[0-9a-fA-F]{64}$/;

/** The body of an upload request (routes and OpenAPI); the limits per kind are checked by `checkUploadRequest`. */
export const UploadRequestBody = z.object({
  kind: ApplicationDocumentKind,
  contentType: DocumentContentType,
  /** Exact size of the file in bytes, as the browser's `File.size` reports it. */
  size: z.number().int().min(1),
  /** SHA-256 of the file (64 hex digits), computed by the client (`crypto.subtle.digest`). */
  sha256: z.string().regex(SHA256_HEX, { message: '64 hexadecimal digits' }),
  /** The name the user chose, shown on download; never part of the object key. */
  filename: z.string().min(1).max(255).optional(),
}).strict();
export type UploadRequestBody = z.infer<typeof UploadRequestBody>;

/** Who a document belongs to; one prefix per owner under the tenant's prefix. */
export type DocumentOwnerKind = 'agency-application' | 'project' | 'credit-record';
export interface DocumentOwner { kind: DocumentOwnerKind; id: string }
const OWNER_FOLDER: Record<DocumentOwnerKind, string> = { 'agency-application': 'agency-applications', project: 'projects', 'credit-record': 'credit-records' };

// Path segments of a key come from the server (tenant code, application id, a UUID), never from the
// user's filename; they are still checked so that no value can climb out of the tenant's prefix.
const TENANT = /^\d{6}$/;
const SEGMENT = /^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$/;

/** `${tenant}/agency-applications/${id}/${documentId}`: every object of a tenant under its own prefix (DESIGN §5). */
export function documentKey(tenant: string, owner: DocumentOwner, documentId: string): string {
  if (!TENANT.test(tenant) || !SEGMENT.test(owner.id) || !SEGMENT.test(documentId) || !(owner.kind in OWNER_FOLDER)) {
    throw new Error(`unsafe document key segments: ${JSON.stringify({ tenant, owner, documentId })}`);
  }
  return `${tenant}/${OWNER_FOLDER[owner.kind]}/${owner.id}/${documentId}`;
}

export interface UploadRequestInput {
  tenant: string;
  owner: DocumentOwner;
  kind: string;
  contentType: string;
  size: number;
  sha256: string;
}

const megabytes = (bytes: number) => `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;
const TYPE_LABEL: Record<DocumentContentType, string> = { 'application/pdf': 'PDF', 'image/jpeg': 'JPEG', 'image/png': 'PNG' };

/** Every rule the request breaks, as field problems in both languages (empty: the request may be presigned). */
export function checkUploadRequest(r: UploadRequestInput): FieldProblem[] {
  const found: FieldProblem[] = [];
  const problem = (path: string, code: string, zh: string, en: string) => found.push({ path, code, message: { zh, en } });

  if (!TENANT.test(r.tenant)) problem('path.tenant', 'document.tenant-invalid', '租户编码须为 6 位行政区划代码', 'The tenant must be a 6-digit division code');
  if (!(r.owner.kind in OWNER_FOLDER) || !SEGMENT.test(r.owner.id)) {
    problem('path.id', 'document.owner-invalid', '材料所属的申请编号无效', 'The id of the application the document belongs to is invalid');
  }

  const rule: DocumentKindRule | undefined = (DOCUMENT_KIND_NAMES as readonly string[]).includes(r.kind) ? DOCUMENT_KINDS[r.kind as DocumentKind] : undefined;
  if (!rule) {
    problem('body.kind', 'document.kind-unknown', `未知的材料类型“${r.kind}”，可选：${DOCUMENT_KIND_NAMES.join('、')}`, `Unknown document kind '${r.kind}'; one of ${DOCUMENT_KIND_NAMES.join(', ')}`);
  }
  const accepted = rule?.contentTypes ?? DOCUMENT_CONTENT_TYPES;
  if (!(accepted as readonly string[]).includes(r.contentType)) {
    const labels = accepted.map((t) => TYPE_LABEL[t]);
    problem('body.contentType', 'document.type-not-allowed',
      `${rule?.name.zh ?? '材料'}只接受 ${labels.join('、')} 格式（收到 ${r.contentType || '空'}）`,
      `${rule?.name.en ?? 'A document'} must be ${labels.join(', ')} (${accepted.join(', ')}); got '${r.contentType}'`);
  }
  if (!Number.isSafeInteger(r.size) || r.size < 1) {
    problem('body.size', 'document.size-invalid', '文件大小须为正整数字节数，空文件不能上传', 'The size must be a positive whole number of bytes; empty files cannot be uploaded');
  } else if (rule && r.size > rule.maxBytes) {
    problem('body.size', 'document.too-large',
      `${rule.name.zh}不得超过 ${megabytes(rule.maxBytes)}（${rule.maxBytes} 字节），申报大小为 ${r.size} 字节`,
      `${rule.name.en} may not exceed ${megabytes(rule.maxBytes)} (${rule.maxBytes} bytes); declared ${r.size} bytes`);
  }
  if (!SHA256_HEX.test(r.sha256)) problem('body.sha256', 'document.sha256-invalid', 'SHA-256 须为 64 位十六进制字符串', 'The SHA-256 must be 64 hexadecimal digits');
  return found;
}
