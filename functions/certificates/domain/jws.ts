import { createHash } from 'node:crypto';
import { compactVerify, importJWK, type JWK } from 'jose';
import { canonicalJson } from '#shared/audit/canonical-json.ts';
import { CertificateFields, canonicalPayload, certificateFieldProblems } from './certificate.ts';
import { SignatureEncodingError, ecP256PublicJwk, type CertificateSigner } from './signer-port.ts';

/**
 * The selection certificate as a compact JWS (RFC 7515), DESIGN §5:
 *
 *   base64url(header) '.' base64url(payload) '.' base64url(signature)
 *
 * header    canonical JSON `{"alg":"ES256","kid":<kid>,"typ":"ism-certificate+jws"}` — exactly these members
 * payload   canonicalPayload(fields): the certificate's fields, including `pdfSha256`, in canonical JSON
 * signature ECDSA P-256 / SHA-256 over the ASCII signing input `header '.' payload`, IEEE P1363 r||s (64 bytes)
 *
 * The JWS is assembled here, not by jose's CompactSign, so that the signature can come from anywhere the
 * CertificateSigner port reaches (AWS KMS signs the signing input; it never holds the certificate). Verification
 * uses jose's compactVerify with the key of the header's `kid` from the published key set, after our own
 * checks of the header (alg ES256 only — `none`, HS256 and the rest are refused before any key is looked at;
 * typ; no other members) and of the encoding (canonical base64url, so that no character of the JWS can change
 * without the verification failing).
 */
export const CERTIFICATE_JWS_TYP = 'ism-certificate+jws';
export const CERTIFICATE_JWS_ALG = 'ES256';

export type CertificateStatus = 'valid' | 'voided';
export type VerificationResult = 'valid' | 'voided' | 'invalid' | 'unknown-key';

export interface CertificateVerification {
  result: VerificationResult;
  /** The signed fields, present once the signature has verified (even when the PDF then does not match). */
  fields?: CertificateFields;
  /** The header's key id, when the header could be read. */
  kid?: string;
  /** Why the result is not `valid` (empty when it is). */
  reasons: string[];
}

export interface VerifyOptions {
  /** The PDF bytes covered by the certificate's `pdfSha256`; when given, their SHA-256 must match. */
  pdfBytes?: Uint8Array;
  /** The certificate's status in the register (the API knows it; a standalone check from the PDF does not). */
  status?: CertificateStatus;
}

export interface JsonWebKeySet {
  keys: JWK[];
}

const b64url = (bytes: Uint8Array | string): string => Buffer.from(typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes).toString('base64url');

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** The length of the JWS these fields make with a signer whose kid is `kidLength` long (signatures are always 64 bytes). */
export function certificateJwsLength(fields: CertificateFields, kidLength = 43): number {
  const header = canonicalJson({ alg: CERTIFICATE_JWS_ALG, kid: 'k'.repeat(kidLength), typ: CERTIFICATE_JWS_TYP });
  return `${b64url(header)}.${b64url(canonicalPayload(fields))}.${b64url(new Uint8Array(64))}`.length;
}

/** Signs the certificate's fields; throws CertificateFieldsError when they are not a valid certificate. */
export async function signCertificate(fields: CertificateFields, signer: CertificateSigner): Promise<string> {
  if (signer.alg !== CERTIFICATE_JWS_ALG) throw new TypeError(`signer algorithm ${String(signer.alg)}: only ES256`);
  if (typeof signer.kid !== 'string' || signer.kid.length === 0) throw new TypeError('signer has no kid');
  const header = canonicalJson({ alg: CERTIFICATE_JWS_ALG, kid: signer.kid, typ: CERTIFICATE_JWS_TYP });
  const signingInput = `${b64url(header)}.${b64url(canonicalPayload(fields))}`;
  const signature = await signer.sign(Buffer.from(signingInput, 'ascii'));
  if (signature.length !== 64) {
    throw new SignatureEncodingError(`the signer returned ${signature.length} bytes; ES256 wants 64 (IEEE P1363 r||s) — convert DER with derToP1363`);
  }
  return `${signingInput}.${b64url(signature)}`;
}

interface Decoded {
  header: Record<string, unknown>;
  payloadText: string;
}

