/**
 * The province's read models (DESIGN §2, §7). Trigger: SQS (the province's `readModel` queue, fed by the province
 * bus with PROVINCE_READ_MODEL: award, agency and credit events of every city). Effect: the agency directory and the
 * credit replica (the cities' appliers, over the province's table) and the province statistics (provinceAppliers).
 * Idempotent on eventId (applied once, replica-handler.ts); ordered by each record's version in its applier.
 */
import { replicaHandler } from '../replication/replica-handler.ts';
import { provinceAppliers, provinceFollowUps } from './appliers.ts';

export const handler = replicaHandler(provinceAppliers, provinceFollowUps);
