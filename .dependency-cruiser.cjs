/**
 * The rooms of src/ and their one-way doors, checked by `npm test` (dependency-cruiser).
 * Type-only imports count: a cycle of types is a cycle of knowledge too.
 */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      comment: 'no module reaches itself through its imports (dynamic imports included)',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
    {
      name: 'db-is-the-floor',
      comment: 'db/ (connection, migrations, the Fastify decoration) knows no other room: only the shared errors',
      severity: 'error',
      from: { path: '^src/db/' },
      to: { path: '^src/', pathNot: ['^src/db/', '^src/errors\\.ts$', '^src/i18n/'] },
    },
    {
      name: 'i18n-is-words',
      comment: 'the message catalogues (src/i18n/) know no other room: every room may use them',
      severity: 'error',
      from: { path: '^src/i18n/' },
      to: { path: '^src/', pathNot: '^src/i18n/' },
    },
    {
      name: 'routes-apart',
      comment: 'a route folder does not import another; what they share lies in src/routes/*.ts or a room below',
      severity: 'error',
      from: { path: '^src/routes/([^/]+)/' },
      to: { path: '^src/routes/[^/]+/', pathNot: '^src/routes/$1/' },
    },
    {
      name: 'nothing-imports-entrypoints',
      comment: 'src/cli.ts and the CLI client start processes; no module imports them',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/cli\\.ts$' },
      to: { path: ['^src/cli\\.ts$', '^src/cli/client\\.ts$'] },
    },
    {
      name: 'src-stands-alone',
      comment: 'the product does not import tests, benches or scripts',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^(test|bench|scripts)/' },
    },
    {
      name: 'no-dev-dependency-in-src',
      comment: 'what src/ imports is installed by `npm install --omit=dev` too',
      severity: 'error',
      from: { path: '^src/' },
      to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'read-below-surfaces',
      comment: 'read/ (the read model) serves the surfaces: it imports no page, route, report or CLI',
      severity: 'error',
      from: { path: '^src/read/' },
      to: { path: ['^src/dashboards/', '^src/routes/', '^src/report/', '^src/cli/', '^src/lake/'] },
    },
    {
      name: 'through-the-door',
      comment:
        'a room is entered through its index.ts: a file of another room imports src/ROOM/index.ts, not the files behind it',
      severity: 'error',
      from: { path: '^src/([^/]+)/' },
      to: { path: '^src/[^/]+/', pathNot: ['^src/$1/', '^src/[^/]+/index\\.ts$'] },
    },
    {
      name: 'top-through-the-door',
      comment: 'the top-level modules (app, server, demo, config …) enter rooms through their index.ts too',
      severity: 'error',
      from: { path: '^src/[^/]+\\.ts$', pathNot: '^src/cli\\.ts$' },
      to: { path: '^src/[^/]+/', pathNot: '^src/[^/]+/index\\.ts$' },
    },
    {
      name: 'entry-starts-the-client',
      comment: 'src/cli.ts imports only the CLI client (and the shared top-level modules)',
      severity: 'error',
      from: { path: '^src/cli\\.ts$' },
      to: { path: '^src/[^/]+/', pathNot: ['^src/cli/client\\.ts$', '^src/[^/]+/index\\.ts$'] },
    },
    {
      name: 'config-knows-no-room',
      comment:
        'src/config.ts (the settings, their limits and defaults) imports no room but the words (i18n/, for its errors): ' +
        'every room may take its limits from it',
      severity: 'error',
      from: { path: '^src/config\\.ts$' },
      to: { path: '^src/[^/]+/', pathNot: '^src/i18n/' },
    },
    {
      name: 'no-unresolvable',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    doNotFollow: { path: 'node_modules' },
    // packages that publish only "exports" conditions (vega-lite's types under "types")
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'types', 'default'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    exclude: { path: '^src/dashboards/public/' },
  },
};
