import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EnrolResponse } from '../../../shared/sync/protocol';
import { openSqliteStore } from '../../../sync-server/store/sqlite';
import { generateDataset, type Dataset } from '../../../shared/demo/generate';
import { seedStore } from '../../../sync-server/store/seed';
import { freePort, spawnServer, type ServerProcess } from '../server-process';
import { PASSWORD, post } from '../sync-server/harness';
import { AgentClient } from './agent-client';

/** A sync-server process with a seeded clinic, and terminal processes enrolled with it. */
export class Cluster {
  server!: ServerProcess;
  readonly terminals: AgentClient[] = [];
  private port = 0;
  private dir = '';
  data!: Dataset;

  get jakarta(): string {
    return this.data.tenants[0]!.id;
  }

  async start(options: { seed?: number; patients?: number; bookings?: number } = {}): Promise<this> {
    this.dir = mkdtempSync(join(tmpdir(), 'clinic-cluster-'));
    this.data = generateDataset({
      seed: options.seed ?? 21,
      patients: options.patients ?? 20,
      bookings: options.bookings ?? 80,
    });
    const store = openSqliteStore(join(this.dir, 'clinic-desk.sqlite'));
    await seedStore(store, this.data, { password: PASSWORD });
    await store.close();
    this.port = await freePort();
    this.server = await spawnServer(this.dir, this.port);
    return this;
  }

  /** Stops the server (SIGTERM, or SIGKILL when `hard`) and starts it again on the same port and file. */
  async restartServer(hard = false): Promise<void> {
    if (hard) this.server.child.kill('SIGKILL');
    await this.server.stop();
    this.server = await spawnServer(this.dir, this.port);
  }

  /** Enrols a new terminal process for Jakarta and signs the front desk (or `email`, or nobody) in on it. */
  async addTerminal(email: string | null = 'desk.jakarta@glow.example'): Promise<AgentClient> {
    const enrol = await post<EnrolResponse>(`${this.server.url}/auth/enrol`, {
      email: 'owner@glow.example',
      password: PASSWORD,
      branchIds: [this.jakarta],
      terminalName: `Terminal ${this.terminals.length + 1}`,
    });
    if (enrol.status !== 201) throw new Error(`enrol failed: ${JSON.stringify(enrol.body)}`);
    const agent = await AgentClient.spawn();
    this.terminals.push(agent);
    await agent.call('open', {
      name: `terminal-${this.terminals.length}`,
      serverUrl: this.server.url,
      token: enrol.body.token,
      device: enrol.body.device,
      sync: true,
    });
    await agent.call('settle');
    if (email !== null) await agent.call('signIn', { email, password: PASSWORD, branchId: this.jakarta });
    return agent;
  }

  /** SQLite's own check of the server's file (read-only, beside the running server): "ok" when sound. */
  integrityCheck(): string {
    const db = new Database(join(this.dir, 'clinic-desk.sqlite'), { readonly: true });
    try {
      return (db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check).join('; ');
    } finally {
      db.close();
    }
  }

  async stop(): Promise<void> {
    await Promise.all(this.terminals.map((t) => t.kill()));
    await this.server.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Waits until a check passes, or fails with the last reason. */
export async function eventually(check: () => Promise<void>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}
