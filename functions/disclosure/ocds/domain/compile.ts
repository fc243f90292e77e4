/**
 * OCDS merging (https://standard.open-contracting.org/1.1/en/schema/merging/): the compiled release of a record is
 * its releases merged in date order — objects merged member by member, arrays of objects that all carry an `id`
 * merged item by item on that id, any other array or value replaced by the later release's, `null` removing.
 */
import type { Json, Release } from './mapping.ts';

const isObject = (v: Json | undefined): v is { [k: string]: Json } => Boolean(v) && typeof v === 'object' && !Array.isArray(v);
const identified = (v: Json | undefined): v is { [k: string]: Json }[] => Array.isArray(v) && v.length > 0 && v.every((x) => isObject(x) && typeof x.id === 'string');

function mergeValue(earlier: Json | undefined, later: Json): Json | undefined {
  if (later === null) return undefined;
  if (isObject(earlier) && isObject(later)) return mergeObjects(earlier, later);
  if (identified(later) && (earlier === undefined || identified(earlier))) {
    const out = [...((earlier as { [k: string]: Json }[] | undefined) ?? [])];
    for (const item of later) {
      const at = out.findIndex((x) => x.id === item.id);
      if (at >= 0) out[at] = mergeObjects(out[at], item);
      else out.push(item);
    }
    return out;
  }
  return later;
}

function mergeObjects(a: { [k: string]: Json }, b: { [k: string]: Json }): { [k: string]: Json } {
  const out: { [k: string]: Json } = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const merged = mergeValue(out[k], v);
    if (merged === undefined) delete out[k];
    else out[k] = merged;
  }
  return out;
}

/** The compiled release of one ocid's releases (any order; merged by date). */
export function compileReleases(ocid: string, releases: Release[]): Release {
  const ordered = [...releases].sort((x, y) => Date.parse(String(x.date)) - Date.parse(String(y.date)));
  let compiled: { [k: string]: Json } = {};
  for (const r of ordered) {
    const { tag: _tag, id: _id, ...rest } = r;
    void _tag; void _id;
    compiled = mergeObjects(compiled, rest);
  }
  const last = ordered.at(-1);
  return { ...compiled, ocid, id: `${ocid}-compiled`, date: last?.date ?? null, tag: ['compiled'] };
}
