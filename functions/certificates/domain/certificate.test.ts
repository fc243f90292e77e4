import { isValidUscc } from '#shared/codes/uscc.ts';
import { CertificateFieldsError, type CertificateFields, canonicalPayload, certificateFieldProblems, formatCertificateNo, parseCertificateNo } from './certificate.ts';
import { certificateFields } from './test-fixtures.ts';

// The fixture derives its verification page from the number: a test that changes the number keeps them in step.
const problems = (overrides: Record<string, unknown>) => certificateFieldProblems(certificateFields(overrides as Partial<CertificateFields>));

describe('certificate number', () => {
  it('formats and parses ZXQR-<tenant>-<year>-<sequence>', () => {
    expect(formatCertificateNo({ tenant: '445203', year: 2026, sequence: 123 })).toBe('ZXQR-445203-2026-000123');
    expect(parseCertificateNo('ZXQR-445203-2026-000123')).toEqual({ tenant: '445203', year: 2026, sequence: 123 });
    expect(parseCertificateNo('ZXQR-445203-2026-000000')).toBeNull();
    expect(parseCertificateNo('ZXQR-44520-2026-000001')).toBeNull();
    expect(() => formatCertificateNo({ tenant: '445203', year: 2026, sequence: 1_000_000 })).toThrow(RangeError);
  });
});

describe('CertificateFields', () => {
  it('accepts the fixture (a real-shaped USCC)', () => {
    expect(isValidUscc(certificateFields().agency.uscc)).toBe(true);
    expect(certificateFieldProblems(certificateFields())).toEqual([]);
  });

  it('accepts a price method with its price and no draw, and direct without price or draw', () => {
    expect(problems({ method: 'lowest-price', priceFen: 1_250_000, draw: undefined })).toEqual([]);
    expect(problems({ method: 'direct', draw: undefined })).toEqual([]);
  });

  it.each([
    ['an unknown member', { extra: 1 }, '(fields)'],
    ['a number of another tenant', { certificateNo: 'ZXQR-445202-2026-000123' }, 'certificateNo'],
    ['a number of another year', { certificateNo: 'ZXQR-445203-2025-000123' }, 'certificateNo'],
    ['sequence 000000', { certificateNo: 'ZXQR-445203-2026-000000' }, 'certificateNo'],
    ['an upper-case PDF hash', { pdfSha256: 'E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855' }, 'pdfSha256'],
    ['a UTC instant', { issuedAt: '2026-03-09T01:30:05.000Z' }, 'issuedAt'],
    ['an impossible date', { awardedAt: '2026-02-30T10:00:00+08:00' }, 'awardedAt'],
    ['confirmation before award', { confirmedAt: '2026-03-01T10:00:00.000+08:00' }, 'confirmedAt'],
    ['a price method without price', { method: 'average-price', draw: undefined }, 'priceFen'],
    ['random without draw', { draw: undefined }, 'draw'],
    ['direct with a draw', { method: 'direct' }, 'draw'],
    ['a fractional price', { method: 'lowest-price', priceFen: 10.5 }, 'priceFen'],
    ['an invalid USCC', { agency: { uscc: '91445200MA4W3K2L9Q', name: 'x' } }, 'agency.uscc'],
    ['an unknown method', { method: 'lottery' }, 'method'],
    ['a verification page of another certificate', { verificationUrl: 'https://api.example.cn/v1/certificates/ZXQR-445203-2026-000124/verification' }, 'verificationUrl'],
    ['a verification page with a query', { verificationUrl: 'https://api.example.cn/v1/certificates/ZXQR-445203-2026-000123/verification?x=1' }, 'verificationUrl'],
    ['a verification page that is not http(s)', { verificationUrl: 'javascript:alert(1)//v1/certificates/ZXQR-445203-2026-000123/verification' }, 'verificationUrl'],
  ])('refuses %s', (_name, overrides, path) => {
    const found = problems(overrides);
    expect(found.some((p) => p.startsWith(`${path}:`))).toBe(true);
  });

  it('takes the year from Beijing time: 2026-12-31T16:30Z is 2027 in Beijing', () => {
    const at = '2027-01-01T00:30:00.000+08:00';
    expect(problems({ confirmedAt: at, issuedAt: at, certificateNo: 'ZXQR-445203-2027-000001' })).toEqual([]);
    expect(problems({ confirmedAt: at, issuedAt: at, certificateNo: 'ZXQR-445203-2026-000001' })).toEqual([
      'certificateNo: names year 2026, issued in 2027',
    ]);
  });
});

describe('canonicalPayload', () => {
  it('is canonical JSON: sorted keys at every level, no whitespace, absent optionals omitted', () => {
    const payload = canonicalPayload(certificateFields());
    expect(payload.startsWith('{"agency":{"name":"揭阳市某环境咨询有限公司","uscc":"91445200MA4W3K2L9P"},"awardedAt":')).toBe(true);
    expect(payload).not.toMatch(/\s/);
    expect(payload).not.toContain('priceFen');
    expect(JSON.parse(payload)).toEqual(certificateFields());
  });

  it('does not depend on the order the fields were written in', () => {
    const fields = certificateFields();
    const reversed = Object.fromEntries(Object.entries(fields).reverse()) as typeof fields;
    expect(canonicalPayload(reversed)).toBe(canonicalPayload(fields));
  });

  it('refuses invalid fields with every problem', () => {
    expect(() => canonicalPayload({ ...certificateFields(), tenant: '445202' })).toThrow(CertificateFieldsError);
    let thrown: unknown;
    try {
      canonicalPayload({ ...certificateFields(), pdfSha256: 'x', draw: undefined });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(CertificateFieldsError);
    expect((thrown as CertificateFieldsError).issues.map((i) => i.split(':')[0]).sort()).toEqual(['draw', 'pdfSha256']);
  });
});
