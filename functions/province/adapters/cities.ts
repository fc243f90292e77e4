import { ENV, requireEnv } from '#shared/deployment-env.ts';

export interface ProvinceCity {
  code: string;
  name: string;
  apiUrl?: string;
}

/** The province's cities as the topology lists them (PROVINCE_CITIES), in its order. */
export function provinceCities(): ProvinceCity[] {
  return JSON.parse(requireEnv(ENV.provinceCities)) as ProvinceCity[];
}
