import { version } from '../../package.json';

/**
 * The version of this build: `VITE_APP_VERSION` when the build sets it (a deployment label), else
 * package.json's. Shown in the shell so a cashier can tell support which version runs.
 */
export const APP_VERSION: string = import.meta.env.VITE_APP_VERSION || version;
