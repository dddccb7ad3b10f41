import { existsSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import { ConfigError } from '../errors.js';

/**
 * Who signs the monthly report of each office (names and NIP printed in the sign-off block):
 * a YAML file named by the configuration (SLA_SIGNATORIES; sample-data/signatories.yaml by
 * default). An office not listed gets an empty block with a line saying so.
 */
const person = z.object({ name: z.string().min(1), nip: z.string().regex(/^\d{18}$/, 'NIP has 18 digits') });
const schema = z.object({
  signatories: z.array(z.object({ office: z.string().min(1), sekretaris: person, kepala_dinas: person })),
});

type Person = z.infer<typeof person>;
export interface Signatories {
  sekretaris: Person;
  kepala_dinas: Person;
}

export function loadSignatories(path: string): Map<string, Signatories> {
  if (!existsSync(path)) return new Map();
  const parsed = schema.safeParse(parse(readFileSync(path, 'utf8')));
  if (!parsed.success) {
    const i = parsed.error.issues[0]!;
    throw new ConfigError(`${path}: ${i.path.join('.')}: ${i.message}`);
  }
  return new Map(parsed.data.signatories.map((s) => [s.office, { sekretaris: s.sekretaris, kepala_dinas: s.kepala_dinas }]));
}
