import { spawn, spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { electronBinary } from './electron-binary';

/**
 * `npm start`: launches the built desktop app with the Electron binary, fetching the binary on first
 * start. Where it cannot be had (no network to its download host), it says so in one line and points
 * to the browser version instead.
 */
const root = join(dirname(new URL(import.meta.url).pathname), '..');
// npm install skips Electron's download (allowScripts) so installs work offline; fetch it on first start.
let binary = electronBinary();
if (!binary) {
  spawnSync(process.execPath, [join(root, 'node_modules', 'electron', 'install.js')], {
    stdio: 'ignore',
    timeout: 300_000,
  });
  binary = electronBinary();
}
if (!binary) {
  process.stderr.write(
    'The Electron binary is not installed on this machine, so the desktop app cannot start; run `npm run start:web` to use Clinic Desk in a browser.\n',
  );
  process.exit(1);
}
const child = spawn(binary, [join(root, 'dist', 'electron', 'main.cjs')], { stdio: 'inherit', env: process.env });
child.on('exit', (code) => process.exit(code ?? 0));
