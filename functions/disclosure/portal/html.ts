/**
 * The portal's only way to make HTML: `html` escapes every interpolated value unless it is already `Html` (the result
 * of another `html` template, or `raw()` for markup the code itself wrote, such as an SVG chart rendered on the server).
 * Arrays are joined, `undefined`, `null` and `false` render nothing — so `${cond && html`…`}` works.
 */
export class Html {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => ENTITIES[c]);

type Value = Html | string | number | boolean | null | undefined | readonly Value[];

function render(value: Value): string {
  if (value === undefined || value === null || value === false || value === true) return '';
  if (value instanceof Html) return value.text;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}

export function html(strings: TemplateStringsArray, ...values: Value[]): Html {
  let out = strings[0];
  for (let i = 0; i < values.length; i++) out += render(values[i]) + strings[i + 1];
  return new Html(out);
}

/** Markup the server produced itself (never user data): an SVG chart, a pre-built fragment. */
export const raw = (markup: string): Html => new Html(markup);

/** A query string from the parameters that are set, for links (`?status=failed&cursor=…`). */
export function query(params: Record<string, string | undefined>): string {
  const set = Object.entries(params).filter((e): e is [string, string] => e[1] !== undefined && e[1] !== '');
  return set.length ? `?${new URLSearchParams(set).toString()}` : '';
}
