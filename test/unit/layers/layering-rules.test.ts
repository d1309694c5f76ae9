/**
 * The layering rules (.dependency-cruiser.js) can fail: a throwaway tree breaking each rule once must be
 * reported with that rule's name. (`npm test` runs the same rules over the real tree.)
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const CONFIG = path.join(ROOT, '.dependency-cruiser.js');
const { forbidden } = require(CONFIG) as { forbidden: { name: string }[] };

/** One file per rule that imports what the rule forbids; every other import in the tree is allowed. */
const BREAKING_IMPORTS: Record<string, Record<string, string>> = {
  'no-circular': { 'stacks/a.ts': "import './b';", 'stacks/b.ts': "import './a';" },
  'no-unresolvable': { 'stacks/c.ts': "import '../model/missing';" },
  'model-is-the-leaf': { 'model/names.ts': "import '../config/schema';" },
  'config-imports-model-only': { 'config/schema.ts': "import '../constructs/triton/release';" },
  'constructs-never-see-config': { 'constructs/triton/release.ts': "import '../../config/schema';" },
  'primitives-import-model-only': { 'constructs/primitives/bucket.ts': "import '../triton/release';" },
  'features-import-own-folder-model-and-primitives': { 'constructs/cdn/cdn.ts': "import '../triton/release';" },
  'stacks-never-import-scripts': { 'stacks/app.ts': "import '../scripts/plan';" },
  'only-tests-import-tests': { 'scripts/plan.ts': "import '../test/unit/helper';" },
  'unit-tests-never-import-integration-helpers': { 'test/unit/helper.ts': "import '../integration/terraform';" },
};

function cruise(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'spillway-layers-'));
  const all: Record<string, string> = {
    'tsconfig.json': '{"compilerOptions":{"module":"commonjs","moduleResolution":"node"}}',
    'model/names.ts': 'export {};',
    'config/schema.ts': 'export {};',
    'constructs/triton/release.ts': 'export {};',
    'constructs/primitives/bucket.ts': 'export {};',
    'constructs/cdn/cdn.ts': 'export {};',
    'stacks/app.ts': 'export {};',
    'scripts/plan.ts': 'export {};',
    'test/unit/helper.ts': 'export {};',
    'test/integration/terraform.ts': 'export {};',
    // Files that import only what the rules allow: none of them may be reported.
    'config/load.ts': "import '../model/names'; import './schema';",
    'constructs/triton/model.ts': "import '../../model/names'; import '../primitives/bucket'; import './release';",
    'stacks/infra.ts': "import '../config/schema'; import '../constructs/cdn/cdn'; import '../model/names';",
    'scripts/bench.ts': "import '../stacks/app'; import '../config/load';",
    'test/unit/stacks.test.ts': "import '../../stacks/app'; import './helper';",
    'test/integration/plan.test.ts': "import '../../scripts/plan'; import '../unit/helper'; import './terraform';",
    ...files,
  };
  for (const [file, text] of Object.entries(all)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
  const folders = ['model', 'config', 'constructs', 'stacks', 'scripts', 'test'];
  const result = spawnSync(path.join(ROOT, 'node_modules', '.bin', 'depcruise'), [...folders, '--config', CONFIG, '--output-type', 'err'], {
    cwd: dir,
    encoding: 'utf8',
  });
  fs.rmSync(dir, { recursive: true, force: true });
  return `${result.stdout}${result.stderr}`;
}

describe('the layering rules', () => {
  it('has a breaking case for every rule in the config, and no case for a rule that is gone', () => {
    expect(Object.keys(BREAKING_IMPORTS).sort()).toEqual(forbidden.map((rule) => rule.name).sort());
  });

  it('reports every rule at the import that breaks it, and nothing in the files that follow them', () => {
    // One tree breaking every rule at once, beside files that break none: one depcruise run.
    const report = cruise(Object.assign({}, ...Object.values(BREAKING_IMPORTS)));
    for (const [rule, files] of Object.entries(BREAKING_IMPORTS)) {
      const from = Object.keys(files)[0];
      expect(report).toMatch(new RegExp(`error ${rule}: ${from.replace(/[.]/g, '\\.')} →`));
    }
    const breaking = new Set(Object.values(BREAKING_IMPORTS).flatMap((files) => Object.keys(files)));
    const reported = [...report.matchAll(/error [a-z-]+: (\S+) →/g)].map((match) => match[1]);
    expect(reported.filter((file) => !breaking.has(file))).toEqual([]);
  });
});
