// Strategy: the privacy walk (test/browser/privacy-walk.test.ts) is only as good as its detector, so the detector is
// shown to fire on a page that holds each kind of private data — in text, in attributes and behind HTML entities —
// and to stay quiet on what a public page legitimately holds (hashes, 统一社会信用代码, project ids, landlines, masked ids).
import { computeIdNumberCheckChar } from '#shared/codes/resident-id-number.ts';
import { findPrivateData } from '#test/support/privacy-scan.ts';

const ID = `44520219900101123${computeIdNumberCheckChar('44520219900101123')}`;

describe('findPrivateData', () => {
  it('finds a resident ID number, a mobile number, a presigned document link and a named secret', () => {
    const page = `<html><body><p>法定代表人身份证 ${ID}</p><p>联系人 林晓 13800138000</p>
<a href="http://localhost:4751/ism-445200-documents/445202/agency-applications/APP-1/9f1c?X-Amz-Signature=abc&amp;X-Amz-Credential=x">资质</a>
<p>报价 ¥31,415.93</p></body></html>`;
    const kinds = findPrivateData(page, ['¥31,415.93']).map((f) => f.kind).sort();
    expect(kinds).toEqual(expect.arrayContaining(['id-number', 'mobile', 'private-document', 'secret']));
    expect(findPrivateData(page).find((f) => f.kind === 'id-number')?.value).toBe(ID);
  });

  it('sees through entities and attributes', () => {
    expect(findPrivateData('<p>&#49;3800138000</p>').map((f) => f.kind)).toEqual(['mobile']);
    expect(findPrivateData(`<input value="${ID.toLowerCase()}">`).map((f) => f.kind)).toEqual(['id-number']);
    expect(findPrivateData('<a href="/x/445202/credit-records/CR-1/doc-1">证据</a>').map((f) => f.kind)).toEqual(['private-document']);
  });

  it('is quiet on public data: hashes, USCCs, project ids, landlines, masked ids, an invalid 18-digit number', () => {
    const page = `<p>承诺值 a13800138000b${'0'.repeat(40)}</p><p>91445202MA52B6LT5P 445202-20261121-K7Q2M9</p>
<p>办公电话 0663-8261001</p><p>445203********123X</p><p>${ID.slice(0, 17)}${ID.endsWith('1') ? '2' : '1'}</p><p>¥13,800,138.00</p>
<a href="/portal/tenants/445202/projects/445202-20261121-K7Q2M9/draw-verification">复核</a>`;
    expect(findPrivateData(page)).toEqual([]);
  });
});
