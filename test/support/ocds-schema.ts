/**
 * The official OCDS 1.1.5 schemas, read from ../shared/reference/ocds-1.1.5 (never copied into the repository), as
 * ajv validators. The schemas are JSON Schema draft-04; ajv 8 reads them once the draft-04 `id` is given as `$id`
 * and the `$schema` line dropped (they use no other keyword that changed since draft-04: no boolean
 * exclusiveMinimum/Maximum). The package schemas refer to the release schema (and the record package to the
 * versioned-release schema) by their public URLs: each is registered under its own `id`, so nothing is fetched.
 * `ocdsSchemas()` is undefined when the reference folder is absent: callers skip with OCDS_SCHEMAS_MISSING.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

export const OCDS_REFERENCE_DIR = resolve(process.cwd(), '..', 'shared', 'reference', 'ocds-1.1.5');
export const OCDS_SCHEMAS_MISSING = `OCDS schema validation SKIPPED: ${OCDS_REFERENCE_DIR} is absent (the official OCDS 1.1.5 schemas are read from ../shared/reference, not copied into the repository)`;

const FILES = ['release-schema.json', 'versioned-release-validation-schema.json', 'release-package-schema.json', 'record-package-schema.json'];

export interface OcdsSchemas {
  release: ValidateFunction;
  releasePackage: ValidateFunction;
  recordPackage: ValidateFunction;
}

let cached: OcdsSchemas | null | undefined;

export function ocdsSchemas(): OcdsSchemas | undefined {
  if (cached !== undefined) return cached ?? undefined;
  if (!FILES.every((f) => existsSync(join(OCDS_REFERENCE_DIR, f)))) {
    cached = null;
    return undefined;
  }
  const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false });
  addFormats(ajv);
  const ids: Record<string, string> = {};
  for (const file of FILES) {
    const { id, $schema: _draft, ...schema } = JSON.parse(readFileSync(join(OCDS_REFERENCE_DIR, file), 'utf8')) as { id: string; $schema?: string };
    void _draft;
    ajv.addSchema({ ...schema, $id: id }, id);
    ids[file] = id;
  }
  cached = {
    release: ajv.getSchema(ids['release-schema.json'])!,
    releasePackage: ajv.getSchema(ids['release-package-schema.json'])!,
    recordPackage: ajv.getSchema(ids['record-package-schema.json'])!,
  };
  return cached;
}

/** The validator's errors, readable in a failed expectation ([] when valid). */
export function schemaErrors(validate: ValidateFunction, value: unknown): string[] {
  return validate(value) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
}
