/**
 * What a public page must never show (seed 001 §二(二): 个人隐私 and 商业秘密 are the exceptions to 公开): a resident
 * ID number (18 characters that pass the GB 11643 check), a mobile phone number (a private person's: 1[3-9] and 9
 * digits), a link to a document that is not public (a presigned S3 URL, an X-Amz signature, a document key under a
 * tenant's agency-applications/ or credit-records/ prefix), and any secret the caller names (a sealed quote before close,
 * its salt, a draw seed before the award). Numbers inside longer codes (hashes, 统一社会信用代码, project ids) are not
 * matches: a candidate must not touch another letter or digit.
 */
import { isValidIdNumber } from '#shared/codes/resident-id-number.ts';

export interface PrivacyFinding {
  kind: 'id-number' | 'mobile' | 'private-document' | 'secret';
  value: string;
}

const ALONE = (body: string) => new RegExp(`(?<![0-9A-Za-z])${body}(?![0-9A-Za-z])`, 'g');
const ID_CANDIDATE = ALONE('\\d{17}[0-9Xx]');
const MOBILE = ALONE('1[3-9]\\d{9}');
const DOCUMENT_LINKS = [
  /X-Amz-(?:Signature|Credential|Security-Token)/gi,
  /AWSAccessKeyId=/g,
  // A document key (shared/documents/upload-request.ts): tenant/folder/owner/document — not a portal path (/tenants/445202/projects/…).
  /(?<!tenants\/)\b\d{6}\/(?:agency-applications|credit-records|projects)\/[A-Za-z0-9_-]+\/[A-Za-z0-9_-]+/g,
  /https?:\/\/[^\s"'<>]*(?:amazonaws\.com|\/ism-[a-z0-9-]*documents)[^\s"'<>]*/gi,
];

/** The page's text with tags removed and the common entities decoded, so `13800&#49;38000` cannot hide a number. */
function visibleAndMarkup(page: string): string[] {
  const decoded = page.replace(/&#(\d+);/g, (_m, d: string) => String.fromCharCode(Number(d))).replace(/&#x([0-9a-f]+);/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16)))
    .replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"');
  return [decoded, decoded.replace(/<[^>]*>/g, ' ')];
}

export function findPrivateData(page: string, secrets: readonly string[] = []): PrivacyFinding[] {
  const found = new Map<string, PrivacyFinding>();
  const add = (f: PrivacyFinding) => found.set(`${f.kind}:${f.value}`, f);
  for (const text of visibleAndMarkup(page)) {
    for (const m of text.matchAll(ID_CANDIDATE)) if (isValidIdNumber(m[0].toUpperCase())) add({ kind: 'id-number', value: m[0] });
    for (const m of text.matchAll(MOBILE)) add({ kind: 'mobile', value: m[0] });
    for (const pattern of DOCUMENT_LINKS) for (const m of text.matchAll(pattern)) add({ kind: 'private-document', value: m[0] });
    for (const secret of secrets) if (secret && text.includes(secret)) add({ kind: 'secret', value: secret });
  }
  return [...found.values()];
}
