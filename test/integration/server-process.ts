import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '../..');

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGTERM and wait for the exit code. */
  stop(): Promise<number | null>;
}

/** A free port on 127.0.0.1, so a restarted server can come back on the same address. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      s.close(() => {
        resolve(port);
      });
    });
  });
}

/** Starts `sync-server/cli.ts` as its own process on 127.0.0.1. */
export async function spawnServer(dataDir: string, port = 0): Promise<ServerProcess> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'sync-server/cli.ts', '--data', dataDir, '--port', String(port)],
    {
      cwd: ROOT,
      env: { ...process.env, MONGODB_URI: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => {
      process.off('exit', killOnExit);
      resolve({ code, signal });
    });
  });
  // A test that dies before stopping its server still takes the server with it.
  const killOnExit = (): void => {
    child.kill('SIGKILL');
  };
  process.on('exit', killOnExit);
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => {
      reject(new Error(`server did not start: ${out}`));
    }, 20_000);
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`server exited early: ${out}`));
    });
  });
  return {
    url,
    child,
    exited,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      // A server that does not finish shutting down is a failure, not a hang of the test run.
      const state = { forced: false };
      const timer = setTimeout(() => {
        state.forced = true;
        child.kill('SIGKILL');
      }, 20_000);
      const { code } = await exited;
      clearTimeout(timer);
      if (state.forced) throw new Error('the sync server did not shut down within 20 s of SIGTERM');
      return code;
    },
  };
}
