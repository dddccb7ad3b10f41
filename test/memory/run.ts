import { spawn } from 'node:child_process';
import { repoPath } from '../helpers.js';

/** What test/memory/child.ts reports: peak resident set (MB) once set up and at the end, and the answer. */
export interface ChildRun {
  before: number;
  peak: number;
  answer: Record<string, unknown>;
}

/** Runs test/memory/child.ts in a process of its own; its last line of stdout is its report. */
export function child(...args: string[]): Promise<ChildRun> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--import', 'tsx', 'test/memory/child.ts', ...args], {
      cwd: repoPath(''),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    p.stdout.on('data', (d: Buffer) => (out += d.toString()));
    p.stderr.on('data', (d: Buffer) => (err += d.toString()));
    p.on('error', reject);
    p.on('close', (code) => {
      if (code !== 0) return reject(new Error(`child exited ${code}: ${err.slice(-2000)}`));
      resolve(JSON.parse(out.trim().split('\n').pop()!) as ChildRun);
    });
  });
}