/** Splits and decodes, refusing anything but three canonical base64url segments and a JSON object header. */
function decode(jws: unknown): { decoded?: Decoded; reason?: string } {
  if (typeof jws !== 'string') return { reason: 'the JWS is not a string' };
  const parts = jws.split('.');
  if (parts.length !== 3) return { reason: 'a compact JWS has three dot-separated parts' };
  for (const [i, part] of parts.entries()) {
    const name = ['header', 'payload', 'signature'][i];
    if (part.length === 0 || !/^[A-Za-z0-9_-]+$/.test(part)) return { reason: `${name}: not base64url` };
    if (Buffer.from(part, 'base64url').toString('base64url') !== part) return { reason: `${name}: non-canonical base64url` };
  }
  const text = (part: string): string | undefined => {
    const bytes = Buffer.from(part, 'base64url');
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    } catch {
      return undefined;
    }
  };
  const headerText = text(parts[0]);
  const payloadText = text(parts[1]);
  if (headerText === undefined) return { reason: 'header: not UTF-8' };
  if (payloadText === undefined) return { reason: 'payload: not UTF-8' };
  let header: unknown;
  try {
    header = JSON.parse(headerText);
  } catch {
    return { reason: 'header: not JSON' };
  }
  if (header === null || typeof header !== 'object' || Array.isArray(header)) return { reason: 'header: not a JSON object' };
  return { decoded: { header: header as Record<string, unknown>, payloadText } };
}

function headerProblems(header: Record<string, unknown>): string[] {
  const problems: string[] = [];
  if (header.alg !== CERTIFICATE_JWS_ALG) problems.push(`header: alg must be ES256, not ${JSON.stringify(header.alg)}`);
  if (header.typ !== CERTIFICATE_JWS_TYP) problems.push(`header: typ must be ${CERTIFICATE_JWS_TYP}, not ${JSON.stringify(header.typ)}`);
  if (typeof header.kid !== 'string' || header.kid.length === 0) problems.push('header: kid missing');
  const extra = Object.keys(header).filter((k) => !['alg', 'kid', 'typ'].includes(k));
  if (extra.length > 0) problems.push(`header: members not allowed: ${extra.join(', ')}`);
  return problems;
}

/**
 * Verifies a certificate JWS against the published key set. `invalid` for any defect (encoding, header,
 * signature, fields, PDF hash); `unknown-key` when no key of the set has the header's kid; `voided` when
 * everything verifies but the register says the certificate was voided; otherwise `valid`.
 */
export async function verifyCertificateJws(jws: string, jwks: JsonWebKeySet, options: VerifyOptions = {}): Promise<CertificateVerification> {
  const { decoded, reason } = decode(jws);
  if (!decoded) return { result: 'invalid', reasons: [reason ?? 'malformed JWS'] };
  const { header, payloadText } = decoded;
  const kid = typeof header.kid === 'string' ? header.kid : undefined;

  const problems = headerProblems(header);
  if (problems.length > 0) return { result: 'invalid', kid, reasons: problems };

  const candidates = (Array.isArray(jwks?.keys) ? jwks.keys : []).filter((k) => k && k.kid === kid);
  if (candidates.length === 0) return { result: 'unknown-key', kid, reasons: [`no key with kid ${kid} in the key set`] };
  if (candidates.length > 1) return { result: 'invalid', kid, reasons: [`the key set has ${candidates.length} keys with kid ${kid}`] };
  const jwk = candidates[0];
  if ((jwk.alg !== undefined && jwk.alg !== CERTIFICATE_JWS_ALG) || (jwk.use !== undefined && jwk.use !== 'sig')) {
    return { result: 'invalid', kid, reasons: [`key ${kid} is not an ES256 signing key`] };
  }

  try {
    const key = await importJWK(ecP256PublicJwk(jwk), CERTIFICATE_JWS_ALG);
    await compactVerify(jws, key, { algorithms: [CERTIFICATE_JWS_ALG] });
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return { result: 'invalid', kid, reasons: [`signature does not verify with key ${kid} (${detail})`] };
  }

  let payload: unknown;
  try {
    payload = JSON.parse(payloadText);
  } catch {
    return { result: 'invalid', kid, reasons: ['payload: not JSON'] };
  }
  const parsed = CertificateFields.safeParse(payload);
  if (!parsed.success) return { result: 'invalid', kid, reasons: certificateFieldProblems(payload).map((p) => `payload: ${p}`) };
  const fields = parsed.data;
  if (canonicalJson(fields) !== payloadText) return { result: 'invalid', kid, fields, reasons: ['payload: not in canonical form'] };

  if (options.pdfBytes !== undefined) {
    const actual = sha256Hex(options.pdfBytes);
    if (actual !== fields.pdfSha256) {
      return { result: 'invalid', kid, fields, reasons: [`PDF: SHA-256 is ${actual}, the certificate says ${fields.pdfSha256}`] };
    }
  }
  if (options.status === 'voided') return { result: 'voided', kid, fields, reasons: [`certificate ${fields.certificateNo} has been voided`] };
  return { result: 'valid', kid, fields, reasons: [] };
}
