/**
 * The documents an agency uploads with its admission application (入驻申请材料), what each may be and
 * how large, and whether it may ever be shown to the public. DESIGN §5: uploads go straight to S3
 * through presigned, size- and type-limited requests; issue 3: nothing unreviewed is public, and ID
 * numbers and social-security files never are.
 */
import * as z from 'zod';

/** The only formats accepted: what scanners, phones and the 社保 / 电子证照 systems produce, and what a reviewer's browser shows without plugins. */
export const DOCUMENT_CONTENT_TYPES = ['application/pdf', 'image/jpeg', 'image/png'] as const;
export const DocumentContentType = z.enum(DOCUMENT_CONTENT_TYPES);
export type DocumentContentType = z.infer<typeof DocumentContentType>;

export const DOCUMENT_KIND_NAMES = ['qualification-scan', 'practising-certificate', 'social-security-proof', 'commitment-letter', 'id-card-copy', 'other', 'contract'] as const;
export const DocumentKind = z.enum(DOCUMENT_KIND_NAMES);
/** What an agency's application may carry: every kind but a project's contract. */
export const APPLICATION_DOCUMENT_KIND_NAMES = DOCUMENT_KIND_NAMES.filter((k) => k !== 'contract') as Exclude<(typeof DOCUMENT_KIND_NAMES)[number], 'contract'>[];
export const ApplicationDocumentKind = z.enum(APPLICATION_DOCUMENT_KIND_NAMES as [Exclude<(typeof DOCUMENT_KIND_NAMES)[number], 'contract'>, ...Exclude<(typeof DOCUMENT_KIND_NAMES)[number], 'contract'>[]]);
export type DocumentKind = z.infer<typeof DocumentKind>;

export interface DocumentKindRule {
  kind: DocumentKind;
  name: { zh: string; en: string };
  contentTypes: readonly DocumentContentType[];
  /** Largest object accepted, in bytes: the presigned POST's `content-length-range` and the verification's limit. */
  maxBytes: number;
  /**
   * May appear on the public agency page once the application is admitted (the field-by-field choice of
   * what is public is the directory's; this is the upper bound). Never before review, whatever this says.
   */
  public: boolean;
}

const MB = 1024 * 1024;
const ALL_TYPES = DOCUMENT_CONTENT_TYPES;

// Size limits. Uploads bypass Lambda (6 MB payload limit) and API Gateway (10 MB), so the limits are
// chosen for the reviewer, not the plumbing: what a reviewer opens in a browser on a government
// network, and what is enough for an honest document.
//  - 10 MB for multi-page scans: a certificate with its 副本 and annexes, or three months of
//    contribution lists for every practitioner, is 5–20 pages; a 300 dpi greyscale PDF page is
//    0.2–0.6 MB, a colour one up to 1 MB.
//  - 5 MB for one- or two-page documents: a 12-megapixel phone photo of a page is 3–5 MB as JPEG, so
//    one photo fits and a photo album does not.
export const DOCUMENT_KINDS: Readonly<Record<DocumentKind, DocumentKindRule>> = {
  // 资质证书扫描件: public once admitted — the directory shows an agency's qualifications (seed 000 四(三)).
  'qualification-scan': { kind: 'qualification-scan', name: { zh: '资质证书扫描件', en: 'Qualification certificate scan' }, contentTypes: ALL_TYPES, maxBytes: 10 * MB, public: true },
  // 执业资格证书: names a person and often the ID number printed on it — never public.
  'practising-certificate': { kind: 'practising-certificate', name: { zh: '执业（职业）资格证书', en: 'Practising certificate' }, contentTypes: ALL_TYPES, maxBytes: 5 * MB, public: false },
  // 社保缴纳证明 (last 3 months, anti shell company, seed 002): personal data — never public.
  'social-security-proof': { kind: 'social-security-proof', name: { zh: '社会保险缴纳证明', en: 'Social-security contribution proof' }, contentTypes: ALL_TYPES, maxBytes: 10 * MB, public: false },
  // 信用承诺书: published commitments are how 信用承诺 works (the public can hold the agency to it).
  'commitment-letter': { kind: 'commitment-letter', name: { zh: '承诺书', en: 'Commitment letter' }, contentTypes: ALL_TYPES, maxBytes: 5 * MB, public: true },
  // 身份证复印件: an ID number — never public.
  'id-card-copy': { kind: 'id-card-copy', name: { zh: '身份证复印件', en: 'ID card copy' }, contentTypes: ALL_TYPES, maxBytes: 5 * MB, public: false },
  // 其他材料: unknown content, so assume it is personal until a reviewer says otherwise.
  other: { kind: 'other', name: { zh: '其他材料', en: 'Other document' }, contentTypes: ALL_TYPES, maxBytes: 5 * MB, public: false },
  // 合同: a project's signed contract, PDF only; its public fields (amount, date) are shown, the file is not.
  contract: { kind: 'contract', name: { zh: '中介服务合同', en: 'Service contract' }, contentTypes: ['application/pdf'], maxBytes: 20 * MB, public: false },
};

/** The largest limit of any kind: what verification accepts when the caller does not name a kind. */
export const MAX_DOCUMENT_BYTES = Math.max(...Object.values(DOCUMENT_KINDS).map((k) => k.maxBytes));

/** File signatures ("magic numbers") of the accepted types: the bytes an object must start with. */
const SIGNATURES: readonly [DocumentContentType, readonly number[]][] = [
  ['application/pdf', [0x25, 0x50, 0x44, 0x46, 0x2d]], // %PDF-
  ['image/jpeg', [0xff, 0xd8, 0xff]],
  ['image/png', [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]],
];

/** How many leading bytes `sniffContentType` needs. */
export const SNIFF_BYTES = Math.max(...SIGNATURES.map(([, s]) => s.length));

/** The accepted type the bytes really are, by their signature; `undefined` for anything else. */
export function sniffContentType(head: Uint8Array): DocumentContentType | undefined {
  return SIGNATURES.find(([, signature]) => signature.every((byte, i) => head[i] === byte))?.[0];
}
