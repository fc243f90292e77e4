/**
 * Certificates API (中选确认书), public: anyone may read and verify a certificate (在阳光下运行). Trigger: API
 * Gateway routes of ./routes.ts. Reads only — certificates are issued by the procurement timeline through
 * ./issue.ts — so every answer is idempotent and none changes anything.
 *  - GET /v1/certificates/{no}: the signed fields, JWS, status and links; `{no}.pdf`: the signed PDF (bytes as
 *    stored, base64 through API Gateway payload 2.0);
 *  - GET /v1/certificates/{no}/verification[?jws=]: valid / voided / unknown / invalid (./verification.ts), as
 *    JSON or, for a browser that scanned the QR code, as a page;
 *  - GET /.well-known/jwks.json: the public keys (from KMS GetPublicKey).
 */
import { httpHandler } from '#shared/http/http-handler.ts';
import { problems } from '#shared/http/problems.ts';
import { certificateStore } from './adapters/certificate-store.ts';
import { getCertificatePdf } from './adapters/certificate-pdfs.ts';
import { publishedKeys } from './adapters/certificate-signer.ts';
import { verificationPath } from './domain/certificate.ts';
import { certificateRoutes } from './routes.ts';
import { publicVoided, tenantOfCertificate, verifyRegistered } from './verification.ts';
import { verificationPage } from './verification-page.ts';

const notFound = (no: string) => problems.notFound({ zh: `中选确认书 ${no}`, en: `Certificate ${no}` });
const wantsHtml = (accept: string | undefined) => /\btext\/html\b/.test(accept ?? '') && !/\bapplication\/json\b/.test(accept ?? '');

export const handler = httpHandler(certificateRoutes, {
  async getCertificate({ params }) {
    const pdf = params.no.endsWith('.pdf');
    const no = pdf ? params.no.slice(0, -'.pdf'.length) : params.no;
    const record = await certificateStore.get(tenantOfCertificate(no)!, no);
    if (!record) throw notFound(no);
    if (pdf) {
      const bytes = await getCertificatePdf(record.pdfKey, record.pdfVersionId);
      if (!bytes) throw notFound(`${no}.pdf`);
      // The bytes never change (Object Lock); only the status does, and the verification route tells it.
      return { binary: { contentType: 'application/pdf', data: bytes }, headers: { 'content-disposition': `inline; filename="${no}.pdf"`, 'cache-control': 'public, max-age=86400, immutable' } };
    }
    return {
      body: {
        certificateNo: no, status: record.status, fields: record.fields, jws: record.jws, kid: record.kid, pdfSha256: record.pdfSha256, issuedAt: record.issuedAt,
        ...(record.voided ? { voided: publicVoided(record) } : {}),
        links: { self: `/v1/certificates/${no}`, pdf: `/v1/certificates/${no}.pdf`, verification: verificationPath(no), jwks: '/.well-known/jwks.json' },
      },
    };
  },

  async verifyCertificate({ params, query, headers }) {
    const verification = await verifyRegistered(params.no, query.jws);
    if (wantsHtml(headers.accept)) return { binary: { contentType: 'text/html; charset=utf-8', data: Buffer.from(verificationPage(verification)) }, headers: { 'cache-control': 'no-store' } };
    return { body: verification, headers: { 'cache-control': 'no-store' } };
  },

  async getCertificateKeys() {
    return { body: await publishedKeys(), headers: { 'cache-control': 'public, max-age=3600' } };
  },
});
