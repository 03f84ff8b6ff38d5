/// <reference types="vite/client" />

/** The build's environment variables the code reads (`import.meta.env`), typed. */
interface ImportMetaEnv {
  /** A deployment label shown as the version; package.json's version when the build does not set it. */
  readonly VITE_APP_VERSION?: string;
}
