import { dirname, join } from 'node:path';
import { startDesktopApp } from './desktop-app';

// Bundled to dist/electron/main.cjs; the app root is two folders up.
startDesktopApp(join(dirname(__filename), '..', '..'));
