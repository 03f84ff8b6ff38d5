/**
 * The manager's (admin) token of every server a test or a bench starts (docs/ACCESS.md): the
 * server suite, the browser suite and the bench servers all sign in with it.
 */
export const TEST_ADMIN_TOKEN = 'test-admin-token-0123456789abcdefghijklmnopqrstuv';

/** Id of the seeded POS config ("Main counter"), the one every fresh database has. */
export const SEED_CONFIG_ID = 1;
