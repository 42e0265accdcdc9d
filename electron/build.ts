import { build } from 'esbuild';
import { dirname, join } from 'node:path';

/** Bundles the main process and the preload (CommonJS, as a sandboxed preload must be) into dist/electron. */
const root = join(dirname(new URL(import.meta.url).pathname), '..');

await Promise.all(
  (['main', 'preload'] as const).map((name) =>
    build({
      entryPoints: [join(root, 'electron', `${name}.ts`)],
      outfile: join(root, 'dist', 'electron', `${name}.cjs`),
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      external: ['electron'],
      sourcemap: true,
      logLevel: 'warning',
    }),
  ),
);
