/**
 * Architecture rules checked by `npm run lint`. Paths are the files' real paths: `@peps/<name>` resolves through
 * its workspace link to `libs/<name>/src/…`, `projections/<name>/src/…` or `apps/<name>/src/…`.
 */
const pkg = '^(libs|projections|apps)/([^/]+)/';
const testCode = '\\.spec\\.ts$|/src/testing/|^libs/testing/';

/** An error when a file whose path matches `from` imports one whose path matches `to`. */
const forbid = (name, from, to, comment) => ({ name, ...(comment ? { comment } : {}), severity: 'error', from: { path: from }, to: { path: to } });

/**
 * What each library's product code may import besides itself: `only` the libraries named (never an app or a
 * read model), or anything but an app, a read model and the libraries named (`never`).
 */
const libraryNeighbours = [
  ['sql-stands-alone', 'sql', 'only', []],
  ['event-store-on-sql-only', 'event-store', 'only', ['sql']],
  ['personal-data-on-sql-event-store-and-domain', 'personal-data', 'only', ['sql', 'event-store', 'domain']],
  ['notifications-on-domain-only', 'notifications', 'only', ['domain']],
  ['read-store-below-projections', 'read-store', 'never', ['process-managers', 'notifications', 'runtime']],
  [
    'process-managers-never-read-projections',
    'process-managers',
    'never',
    ['read-store', 'runtime'],
    'Process managers are fed by events and record their effects as events; read models are not theirs.',
  ],
];

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
    forbid('domain-depends-on-nothing-local', '^libs/domain/', '^(apps|projections|libs/(?!domain/))', '@peps/domain stands alone: it imports no other package.'),

    // Each library's allowed neighbours (the map in docs/architecture.md), from the table above.
    ...libraryNeighbours.map(([name, library, kind, libraries, comment]) => {
      const rule = forbid(
        name,
        `^libs/${library}/`,
        kind === 'only' ? `^(apps|projections|libs/(?!(${[library, ...libraries].join('|')})/))` : `^(apps|projections|libs/(${libraries.join('|')})/)`,
        comment,
      );
      return { ...rule, from: { ...rule.from, pathNot: testCode } };
    }),
    forbid(
      'projections-never-import-command-handlers',
      '^projections/',
      '^(apps|libs/(process-managers|notifications|runtime)/)',
      'Read models are fed by events only; they must not reach into the write side or the runtime.',
    ),
    forbid('libs-do-not-import-apps', '^libs/', '^apps/'),
    forbid('worker-and-cli-never-import-the-platform', '^apps/(worker|cli)/', '^apps/platform/', 'What the worker and the CLI share with the platform lives in @peps/runtime.'),
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
