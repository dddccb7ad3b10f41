/**
 * `npm run docs`: writes docs/data-dictionary.md from the code (src/sandbox/dictionary.ts) over
 * a new database; `npm test` (test/docs.test.ts) fails when the file differs from it.
 */
import { writeFileSync } from 'node:fs';
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
