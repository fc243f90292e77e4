/**
 * What a rule target receives: the event, or the target's `Input` (constant JSON), `InputPath`, or
 * `InputTransformer` (InputPathsMap + InputTemplate) — with EventBridge's template rules: a
 * placeholder inside a JSON string is replaced by the raw value (a string without quotes, and
 * unescaped, as AWS documents), outside a string by the value as JSON; a path that is missing in the
 * event yields null (empty inside a string); the reserved `<aws.events.*>` variables are predefined;
 * a result that is JSON is passed on minified.
 */
import type { RuleSpec, RuleTargetSpec } from './model.ts';
import { readJsonPath } from './sfn-json-path.ts';

export interface EventEnvelope {
  version: '0';
  id: string;
  'detail-type': string;
  source: string;
  account: string;
  time: string;
  region: string;
  resources: string[];
  detail: Record<string, unknown>;
}

const PLACEHOLDER = /^<([A-Za-z0-9_.-]+)>/;

/** The body the target gets (a JSON text, or plain text from a string template). */
export function targetInput(target: RuleTargetSpec, event: EventEnvelope, rule: RuleSpec, ingestionTime: Date): string {
  if (target.input !== undefined) return target.input;
  if (target.inputPath) return JSON.stringify(readJsonPath(target.inputPath, event) ?? null);
  if (target.inputTransformer) return transform(target.inputTransformer, event, rule, ingestionTime);
  return JSON.stringify(event);
}

function transform(t: NonNullable<RuleTargetSpec['inputTransformer']>, event: EventEnvelope, rule: RuleSpec, ingestionTime: Date): string {
  const { detail: _, ...withoutDetail } = event;
  const predefined: Record<string, { raw: string } | { value: unknown }> = {
    // Both event variables are inserted as JSON, without escaping, as AWS documents.
    'aws.events.event': { raw: JSON.stringify(withoutDetail) },
    'aws.events.event.json': { raw: JSON.stringify(event) },
    'aws.events.rule-name': { value: rule.name },
    'aws.events.rule-arn': { value: rule.arn },
    'aws.events.event.ingestion-time': { value: ingestionTime.toISOString().replace(/\.\d{3}Z$/, 'Z') },
  };
  const variables = new Map<string, { raw: string } | { value: unknown }>(Object.entries(predefined));
  for (const [name, path] of Object.entries(t.InputPathsMap ?? {})) {
    if (!(name in predefined)) variables.set(name, { value: readJsonPath(path, event) });
  }

  const template = t.InputTemplate;
  let out = '';
  let inString = false;
  for (let i = 0; i < template.length; i++) {
    const c = template[i];
    if (c === '\\' && inString) {
      out += c + (template[i + 1] ?? '');
      i++;
      continue;
    }
    if (c === '"') inString = !inString;
    const m = c === '<' ? PLACEHOLDER.exec(template.slice(i)) : null;
    const variable = m && variables.get(m[1]);
    if (!m || !variable) {
      out += c;
      continue;
    }
    out += render(variable, inString);
    i += m[0].length - 1;
  }
  try {
    return JSON.stringify(JSON.parse(out));
  } catch {
    return out;
  }
}

function render(v: { raw: string } | { value: unknown }, inString: boolean): string {
  if ('raw' in v) return v.raw;
  if (inString) return v.value === undefined ? '' : typeof v.value === 'string' ? v.value : JSON.stringify(v.value);
  return v.value === undefined ? 'null' : JSON.stringify(v.value);
}
