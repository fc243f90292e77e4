/**
 * Strategy: serialise the public profile of a full application (every private field filled) and search the text
 * for every private value — ID numbers (full, masked, or the birth date inside them), document ids, social-security
 * months and proofs, the contact person; then check the public fields are there and the shape is exactly the
 * schema's. A property repeats the search over generated practitioners and documents.
 */
import fc from 'fast-check';
import { computeIdNumberCheckChar, maskIdNumber } from '#shared/codes/resident-id-number.ts';
import { clearAgency } from './agency.ts';
import { PublicAgencyProfile, publicProfile } from './public-profile.ts';
import { DOCUMENTS, ID_ASSESSOR, ID_ENGINEER, ID_LEGAL, admittedAgency, contentInput } from './test-fixtures.ts';

function privateValues(): string[] {
  const c = contentInput();
  const ids = [ID_LEGAL, ID_ENGINEER, ID_ASSESSOR];
  return [
    ...ids,
    ...ids.map(maskIdNumber),
    ...ids.map((id) => id.slice(6, 14)), // birth dates
    ...DOCUMENTS,
    ...c.practitioners!.flatMap((p) => p.socialSecurity?.months ?? []),
    c.contact.name,
    c.contact.phone,
    c.contact.email!,
  ];
}

describe('the public profile', () => {
  const agency = admittedAgency();
  const text = JSON.stringify(publicProfile(agency));

  it('contains no ID number, no document id, no social-security data, no contact person', () => {
    for (const value of privateValues()) expect(text).not.toContain(value);
    for (const key of ['idNumber', 'idNumberMasked', 'documentId', 'certificateDocumentId', 'commitmentLetterDocumentId', 'socialSecurity', 'months', 'contact', 'applicationId', 'review']) {
      expect(text).not.toContain(`"${key}"`);
    }
  });

  it('shows what the public may see', () => {
    expect(publicProfile(agency)).toEqual({
      uscc: '91445200MA4W3K2L9P',
      name: '揭阳市青蓝环境科技有限公司',
      legalRepresentative: '陈立新',
      address: '广东省揭阳市榕城区临江北路 88 号',
      officePhone: '0663-8123456',
      status: 'active',
      province: '440000',
      admittedAt: '2026-03-16T10:00:05.000+08:00',
      serviceItems: [
        { tenant: '445200', code: 'ZJ-445200-0001', status: 'active' },
        { tenant: '445200', code: 'ZJ-445200-0002', status: 'active' },
      ],
      qualifications: [
        { type: '环境影响评价', number: '粤环评乙字第 0123 号', grade: '甲级', issuer: '广东省生态环境厅', validFrom: '2024-01-01', validTo: '2026-12-31' },
        { type: '工程勘察', number: 'B244012345', grade: '乙级', issuer: '广东省住房和城乡建设厅', validFrom: '2023-06-01', validTo: '2026-04-10' },
      ],
      practitioners: [
        { name: '黄志强', certificate: { type: '环境影响评价工程师', number: 'HP00012345' } },
        { name: '郑雅文', certificate: { type: '注册土木工程师（岩土）', number: 'AY44000123' } },
      ],
      branches: [{ name: '揭阳市青蓝环境科技有限公司汕头分公司', address: '汕头市龙湖区长平路 1 号', regions: ['440507'] }],
      practiceRegions: ['445200'],
      version: 1,
    });
  });

  it('is exactly the schema (strict: no field slips in)', () => {
    expect(PublicAgencyProfile.safeParse(publicProfile(agency)).success).toBe(true);
  });

  it('a cleared agency shows why', () => {
    const cleared = clearAgency(agency, '严重失信，列入黑名单', { kind: 'credit', recordId: 'cr-1' }, '2026-05-01T09:00:00+08:00');
    expect(publicProfile(cleared)).toMatchObject({ status: 'cleared', clearedReason: '严重失信，列入黑名单' });
    expect(JSON.stringify(publicProfile(cleared))).not.toContain('cr-1');
  });

  it('property: whatever the practitioners and documents, none of their private data is published', () => {
    const idNumber = fc
      .tuple(fc.integer({ min: 440100, max: 445399 }), fc.integer({ min: 0, max: 20000 }), fc.integer({ min: 0, max: 999 }))
      .map(([area, day, seq]) => {
        const birth = new Date(Date.UTC(1960, 0, 1 + day)).toISOString().slice(0, 10).replaceAll('-', '');
        const first17 = `${area}${birth}${String(seq).padStart(3, '0')}`;
        return first17 + computeIdNumberCheckChar(first17);
      });
    const docId = fc.stringMatching(/^doc-[a-z0-9]{12}$/);
    const practitioner = fc.tuple(idNumber, docId, docId).map(([id, cert, ss]) => ({
      id: 'p',
      name: '从业人员',
      idNumber: id,
      certificate: { type: '环境影响评价工程师', number: `HP${id.slice(-8)}` },
      certificateDocumentId: cert,
      socialSecurity: { months: ['2025-12', '2026-01', '2026-02'], documentId: ss },
    }));
    fc.assert(
      fc.property(fc.uniqueArray(practitioner, { minLength: 1, maxLength: 5, selector: (p) => p.idNumber }), (practitioners) => {
        const withIds = practitioners.map((p, i) => ({ ...p, id: `p-${i}` }));
        const profile = JSON.stringify(publicProfile(admittedAgency({ practitioners: withIds })));
        for (const p of withIds) {
          for (const secret of [p.idNumber, maskIdNumber(p.idNumber), p.certificateDocumentId, p.socialSecurity.documentId]) expect(profile).not.toContain(secret);
        }
      }),
      { numRuns: 50 },
    );
  });
});
