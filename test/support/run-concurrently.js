// Runs commands a few at a time and prints their results as JSON. Plain JavaScript, run by node in a
// child process, so that the synchronous test harness (rendered-releases.ts) can wait for concurrent
// work with one spawnSync. stdin: { "concurrency": n, "jobs": [{ "command": "...", "args": [...] }] }.
// stdout: [{ "status": number | null, "stdout": "...", "stderr": "..." }], in the order of the jobs.
'use strict';
const { spawn } = require('node:child_process');

const input = JSON.parse(require('node:fs').readFileSync(0, 'utf8'));
const results = new Array(input.jobs.length);
let next = 0;

function runOne(index) {
  return new Promise((resolve) => {
    const { command, args } = input.jobs[index];
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    const out = [];
    const err = [];
    child.stdout.on('data', (chunk) => out.push(chunk));
    child.stderr.on('data', (chunk) => err.push(chunk));
    child.on('error', (e) => err.push(Buffer.from(String(e))));
    child.on('close', (status) => {
      results[index] = { status, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') };
      resolve();
    });
  });
}

async function lane() {
  while (next < input.jobs.length) await runOne(next++);
}

Promise.all(Array.from({ length: Math.max(1, input.concurrency) }, lane)).then(() => {
  process.stdout.write(JSON.stringify(results));
});
