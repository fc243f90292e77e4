import { PROVINCE_READ_MODEL } from '#shared/events/detail-types.ts';
import { appliers } from '../replication/appliers.ts';
import { provinceAppliers, provinceFollowUps } from './appliers.ts';

test('the province applies every event of its read-model rule, agencies, credit and the policy with the cities\' own appliers', () => {
  expect(Object.keys(provinceAppliers).sort()).toEqual([...PROVINCE_READ_MODEL].sort());
  for (const type of ['AgencyAdmitted', 'AgencyChanged', 'AgencyCleared', 'CreditRecorded', 'CreditChanged', 'TenantPolicyChanged'] as const) {
    expect(provinceAppliers[type]).toBe(appliers[type]);
  }
  expect(Object.keys(provinceFollowUps)).toEqual(['ProjectSummarized']);
});
