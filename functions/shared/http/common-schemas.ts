// zod is always imported as a namespace (`import * as z`): `import { z }` defeats esbuild's tree shaking (450 KB → 90 KB per bundle).
import * as z from 'zod';

/** GB/T 2260 six-digit administrative division code, e.g. 445203 揭东区. */
export const DivisionCode = z.string().regex(/^\d{6}$/, { message: 'a 6-digit GB/T 2260 code' });
export const TenantParams = z.object({ tenant: DivisionCode }).strict();
