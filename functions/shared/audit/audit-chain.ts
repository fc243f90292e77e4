import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json.ts';

/**
 * The tamper-evident audit log ("全过程留痕", DESIGN section 5): one hash chain per entity. Each entry
 * carries the hash of the one before it, so changing, removing or reordering any entry breaks every
 * hash after it. hash = SHA-256(canonical JSON of the entry without `hash`), lowercase hex.
 */
export const GENESIS_HASH = '0'.repeat(64);

export interface AuditActor {
  sub: string;
  role: string;
  tenant?: string;
}

export interface AuditEntry {
  tenant: string;
  entity: string;
  entityId: string;
  /** 1, 2, 3 … without gaps. */
  seq: number;
  at: string;
  actor: AuditActor;
  /** What happened, in the domain's words: `service-item.created`, `tenant.onboarded`, `policy.changed`. */
  action: string;
  /** The state after the change (or the part of it that changed), public or not. */
  data: unknown;
  prevHash: string;
  hash: string;
}

export type UnsealedEntry = Omit<AuditEntry, 'hash'>;

export function hashEntry(entry: UnsealedEntry): string {
  const { tenant, entity, entityId, seq, at, actor, action, data, prevHash } = entry;
  return createHash('sha256').update(canonicalJson({ tenant, entity, entityId, seq, at, actor, action, data, prevHash })).digest('hex');
}

export function sealEntry(entry: UnsealedEntry): AuditEntry {
  return { ...entry, hash: hashEntry(entry) };
}

export interface ChainVerification {
  verified: boolean;
  length: number;
  headHash: string;
  /** First entry (seq) that does not verify, with the reason. */
  brokenAt?: number;
  reason?: string;
}

export function verifyChain(entries: AuditEntry[]): ChainVerification {
  let prev = GENESIS_HASH;
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i];
    const fail = (reason: string): ChainVerification => ({ verified: false, length: entries.length, headHash: entries.at(-1)?.hash ?? GENESIS_HASH, brokenAt: e.seq, reason });
    if (e.seq !== i + 1) return fail(`expected seq ${i + 1}, found ${e.seq}`);
    if (e.prevHash !== prev) return fail('prevHash does not match the previous entry');
    if (hashEntry(e) !== e.hash) return fail('hash does not match the entry content');
    prev = e.hash;
  }
  return { verified: true, length: entries.length, headHash: prev };
}
