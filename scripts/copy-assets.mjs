// After `tsc -p tsconfig.build.json`: the files of src/ that are not TypeScript (the dashboards'
// browser scripts and styles, SQL read at start) are copied to the same place under dist/.
import { cpSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const src = new URL('../src/', import.meta.url).pathname;
const dist = new URL('../dist/', import.meta.url).pathname;

function walk(dir) {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path);
    else if (!name.endsWith('.ts')) cpSync(path, join(dist, relative(src, path)));
  }
}
walk(src);
