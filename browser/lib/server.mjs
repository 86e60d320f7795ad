// Starts the real Redress binary (`redress serve --demo`) on a fresh SQLite database in a
// temporary directory and a free loopback port, and stops it again.
//
// The address is read from the server's standard output ("Redress is running at http://…/"),
// never guessed or waited for with a timer.

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));

/** The binary under test: REDRESS_BIN, or the workspace's debug build. */
export const binary = process.env.REDRESS_BIN ?? path.resolve(here, '../../target/debug/redress');

/** The password of every demo account (crates/demo: DEMO_PASSWORD). */
export const DEMO_PASSWORD = 'redress-demo-password';

/**
 * Starts `redress serve --demo` and resolves once it listens.
 * @returns {Promise<{url: string, accounts: {role: string, email: string}[], stop: () => Promise<void>}>}
 */
export async function startServer() {
  if (!existsSync(binary)) {
    throw new Error(`${binary} does not exist: build it first (cargo build -p redress), or set REDRESS_BIN`);
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'redress-browser-'));
  // The working directory is the temporary one, so no redress.toml of the developer's is read.
  const env = { ...process.env, REDRESS_DATABASE_URL: `sqlite://${path.join(dir, 'redress.db')}`, NO_COLOR: '1' };
  delete env.REDRESS_CONFIG;
  const child = spawn(binary, ['serve', '--demo', '--bind', '127.0.0.1:0'], {
    cwd: dir,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk) => {
    // Kept (bounded) to explain a failure to start; the demo's progress goes here too.
    stderr = (stderr + chunk).slice(-20_000);
  });
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));

  const accounts = [];
  const ready = new Promise((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.on('line', (line) => {
      const account = line.match(/^\s+([a-z_]+)\s.*?\s([a-z_]+@demo-[a-z]+\.example)\b/);
      if (account) accounts.push({ role: account[1], email: account[2] });
      const running = line.match(/^Redress is running at (http:\/\/\S+\/)/);
      if (running) resolve(running[1]);
    });
    exited.then(({ code, signal }) =>
      reject(new Error(`redress serve exited (code ${code}, signal ${signal}) before listening:\n${stderr}`)),
    );
    child.once('error', reject);
  });

  let url;
  try {
    url = await ready;
  } catch (error) {
    child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }

  async function stop() {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      // It shuts down gracefully on SIGTERM; should it hang, it is killed rather than left.
      const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(kill);
    }
    rmSync(dir, { recursive: true, force: true });
  }
  // However the test process ends, the server does not outlive it.
  process.once('exit', () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });

  return { url: url.replace(/\/$/, ''), accounts, stop };
}
