#!/usr/bin/env node
// The `sla` command: the compiled CLI (dist/, built by `npm run build`, which `npm install` runs).
await import('../dist/cli.js');
