/**
 * Architecture rules checked by `npm run lint`. Paths are the files' real paths: `@peps/<name>` resolves through
 * its workspace link to `libs/<name>/src/…`, `projections/<name>/src/…` or `apps/<name>/src/…`.
 */
const pkg = '^(libs|projections|apps)/([^/]+)/';
const testCode = '\\.spec\\.ts$|/src/testing/|^libs/testing/';

module.exports = {
  forbidden: [
    // Packages and their public surfaces.
    {
      name: 'packages-by-name-only',
      comment: 'A package reaches another package by its name (@peps/…), never by a relative path into its folder.',
      severity: 'error',
      from: { path: pkg },
      to: { path: '^(libs|projections|apps)/', pathNot: '^$1/$2/', dependencyTypes: ['local'], dependencyTypesNot: ['aliased-workspace'] },
    },
    {
      name: 'tests-and-benches-by-name-only',
      comment: 'test/ and bench/ use packages by name too.',
      severity: 'error',
      from: { path: '^(test|bench)/' },
      to: { path: '^(libs|projections|apps)/', dependencyTypes: ['local'], dependencyTypesNot: ['aliased-workspace'] },
    },
    {
      name: 'no-unresolvable',
      comment: 'An import outside a package exports map (e.g. @peps/domain/src/…) does not resolve.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
    {
      name: 'test-support-stays-in-tests',
      comment: 'Product code never imports test support (@peps/testing, a package ./testing entry).',
      severity: 'error',
      from: { path: '^(libs|projections|apps)/', pathNot: testCode },
      to: { path: testCode },
    },

    // The domain.
    {
      name: 'domain-is-pure',
      comment: 'libs/domain holds pure deciders: no framework, database, I/O or network package.',
      severity: 'error',
      from: { path: '^libs/domain/' },
      to: {
        path: '^node_modules/(@nestjs|@electric-sql|pg|pg-[a-z]+|mongodb|@kurrent|@eventstore|nodemailer|pdfkit|handlebars|express|rxjs|class-validator|class-transformer)(/|$)',
      },
    },
    {
      name: 'domain-no-node-io',
      comment: 'libs/domain reads no file, socket, process or clock through Node built-ins.',
      severity: 'error',
      from: { path: '^libs/domain/', pathNot: '\\.spec\\.ts$|/testing/' },
      to: { dependencyTypes: ['core'], path: '^(node:)?(fs|net|http|https|child_process|worker_threads|dgram|os|crypto|process)' },
    },
    {
      name: 'domain-depends-on-nothing-local',
      comment: '@peps/domain stands alone: it imports no other package.',
      severity: 'error',
      from: { path: '^libs/domain/' },
      to: { path: '^(apps|projections|libs/(?!domain/))' },
    },

    // Each library's allowed neighbours (the map in docs/architecture.md).
    {
      name: 'sql-stands-alone',
      severity: 'error',
      from: { path: '^libs/sql/', pathNot: testCode },
      to: { path: '^(apps|projections|libs/(?!sql/))' },
    },
    {
      name: 'event-store-on-sql-only',
      severity: 'error',
      from: { path: '^libs/event-store/', pathNot: testCode },
      to: { path: '^(apps|projections|libs/(?!(event-store|sql)/))' },
    },
    {
      name: 'notifications-on-domain-only',
      severity: 'error',
      from: { path: '^libs/notifications/', pathNot: testCode },
      to: { path: '^(apps|projections|libs/(?!(notifications|domain)/))' },
    },
    {
      name: 'read-store-below-projections',
      severity: 'error',
      from: { path: '^libs/read-store/', pathNot: testCode },
      to: { path: '^(apps|projections|libs/(process-managers|notifications|runtime)/)' },
    },
    {
      name: 'process-managers-never-read-projections',
      comment: 'Process managers are fed by events and record their effects as events; read models are not theirs.',
      severity: 'error',
      from: { path: '^libs/process-managers/', pathNot: testCode },
      to: { path: '^(apps|projections|libs/(read-store|runtime)/)' },
    },
    {
      name: 'projections-never-import-command-handlers',
      comment: 'Read models are fed by events only; they must not reach into the write side or the runtime.',
      severity: 'error',
      from: { path: '^projections/' },
      to: { path: '^(apps|libs/(process-managers|notifications|runtime)/)' },
    },
    {
      name: 'libs-do-not-import-apps',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^apps/' },
    },
    {
      name: 'worker-and-cli-never-import-the-platform',
      comment: 'What the worker and the CLI share with the platform lives in @peps/runtime.',
      severity: 'error',
      from: { path: '^apps/(worker|cli)/' },
      to: { path: '^apps/platform/' },
    },
    {
      name: 'no-circular',
      severity: 'warn',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^|/)(dist|var|\\.tmp)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['source', 'import', 'require', 'node', 'default'], extensions: ['.ts', '.js', '.json'] },
  },
};
