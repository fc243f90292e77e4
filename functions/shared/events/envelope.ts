import { randomUUID } from 'node:crypto';
import type { DetailType } from './detail-types.ts';

/** DESIGN section 7: one envelope for all events; consumers are idempotent on `eventId`. */
export interface EventDetail<T = unknown> {
  eventId: string;
  tenant: string;
  city: string;
  province: string;
  occurredAt: string;
  schemaVersion: number;
  data: T;
}

export interface DomainEvent<T = unknown> {
  detailType: DetailType;
  detail: EventDetail<T>;
}

export function domainEvent<T>(detailType: DetailType, where: { tenant: string; city: string; province: string }, data: T, occurredAt = new Date().toISOString()): DomainEvent<T> {
  return { detailType, detail: { eventId: randomUUID(), ...where, occurredAt, schemaVersion: 1, data } };
}
