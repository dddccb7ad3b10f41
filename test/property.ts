import fc from 'fast-check';

/**
 * The seed of a file's property tests (fast-check): FC_SEED from the environment when set, else
 * the file's own fixed seed, so every run draws the same cases. It is printed, and set for every
 * `fc.assert` and `fc.sample` of the file that names no seed itself, so a failure is replayed with
 * `FC_SEED=<seed> npx vitest run <file>`. (fast-check also prints the seed and path of a failure.)
 */
export function propertySeed(file: string, fixed: number): number {
  const given = process.env['FC_SEED'];
  const seed = given === undefined || given === '' ? fixed : Number(given);
  if (!Number.isSafeInteger(seed)) throw new Error(`FC_SEED must be an integer (got ${given})`);
  fc.configureGlobal({ ...fc.readConfigureGlobal(), seed });
  console.log(`${file}: fast-check seed ${seed}${given ? ' (FC_SEED)' : ''}; replay with FC_SEED=${seed}`);
  return seed;
}
