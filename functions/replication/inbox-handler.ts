/**
 * The city's inbox. Trigger: SQS (the `inbox` queue; EventBridge delivers the event types every city
 * replicates — agencies, credit, tenants, catalogue items — from its own bus and, through the province, from every
 * other city). Each event is applied once by its applier (appliers.ts); see replica-handler.ts for idempotency,
 * partial batch failures and the DLQ.
 */
import { appliers } from './appliers.ts';
import { replicaHandler } from './replica-handler.ts';

export const handler = replicaHandler(appliers);
