/**
 * `npm run backup -- <file>`: a consistent copy of the shop's data while the server runs (SQLite's
 * online backup of POS_DATA_DIR's database, or pg_dump with DATABASE_URL); server/backup/cli.ts.
 * Exits 1 with a message when it cannot.
 */
import { backupCommand } from '../server/backup/cli.js';

process.exitCode = await backupCommand(process.argv.slice(2), process.env);
