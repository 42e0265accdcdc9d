import { parseArgs } from 'node:util';
import { z } from 'zod';
import { describeProblems } from '../shared/validation';
import { initOptionsSchema, initOrganisation } from './bootstrap';
import { HttpError } from './http-error';
import { startServer } from './server';
import { openStore } from './store/open';
import { appVersion } from './version';

const USAGE = `Clinic Desk sync server

  npm run server [-- --host 127.0.0.1 --port 4100 --data ./data --mongo URI --heartbeat-ms 15000]
  npm run server -- init --org NAME --branch NAME --slug SLUG --time-zone ZONE --currency CODE
                         --country-code DIGITS --owner-name NAME --owner-email EMAIL [--owner-password PW]

MONGODB_URI (or --mongo) selects MongoDB; otherwise an SQLite file in --data is used.
The owner password may come from CLINIC_OWNER_PASSWORD instead of the command line.`;

const serveSchema = z.strictObject({
  host: z.string().min(1, 'is required'),
  port: z.coerce.number().int('must be a whole number').min(0, 'must be 0 to 65535').max(65535, 'must be 0 to 65535'),
  data: z.string().min(1, 'is required'),
  heartbeatMs: z.coerce
    .number()
    .int('must be a whole number')
    .min(200, 'must be 200 to 600000')
    .max(600_000, 'must be 200 to 600000'),
  mongo: z
    .string()
    .regex(/^mongodb(\+srv)?:\/\//, 'must be a mongodb:// or mongodb+srv:// URI')
    .optional(),
});

function fail(message: string): never {
  process.stderr.write(`error: ${message}\n`);
  process.exit(2);
}

async function main(argv: string[]): Promise<void> {
  const command = argv[0] && !argv[0].startsWith('-') ? argv[0] : 'serve';
  const rest = command === argv[0] ? argv.slice(1) : argv;
  if (command === 'help' || rest.includes('--help')) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const { values } = parseArgs({
    args: rest,
    strict: true,
    options: {
      host: { type: 'string', default: '127.0.0.1' },
      port: { type: 'string', default: '4100' },
      data: { type: 'string', default: './data' },
      mongo: { type: 'string' },
      'heartbeat-ms': { type: 'string', default: '15000' },
      org: { type: 'string' },
      branch: { type: 'string' },
      slug: { type: 'string' },
      'time-zone': { type: 'string' },
      currency: { type: 'string' },
      'country-code': { type: 'string' },
      'owner-name': { type: 'string' },
      'owner-email': { type: 'string' },
      'owner-password': { type: 'string' },
    },
  });
  const serve = serveSchema.safeParse({
    host: values.host,
    port: values.port,
    data: values.data,
    heartbeatMs: values['heartbeat-ms'],
    mongo: values.mongo ?? (process.env.MONGODB_URI || undefined),
  });
  if (!serve.success) fail(describeProblems(serve.error));
  const config = serve.data;

  if (command === 'init') {
    const init = initOptionsSchema.safeParse({
      organisationName: values.org,
      branchName: values.branch,
      branchSlug: values.slug,
      timeZone: values['time-zone'],
      currency: values.currency,
      phoneCountryCode: values['country-code'],
      ownerName: values['owner-name'],
      ownerEmail: values['owner-email']?.toLowerCase(),
      ownerPassword: values['owner-password'] ?? process.env.CLINIC_OWNER_PASSWORD,
    });
    if (!init.success) fail(describeProblems(init.error));
    const store = await openStore({ dataDir: config.data, mongoUri: config.mongo });
    try {
      const result = await initOrganisation(store, init.data);
      process.stdout.write(`${JSON.stringify(result)}\n`);
    } catch (error) {
      if (error instanceof HttpError) fail(error.message);
      throw error;
    } finally {
      await store.close();
    }
    return;
  }
  if (command !== 'serve') fail(`unknown command "${command}"\n\n${USAGE}`);

  const store = await openStore({ dataDir: config.data, mongoUri: config.mongo });
  const server = await startServer(store, {
    host: config.host,
    port: config.port,
    version: appVersion(),
    heartbeatMs: config.heartbeatMs,
  });
  process.stdout.write(`Clinic Desk sync server listening on ${server.url} (store: ${store.kind})\n`);
  const shutdown = (): void => {
    void server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof Error && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')) fail(error.message);
  console.error(error);
  process.exit(1);
});
