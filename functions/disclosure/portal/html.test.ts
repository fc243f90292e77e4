// Strategy: the portal's only escaping is the `html` template, so it is tested against what a hostile record could
// hold (markup, attribute breakers, entities) and for the composition rules the pages rely on (nested templates pass
// through once, falsy values render nothing, arrays join).
import fc from 'fast-check';
import { escapeHtml, html, query, raw } from './html.ts';

describe('html', () => {
  it('escapes every interpolated string, in text and in attributes', () => {
    const name = '<script>alert("x")</script>&\'';
    expect(html`<a title="${name}">${name}</a>`.text).toBe('<a title="&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;">&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&amp;&#39;</a>');
  });

  it('passes nested templates and raw markup through once, joins arrays, renders nothing for false/null/undefined', () => {
    const items = ['a<b', 'c'];
    expect(html`<ul>${items.map((i) => html`<li>${i}</li>`)}</ul>${false}${null}${undefined}${raw('<svg/>')}${0}`.text)
      .toBe('<ul><li>a&lt;b</li><li>c</li></ul><svg/>0');
  });

  it('never lets a character that opens markup or closes an attribute through (property)', () => {
    fc.assert(fc.property(fc.string(), (s) => {
      const out = html`<p title="${s}">${s}</p>`.text;
      const inner = out.slice('<p title="'.length, out.length - '</p>'.length);
      expect(inner.replace('">', '')).not.toMatch(/[<>"']/);
      expect(escapeHtml(s).replace(/&(amp|lt|gt|quot|#39);/g, '')).not.toMatch(/[&<>"']/);
    }));
  });

  it('builds query strings from the parameters that are set', () => {
    expect(query({ status: 'failed', cursor: undefined, q: '' })).toBe('?status=failed');
    expect(query({ q: '测试 & <x>' })).toBe('?q=%E6%B5%8B%E8%AF%95+%26+%3Cx%3E');
    expect(query({})).toBe('');
  });
});
