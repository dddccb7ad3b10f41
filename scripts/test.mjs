// `npm test`: the checks (typecheck, dependency rules, lint and format) one after another beside
// the tests (`vitest run`), instead of all of them before the tests: the checks take ~35 s of one
// core, the tests ~7 min of two. The tests print as they run; each check's output is printed when
// the tests are done (a failing check is announced when it fails). Exit status 1 when anything
// failed. Arguments go to vitest (`npm test -- test/sla` runs those files, the checks still run).
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const checks = ['typecheck', 'deps', 'lint'];

/** Runs a command from the repository root; resolves with its exit status and, when piped, its output. */
function run(cmd, args, pipe) {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(cmd, args, { cwd: root, stdio: pipe ? ['ignore', 'pipe', 'pipe'] : 'inherit' });
    let output = '';
    if (pipe) {
      child.stdout.setEncoding('utf8').on('data', (d) => (output += d));
      child.stderr.setEncoding('utf8').on('data', (d) => (output += d));
    }
    const done = (code) => resolve({ code, output, seconds: (Date.now() - started) / 1000 });
    child.on('error', (err) => done(`${err.message}`));
    child.on('close', (code, signal) => done(signal ?? code));
  });
}

async function runChecks() {
  const results = [];
  for (const name of checks) {
    const r = await run('npm', ['run', '-s', name], true);
    if (r.code !== 0) process.stderr.write(`\nnpm test: the check "${name}" failed (its output follows the tests)\n`);
    results.push({ name, ...r });
  }
  return results;
}

const [checked, tests] = await Promise.all([
  runChecks(),
  run(fileURLToPath(new URL('../node_modules/.bin/vitest', import.meta.url)), ['run', ...process.argv.slice(2)], false),
]);

let failed = tests.code !== 0;
process.stdout.write('\n');
for (const c of checked) {
  const ok = c.code === 0;
  failed ||= !ok;
  const output = c.output.trim();
  process.stdout.write(
    `${ok ? 'ok    ' : 'FAILED'} npm run ${c.name} (${c.seconds.toFixed(1)} s)\n${output && `${output}\n`}`,
  );
}
process.stdout.write(`${tests.code === 0 ? 'ok    ' : 'FAILED'} vitest run (${tests.seconds.toFixed(1)} s)\n`);
process.exitCode = failed ? 1 : 0;
