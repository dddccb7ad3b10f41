#!/usr/bin/env node
// Runs the TypeScript CLI through tsx (a runtime dependency), so the installed `sla` command and
// `npm run sla` are the same program with no build step.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli.ts');
