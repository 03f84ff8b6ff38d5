/**
 * `npm run restore -- <file> [--force]`: puts a backup back, after checking it (server/backup/cli.ts).
 * Stop the server first. Exits 1 with a message, nothing replaced, when it cannot.
 */
import { restoreCommand } from '../server/backup/cli.js';

process.exitCode = await restoreCommand(process.argv.slice(2), process.env);
