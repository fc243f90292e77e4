import { verificationPath, type CertificateFields } from './certificate.ts';

/** A certificate as the random method issues it in 揭东区 (445203), city stack 揭阳市 (445200). */
export function certificateFields(overrides: Partial<CertificateFields> = {}): CertificateFields {
  const certificateNo = overrides.certificateNo ?? 'ZXQR-445203-2026-000123';
  return {
    certificateNo,
    project: { id: 'P-445203-2026-0042', name: '揭东区某道路改造工程环境影响评价' },
    tenant: '445203',
    owner: { id: 'OWN-0007', name: '揭阳市揭东区交通运输局' },
    agency: { uscc: '91445200MA4W3K2L9P', name: '揭阳市某环境咨询有限公司' },
    serviceItem: { code: 'HJ-EIA-01', name: '建设项目环境影响评价' },
    method: 'random',
    draw: { commitment: 'a'.repeat(64), poolHash: '0123456789abcdef'.repeat(4) },
    awardedAt: '2026-03-02T10:00:00.000+08:00',
    confirmedAt: '2026-03-09T09:30:00.000+08:00',
    issuedAt: '2026-03-09T09:30:05.000+08:00',
    pdfSha256: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    issuer: { province: '440000', city: '445200' },
    verificationUrl: `https://api.445200.example.gov.cn${verificationPath(certificateNo)}`,
    ...overrides,
  };
}
