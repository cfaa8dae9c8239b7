/** Architecture rules checked by `npm run lint`. */
module.exports = {
  forbidden: [
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
      comment: 'The domain stands alone: it imports no other part of the repository.',
      severity: 'error',
      from: { path: '^libs/domain/' },
      to: { path: '^(apps|projections|libs/(?!domain/))' },
    },
    {
      name: 'projections-never-import-command-handlers',
      comment: 'Read models are fed by events only; they must not reach into the write side.',
      severity: 'error',
      from: { path: '^projections/' },
      to: { path: '^apps/' },
    },
    {
      name: 'libs-do-not-import-apps',
      severity: 'error',
      from: { path: '^libs/' },
      to: { path: '^apps/' },
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
    exclude: { path: '^(dist|var)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['source', 'import', 'require', 'node', 'default'], extensions: ['.ts', '.js', '.json'] },
  },
};
