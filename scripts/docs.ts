/**
 * `npm run docs`: writes docs/data-dictionary.md from the code (src/sandbox/dictionary.ts) over
 * a new database; `npm test` (test/docs.test.ts) fails when the file differs from it. Also the
 * lake's schema contract in docs/lake.md (src/lake/contract.ts; test/lake/contract.test.ts).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { withContract } from '../src/lake/contract.js';
import { renderDictionary } from '../src/sandbox/dictionary.js';
import { openDatabase } from '../src/store/open.js';

const db = await openDatabase(':memory:');
try {
  const path = new URL('../docs/data-dictionary.md', import.meta.url);
  writeFileSync(path, await renderDictionary(db));
  console.error(`written: docs/data-dictionary.md`);
} finally {
  db.close();
}

const lake = new URL('../docs/lake.md', import.meta.url);
writeFileSync(lake, withContract(readFileSync(lake, 'utf8')));
console.error(`written: docs/lake.md (schema contract)`);
