/**
 * The `sla` command in a child process, as a user runs it: `node bin/sla.js …`, the compiled CLI
 * in dist/ (test/global-setup.ts builds it from the sources at the start of every run), from the
 * repository root and without SLA_* variables. A run of the compiled command costs ~0.25 s of CPU;
 * `node --import tsx src/cli.ts` costs ~0.8 s more, compiling the sources again in every child.
 */
import { spawn } from 'node:child_process';
import { repoPath } from './sample.js';

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

const childEnv = Object.fromEntries(
  Object.entries(process.env).filter(([k]) => !k.startsWith('SLA_')),
) as NodeJS.ProcessEnv;

export function slaCommand(...args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [repoPath('bin/sla.js'), ...args], {
      cwd: repoPath(''),
      env: childEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
