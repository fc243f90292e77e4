// Strategy: what the public may see of an owner is an allow-list; a property test builds random owners
// of every kind and checks that no private field name and no private value ever reaches the public view
// (contact person, mobile, email, masked ID number, status reason, who changed it; a person's address,
// phone and full name).
import fc from 'fast-check';
import { OWNER_KINDS, type Owner } from '../../functions/owners/domain/owner.ts';
import { maskPersonName, PublicOwnerView, publicOwnerView } from '../../functions/owners/domain/owner-views.ts';

const PRIVATE_FIELDS = ['idNumberMasked', 'mobile', 'email', 'statusReason', 'updatedBy'];

const hanzi = fc.integer({ min: 0x4e00, max: 0x9fa5 }).map((c) => String.fromCodePoint(c));
const owners = fc.record({
  kind: fc.constantFrom(...OWNER_KINDS),
  name: fc.array(hanzi, { minLength: 2, maxLength: 12 }).map((c) => c.join('')),
  contactName: fc.array(hanzi, { minLength: 2, maxLength: 4 }).map((c) => c.join('')),
  mobile: fc.integer({ min: 3_000_000_000, max: 9_999_999_999 }).map((n) => `1${n}`),
  officePhone: fc.option(fc.integer({ min: 1_000_000, max: 9_999_999 }).map((n) => `0663-${n}`), { nil: undefined }),
  email: fc.option(fc.constant('someone@example.cn'), { nil: undefined }),
  address: fc.option(fc.constant('揭东区某街道1号'), { nil: undefined }),
  reason: fc.option(fc.constant('停用理由：内部调整'), { nil: undefined }),
}).map(({ kind, name, contactName, mobile, officePhone, email, address, reason }): Owner => ({
  id: 'OWN-445203-0000000A', tenant: '445203', kind, name,
  ...(kind === 'person' ? { idNumberMasked: '445203********1236' } : { uscc: '11445203MB2C12348F' }),
  fundingTypes: ['social'], ...(address ? { address } : {}), contact: { name: contactName, mobile, ...(officePhone ? { officePhone } : {}), ...(email ? { email } : {}) },
  status: reason ? 'disabled' : 'active', ...(reason ? { statusReason: reason } : {}),
  version: 1, createdAt: 'c', updatedAt: 'u', updatedBy: 'op-445203-secret',
}));

describe('the public view of an owner', () => {
  it('never holds a private field or value, for any owner of any kind', () => {
    fc.assert(fc.property(owners, (owner) => {
      const view = publicOwnerView(owner);
      const json = JSON.stringify(view);
      for (const field of PRIVATE_FIELDS) expect(json).not.toContain(`"${field}"`);
      expect(json).not.toContain(owner.contact.mobile!);
      expect(json).not.toContain(owner.contact.name);
      expect(json).not.toContain('op-445203-secret');
      if (owner.kind === 'person') {
        expect(json).not.toContain(owner.name);
        expect(view).not.toHaveProperty('contact');
        expect(view).not.toHaveProperty('address');
      } else {
        expect(view.contact).toEqual(owner.contact.officePhone ? { officePhone: owner.contact.officePhone } : undefined);
      }
      expect(PublicOwnerView.strict().safeParse(view).success).toBe(true);
    }));
  });
  it('shows an organisation by its name, code, address and office phone', () => {
    const owner: Owner = {
      id: 'OWN-445203-0000000A', tenant: '445203', kind: 'department', name: '揭阳市揭东区住房和城乡建设局', uscc: '11445203MB2C12348F', address: '曲溪街道',
      fundingTypes: ['fiscal'], contact: { name: '李工', officePhone: '0663-3212345', mobile: '13800000001' }, status: 'active', version: 3, createdAt: 'c', updatedAt: 'u', updatedBy: 'op',
    };
    expect(publicOwnerView(owner)).toEqual({
      id: owner.id, tenant: '445203', kind: 'department', name: owner.name, uscc: owner.uscc, address: '曲溪街道', contact: { officePhone: '0663-3212345' },
      fundingTypes: ['fiscal'], status: 'active', version: 3, createdAt: 'c', updatedAt: 'u',
    });
  });
  it('masks a person\'s name to the surname', () => {
    expect(maskPersonName('陈晓明')).toBe('陈**');
    expect(maskPersonName('欧阳娜娜')).toBe('欧***');
    expect(maskPersonName('李')).toBe('*');
  });
});
