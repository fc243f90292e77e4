import * as z from 'zod';
import type { RouteSpec } from '#shared/http/route-spec.ts';
import { CertificateFields } from './domain/certificate.ts';

/** `ZXQR-<tenant>-<year>-<sequence>`; on the certificate's own route also `….pdf`, the signed PDF. */
const CERTIFICATE_NO = /^ZXQR-\d{6}-\d{4}-\d{6}$/;
const CERTIFICATE_NO_OR_PDF = /^ZXQR-\d{6}-\d{4}-\d{6}(\.pdf)?$/;

export const VERIFICATION_RESULTS = ['valid', 'voided', 'unknown', 'invalid'] as const;

const Voided = z.object({ at: z.string(), reason: z.string() });

export const CertificateView = z.object({
  certificateNo: z.string(),
  status: z.enum(['valid', 'voided']),
  fields: CertificateFields,
  /** Compact JWS (ES256) over the fields; `kid` names its key in /.well-known/jwks.json. */
  jws: z.string(),
  kid: z.string(),
  pdfSha256: z.string(),
  issuedAt: z.string(),
  voided: Voided.optional(),
  links: z.object({ self: z.string(), pdf: z.string(), verification: z.string(), jwks: z.string() }),
});

export const VerificationView = z.object({
  certificateNo: z.string(),
  result: z.enum(VERIFICATION_RESULTS),
  /** Why the result is not `valid` (empty when it is). */
  reasons: z.array(z.string()),
  message: z.object({ zh: z.string(), en: z.string() }),
  /** What was checked: the JWS given in `?jws=`, or the PDF kept in the register. */
  checked: z.enum(['jws', 'pdf', 'register']),
  fields: CertificateFields.optional(),
  kid: z.string().optional(),
  voided: Voided.optional(),
});

export const PublishedJwksView = z.object({
  keys: z.array(z.object({ kty: z.literal('EC'), crv: z.literal('P-256'), x: z.string(), y: z.string(), kid: z.string(), alg: z.literal('ES256'), use: z.literal('sig') })),
});

const tags = ['certificates (中选确认书)'];

export const certificateRoutes = [
  {
    operationId: 'getCertificate', method: 'GET', path: '/v1/certificates/{no}', auth: 'public', tags,
    summary: 'A selection certificate: its signed fields, JWS, status and links. `/v1/certificates/{no}.pdf` answers the signed PDF itself '
      + '(application/pdf) — an API Gateway path variable takes a whole segment, so both are this route',
    params: z.object({ no: z.string().regex(CERTIFICATE_NO_OR_PDF, { message: 'ZXQR-<tenant>-<year>-<sequence>[.pdf]' }) }).strict(),
    response: CertificateView,
  },
  {
    operationId: 'verifyCertificate', method: 'GET', path: '/v1/certificates/{no}/verification', auth: 'public', tags,
    summary: 'Verifies a certificate: valid, voided, unknown or invalid. With `?jws=` (the QR code\'s link) that JWS; without, the PDF in the register. '
      + 'A browser (Accept: text/html) gets the same answer as a page',
    params: z.object({ no: z.string().regex(CERTIFICATE_NO, { message: 'ZXQR-<tenant>-<year>-<sequence>' }) }).strict(),
    query: z.object({ jws: z.string().max(8192).optional() }),
    response: VerificationView,
  },
  {
    operationId: 'getCertificateKeys', method: 'GET', path: '/.well-known/jwks.json', auth: 'public', tags,
    summary: 'The public keys (JWK Set) that verify this city\'s certificates: the current signing key and any retired key certificates still name',
    response: PublishedJwksView,
  },
] as const satisfies readonly RouteSpec[];
