/**
 * The layering of ../shared/DESIGN.md, enforced in `npm test` (npm run lint:layers). Imports point down
 *   main.ts -> stacks/ -> constructs/<feature>/ -> constructs/primitives/ -> model/
 *   scripts/ -> stacks/, config/ -> model/
 * and never up, and nothing imports in a circle. A broken rule fails with its name and the offending import.
 */
const PROJECT = '^(main\\.ts|model|config|constructs|stacks|scripts|test)(/|$)';

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'Import circles make load order matter and layers meaningless; move the shared part down a layer.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-unresolvable',
      severity: 'error',
      comment: 'An import that resolves to nothing would otherwise be invisible to the rules below.',
      from: {},
      to: { couldNotResolve: true },
    },
    {
      name: 'model-is-the-leaf',
      severity: 'error',
      comment: 'model/ holds the facts every layer shares; it imports nothing of the project but itself.',
      from: { path: '^model/' },
      to: { path: PROJECT, pathNot: '^model/' },
    },
    {
      name: 'config-imports-model-only',
      severity: 'error',
      comment: 'Config is validated at the edge and knows nothing of constructs, stacks or scripts.',
      from: { path: '^config/' },
      to: { path: PROJECT, pathNot: '^(model|config)/' },
    },
    {
      name: 'constructs-never-see-config',
      severity: 'error',
      comment: 'Constructs take props; stacks/ maps config to props. Constructs never import config/, stacks/ or scripts/.',
      from: { path: '^constructs/' },
      to: { path: '^(main\\.ts|config|stacks|scripts|test)(/|$)' },
    },
    {
      name: 'primitives-import-model-only',
      severity: 'error',
      comment: 'Primitives are the building blocks of every feature; they depend on no feature.',
      from: { path: '^constructs/primitives/' },
      to: { path: '^constructs/', pathNot: '^constructs/primitives/' },
    },
    {
      name: 'features-import-own-folder-model-and-primitives',
      severity: 'error',
      comment: 'A feature folder imports model/, constructs/primitives/ and itself; what two features share belongs in model/contracts.ts.',
      from: { path: '^constructs/([^/]+)/', pathNot: '^constructs/primitives/' },
      to: { path: '^constructs/', pathNot: ['^constructs/$1/', '^constructs/primitives/'] },
    },
    {
      name: 'stacks-never-import-scripts',
      severity: 'error',
      comment: 'Stacks are what `cdktf synth` loads; scripts (plan, bench, capacity) sit above them.',
      from: { path: '^stacks/' },
      to: { path: '^(main\\.ts|scripts|test)(/|$)' },
    },
    {
      name: 'only-tests-import-tests',
      severity: 'error',
      comment: 'Shipped code must not depend on test helpers.',
      from: { pathNot: '^test/' },
      to: { path: '^test/' },
    },
    {
      name: 'unit-tests-never-import-integration-helpers',
      severity: 'error',
      comment: 'test/unit/ runs without binaries; helpers that run terraform or helm live in test/integration/.',
      from: { path: '^test/unit/' },
      to: { path: '^test/integration/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|cdktf\\.out|charts)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
