/** @jest-config-loader esbuild-register */
import type { Config } from 'jest';

// ESM mode: run with NODE_OPTIONS=--experimental-vm-modules (see package.json).
const config: Config = {
  testEnvironment: 'node',
  // Packages import each other by name: the `source` condition of their `exports` points at their TypeScript.
  testEnvironmentOptions: { customExportConditions: ['source', 'node', 'node-addons'] },
  extensionsToTreatAsEsm: ['.ts'],
  roots: ['<rootDir>/apps', '<rootDir>/libs', '<rootDir>/projections', '<rootDir>/test'],
  testMatch: ['**/*.spec.ts'],
  // The fault suite kills and restarts processes: it runs apart, with `npm run test:faults`.
  testPathIgnorePatterns: ['/node_modules/', '/test/faults/', '/dist/', '/.tmp/'],
  moduleNameMapper: {
    '^(\\.{1,2}/.*)\\.js$': '$1',
    // @fastify/static (Swagger's page on Fastify) requires content-disposition 3, which is ESM only: Node loads it
    // through require(esm), Jest's CommonJS loader refuses it before any transform. Version 2, CommonJS with the same
    // `contentDisposition(name, options)`, stands in for it under Jest only.
    '^content-disposition$': '<rootDir>/node_modules/content-disposition/dist/index.js',
  },
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        swcrc: false,
        jsc: {
          parser: { syntax: 'typescript', decorators: true },
          target: 'es2022',
          keepClassNames: true,
          transform: { legacyDecorator: true, decoratorMetadata: true, useDefineForClassFields: false },
        },
        module: { type: 'es6' },
      },
    ],
  },
  // PGlite templates are cached on disk for one run only (see libs/sql/src/testing/test-databases.ts).
  globalSetup: '<rootDir>/test/support/pglite-templates.global-setup.ts',
  globalTeardown: '<rootDir>/test/support/pglite-templates.global-teardown.ts',
  // PGlite set-ups (WebAssembly PostgreSQL) take tens of seconds on a loaded 2-core machine.
  testTimeout: 60_000,
  maxWorkers: 2,
  // A worker that grew past this between two files is replaced: PGlite instances and platforms left behind by earlier
  // files made one worker reach 5 GB and every later set-up crawl (a CI run took 39 minutes instead of 16).
  workerIdleMemoryLimit: '1536MB',
};

export default config;
