/** The event catalogue lives with the functions that publish and consume it; lib/ builds its rules from the same lists. */
export * from '../../functions/shared/events/detail-types.ts';
