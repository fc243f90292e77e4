// Strategy: the audit chain is pure; property-based tests build random chains and tamper with one
// entry (content, order, removal) and require verification to fail at or before that entry.
import fc from 'fast-check';
import { GENESIS_HASH, sealEntry, verifyChain, type AuditEntry } from '#shared/audit/audit-chain.ts';
import { canonicalJson } from '#shared/audit/canonical-json.ts';

function chain(datas: unknown[]): AuditEntry[] {
  const out: AuditEntry[] = [];
  datas.forEach((data, i) => {
    out.push(sealEntry({ tenant: '445203', entity: 'service-item', entityId: 'ZJ-1', seq: i + 1, at: `2026-01-0${(i % 9) + 1}T00:00:00Z`, actor: { sub: 'op', role: 'operator' }, action: 'changed', data, prevHash: out[i - 1]?.hash ?? GENESIS_HASH }));
  });
  return out;
}

describe('audit hash chain', () => {
  it('verifies an untouched chain and reports its head', () => {
    const entries = chain([{ a: 1 }, { a: 2 }, { b: '揭东' }]);
    expect(verifyChain(entries)).toEqual({ verified: true, length: 3, headHash: entries[2].hash });
    expect(verifyChain([])).toEqual({ verified: true, length: 0, headHash: GENESIS_HASH });
  });

  it('fails when any entry content changes', () => {
    fc.assert(fc.property(fc.array(fc.jsonValue(), { minLength: 1, maxLength: 8 }), fc.nat(), fc.jsonValue(), (datas, pick, replacement) => {
      const entries = chain(datas);
      const i = pick % entries.length;
      fc.pre(canonicalJson(replacement) !== canonicalJson(entries[i].data));
      entries[i] = { ...entries[i], data: replacement };
      const result = verifyChain(entries);
      return !result.verified && result.brokenAt === i + 1;
    }));
  });

  it('fails when an entry is removed or two are swapped', () => {
    fc.assert(fc.property(fc.array(fc.integer(), { minLength: 2, maxLength: 8 }), fc.nat(), (datas, pick) => {
      const entries = chain(datas.map((n) => ({ n })));
      const i = pick % (entries.length - 1);
      const removed = entries.filter((_, j) => j !== i);
      const swapped = [...entries];
      [swapped[i], swapped[i + 1]] = [swapped[i + 1], swapped[i]];
      return !verifyChain(removed).verified && !verifyChain(swapped).verified;
    }));
  });

  it('re-sealing a changed entry still breaks the next link', () => {
    const entries = chain([{ a: 1 }, { a: 2 }, { a: 3 }]);
    const forged = sealEntry({ ...entries[0], data: { a: 100 } });
    const result = verifyChain([forged, entries[1], entries[2]]);
    expect(result).toMatchObject({ verified: false, brokenAt: 2 });
  });
});

describe('canonical JSON', () => {
  it('does not depend on key order', () => {
    fc.assert(fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (obj) => {
      const reversed = Object.fromEntries(Object.entries(obj).reverse());
      return canonicalJson(obj) === canonicalJson(reversed);
    }));
  });
});
