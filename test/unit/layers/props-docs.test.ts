/**
 * Every property of every exported `*Props` interface under constructs/ (its own, and those it inherits from
 * constructs/ or model/) has a doc comment saying what it is for, and every optional one also says what happens
 * when it is absent (`@default`): the props style of aws-cdk-lib (../shared/DESIGN.md, "Styles worth learning
 * from"). The files come from walking the folders, so a new construct is checked without being listed here.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

const ROOT = path.resolve(__dirname, '..', '..', '..');

/** Every `.ts` file under `dir`, a folder relative to the repository root, with its path relative to the root. */
function tsFilesUnder(dir: string): string[] {
  return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const file = path.posix.join(dir, entry.name);
    if (entry.isDirectory()) return tsFilesUnder(file);
    return entry.name.endsWith('.ts') ? [file] : [];
  });
}

/** The text of a declaration's own doc comment (without its tags) and of its `@default` tag, trimmed. */
function docsOf(declaration: ts.Declaration): { text: string; defaultText: string } {
  const text = ts
    .getJSDocCommentsAndTags(declaration)
    .filter(ts.isJSDoc)
    .map((doc) => ts.getTextOfJSDocComment(doc.comment) ?? '')
    .join(' ');
  const defaultTag = ts.getJSDocTags(declaration).find((tag) => tag.tagName.text === 'default');
  return { text: text.trim(), defaultText: (defaultTag ? (ts.getTextOfJSDocComment(defaultTag.comment) ?? '') : '').trim() };
}

/**
 * Checks the exported `*Props` interfaces of the `checked` files. `sources` maps file names to their text: the
 * checked files and every file whose interfaces they may extend (imports of anything else stay unresolved, and
 * members inherited from there are not seen). Returns the interfaces checked and one line per problem,
 * `<file> <Interface>.<property>: no doc comment` or `...: optional without @default`, named where the property
 * is declared: an inherited property under the interface it comes from, once however many Props extend it.
 */
export function propsDocProblems(
  sources: Readonly<Record<string, string>>,
  checked: readonly string[] = Object.keys(sources),
): { interfaces: string[]; problems: string[] } {
  // The compiler resolves imports to absolute paths: serve `sources` under the repository root, whatever the
  // working directory, and everything else (the standard library) from disk.
  const text = new Map(Object.entries(sources).map(([file, source]) => [path.resolve(ROOT, file), source]));
  const options: ts.CompilerOptions = { noResolve: true, types: [] };
  const host = ts.createCompilerHost(options);
  const fromDisk = host.getSourceFile;
  host.getCurrentDirectory = () => ROOT;
  host.getSourceFile = (name, languageVersion, ...rest) => {
    const source = text.get(path.resolve(ROOT, name));
    return source === undefined ? fromDisk(name, languageVersion, ...rest) : ts.createSourceFile(name, source, languageVersion, true);
  };
  host.fileExists = (name) => text.has(path.resolve(ROOT, name)) || ts.sys.fileExists(name);
  host.readFile = (name) => text.get(path.resolve(ROOT, name)) ?? ts.sys.readFile(name);
  const program = ts.createProgram([...text.keys()], options, host);
  const checker = program.getTypeChecker();

  const interfaces: string[] = [];
  const problems = new Set<string>();
  for (const file of checked) {
    for (const statement of program.getSourceFile(path.resolve(ROOT, file))!.statements) {
      if (!ts.isInterfaceDeclaration(statement) || !statement.name.text.endsWith('Props')) continue;
      if (!(ts.getCombinedModifierFlags(statement) & ts.ModifierFlags.Export)) continue;
      interfaces.push(statement.name.text);
      const type = checker.getDeclaredTypeOfSymbol(checker.getSymbolAtLocation(statement.name)!);
      for (const property of checker.getPropertiesOfType(type)) {
        const declaration = property.declarations?.[0];
        const owner = declaration && ts.isInterfaceDeclaration(declaration.parent) ? declaration.parent : statement;
        const where = `${path.relative(ROOT, owner.getSourceFile().fileName)} ${owner.name.text}.${property.name}`;
        const docs = declaration ? docsOf(declaration) : { text: '', defaultText: '' };
        if (!docs.text) problems.add(`${where}: no doc comment`);
        if (property.flags & ts.SymbolFlags.Optional && !docs.defaultText) problems.add(`${where}: optional without @default`);
      }
    }
  }
  return { interfaces, problems: [...problems] };
}

describe('doc comments of construct props', () => {
  it('documents every property of every exported *Props interface under constructs/, and every default', () => {
    const files = [...tsFilesUnder('constructs'), ...tsFilesUnder('model')];
    const sources = Object.fromEntries(files.map((file) => [file, fs.readFileSync(path.join(ROOT, file), 'utf8')]));
    const constructFiles = files.filter((file) => file.startsWith('constructs/'));
    const { interfaces, problems } = propsDocProblems(sources, constructFiles);

    expect(problems).toEqual([]);
    // The compiler walk saw every interface a plain text search sees, so an empty list means checked, not missed.
    const declared = constructFiles.flatMap((file) => [...sources[file].matchAll(/^export interface (\w+Props)\b/gm)].map((match) => match[1]));
    expect(interfaces.sort()).toEqual(declared.sort());
    expect(interfaces.length).toBeGreaterThan(0);
  });

  it('reports an undocumented property and an optional one without @default, own or inherited, and nothing else', () => {
    const { interfaces, problems } = propsDocProblems(
      {
        'model/base.ts': ['export interface BaseSpec {', '  readonly inherited: string;', '}'].join('\n'),
        'constructs/demo/demo.ts': [
          "import { BaseSpec } from '../../model/base';",
          'export interface DemoProps extends BaseSpec {',
          '  readonly undocumented: string;',
          '  /** What it is for. */',
          '  readonly optionalWithoutDefault?: number;',
          '  /** What it is for. @default none */',
          '  readonly documented?: string;',
          // A tag alone says nothing of what the property is for.
          '  /** @default 3 */',
          '  readonly onlyADefault?: number;',
          '}',
          'interface HiddenProps {',
          '  readonly notExported: string;',
          '}',
          'export interface DemoSettings {',
          '  readonly notProps: string;',
          '}',
        ].join('\n'),
      },
      ['constructs/demo/demo.ts'],
    );

    expect(interfaces).toEqual(['DemoProps']);
    expect(problems).toEqual([
      'constructs/demo/demo.ts DemoProps.undocumented: no doc comment',
      'constructs/demo/demo.ts DemoProps.optionalWithoutDefault: optional without @default',
      'constructs/demo/demo.ts DemoProps.onlyADefault: no doc comment',
      'model/base.ts BaseSpec.inherited: no doc comment',
    ]);
  });
});
