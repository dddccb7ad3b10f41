import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderDictionary, sqlHeader } from '../src/sandbox/dictionary.js';
import { openDatabase } from '../src/store/open.js';
import { repoPath } from './helpers.js';

describe('docs/data-dictionary.md', () => {
  it('is what the code generates (else: npm run docs)', async () => {
    const db = await openDatabase(':memory:');
    try {
      const generated = await renderDictionary(db);
      expect(
        readFileSync(repoPath('docs/data-dictionary.md'), 'utf8'),
        'docs/data-dictionary.md is out of date: run `npm run docs`',
      ).toBe(generated);
      // every relation an auditor reads, each column with a description in both languages
      for (const table of ['events', 'case_sla', 'step_visits', 'complaint_resolution', 'ikm_summary'])
        expect(generated).toContain(`### \`${table}\``);
      expect(generated).not.toMatch(/\| — \|/);
      // the derived tables carry the rules of their SQL file
      expect(generated).toContain(sqlHeader('case_sla')!.split('\n')[0]);
      // personal data stays out of the auditors' part, and is listed as kept from them
      const [exposed, kept] = generated.split('## Kept from auditors');
      expect(exposed).not.toContain('### `complainants`');
      expect(kept).toContain('| `complainants` |');
    } finally {
      db.close();
    }
  });

  it('a header is the leading comment block of the queries/ file', () => {
    expect(sqlHeader('case_sla')!.split('\n')[0]).toBe(
      'case_sla: one row per case (application) with its service time against the service quota.',
    );
    expect(sqlHeader('no_such_table')).toBeUndefined();
  });
});
