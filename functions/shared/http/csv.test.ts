import { csvField, toCsv, yuanText } from './csv.ts';

describe('CSV downloads', () => {
  it('starts with a BOM, ends lines with CRLF, quotes what must be quoted', () => {
    const csv = toCsv(['项目', '金额'], [['节能评估, 第一批', 1.5], ['说 "好"', null]]);
    expect(csv.startsWith('\uFEFF项目,金额\r\n')).toBe(true);
    expect(csv).toBe('\uFEFF项目,金额\r\n"节能评估, 第一批",1.5\r\n"说 ""好""",\r\n');
  });
  it('keeps a spreadsheet from running a field as a formula', () => {
    expect(csvField('=HYPERLINK("x")')).toBe('"\'=HYPERLINK(""x"")"');
    expect(csvField('-1')).toBe("'-1");
    expect(csvField(-1)).toBe('-1');
  });
  it('fen as yuan', () => {
    expect(yuanText(117_700_00)).toBe('117700.00');
    expect(yuanText(undefined)).toBe('');
  });
});
