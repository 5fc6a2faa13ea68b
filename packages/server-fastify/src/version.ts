/** Replaced at build time by tsup with the package's version (see scripts/tsup.shared.ts). */
declare const __PACKAGE_VERSION__: string | undefined;

/** The package version. */
export const VERSION: string = typeof __PACKAGE_VERSION__ === 'string' ? __PACKAGE_VERSION__ : '0.0.0-dev';
