import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

export class AgentError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
    /** The desk's rules refused the write (a WriteRefused): an answer, not a failure. */
    readonly refused = false,
  ) {
    super(message);
  }
}

/** The test's handle on a terminal process (see agent.ts). */
export class AgentClient {
  private next = 1;
  private readonly waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
  private constructor(private readonly child: ChildProcess) {
    type Message = { id?: number; ok?: boolean; result?: unknown; error?: string; code?: string; refused?: boolean };
    child.on('message', (m: Message) => {
      if (m.id === undefined) return;
      const w = this.waiting.get(m.id);
      this.waiting.delete(m.id);
      if (m.ok) w?.resolve(m.result);
      else w?.reject(new AgentError(m.error ?? 'failed', m.code, m.refused === true));
    });
    child.on('exit', () => {
      for (const w of this.waiting.values()) w.reject(new Error('terminal process exited'));
      this.waiting.clear();
    });
  }

  static async spawn(): Promise<AgentClient> {
    const child = fork(join(import.meta.dirname, 'agent.ts'), [], {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    await new Promise<void>((resolve, reject) => {
      child.once('message', () => {
        resolve();
      });
      child.once('exit', (code) => {
        reject(new Error(`terminal process exited with ${String(code)}`));
      });
    });
    return new AgentClient(child);
  }

  call<T = unknown>(cmd: string, args: unknown = {}, timeoutMs = 60_000): Promise<T> {
    const id = this.next++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        reject(new Error(`terminal did not answer "${cmd}" within ${timeoutMs / 1000} s`));
      }, timeoutMs);
      this.waiting.set(id, {
        resolve: (v) => {
          clearTimeout(timer);
          resolve(v as T);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      });
      this.child.send({ id, cmd, args });
    });
  }

  async kill(): Promise<void> {
    if (this.child.exitCode !== null) return;
    const exited = new Promise((r) => this.child.once('exit', r));
    this.child.kill('SIGKILL');
    await exited;
  }
}
