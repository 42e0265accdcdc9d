import { join } from 'node:path';
import { addDays, localDateOf } from '../shared/rules/time-zone';
import { generateDataset } from '../shared/demo/generate';
import { seedStore } from './store/seed';
import { startServer } from './server';
import { serveStatic } from './static-site';
import { appVersion } from './version';
import { openSqliteStore } from './store/sqlite';
import { SQLITE_FILE } from './store/open';

/**
 * `npm run start:web`: Clinic Desk in a browser. Serves the built renderer on 127.0.0.1:5173 and a sync
 * server on 127.0.0.1:4100 whose SQLite file (data/web-demo) holds a demo clinic the first time.
 */
const ROOT = join(import.meta.dirname, '..');
const DEMO_PASSWORD = 'demo-password';

async function main(): Promise<void> {
  const store = openSqliteStore(join(ROOT, 'data', 'web-demo', SQLITE_FILE));
  if ((await store.findBy('users', 'email', 'owner@glow.example')).length === 0) {
    process.stdout.write('Creating the demo clinic (first start only)…\n');
    const now = Date.now();
    const data = generateDataset({
      seed: 1,
      patients: 2_000,
      bookings: 20_000,
      now,
      endDate: addDays(localDateOf(now, 'Asia/Jakarta'), 14),
    });
    await seedStore(store, data, { password: DEMO_PASSWORD });
  }
  const sync = await startServer(store, { host: '127.0.0.1', port: 4100, version: appVersion() });

  const web = await serveStatic(join(ROOT, 'dist', 'renderer'), '127.0.0.1', 5173);
  process.stdout.write(
    `Clinic Desk in your browser: ${web.url}\n` +
      `Sync server: ${sync.url} (connect the terminal to it on first run)\n` +
      `Demo sign-in: owner@glow.example (or desk.jakarta@glow.example) with password "${DEMO_PASSWORD}"\n`,
  );
  const stop = (): void => {
    void Promise.all([web.app.close(), sync.close()]).then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
