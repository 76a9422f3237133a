import { readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import * as ts from 'typescript';

/** Why a declaration counts as undocumented. */
export type DocProblem =
  /** No TSDoc comment, or one with tags only (e.g. a lone `@default`): a reader's hover shows no description. */
  | 'no description'
  /** An optional property of a `*Props` / `*Options` interface whose doc does not say what applies when it is omitted. */
  | 'no @default';

/** An exported declaration, or a public member of one, that is not documented well enough. */
export interface MissingDoc {
  /** Path of the source file, relative to the scanned directory. */
  readonly file: string;
  /** 1-based line of the declaration. */
  readonly line: number;
  /** `Name` for a top-level declaration, `Type.member` for a member. */
  readonly name: string;
  /** What is missing. */
  readonly problem: DocProblem;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    // `.d.ts` files here are ambient shims of third-party modules, not API of this library.
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Compiler options of the nearest tsconfig.json above `dir`, so imports (and so base types) resolve. */
function compilerOptions(dir: string): ts.CompilerOptions {
  const configPath = ts.findConfigFile(dir, ts.sys.fileExists);
  // No tsconfig (a scratch directory): the ES library alone, no DOM and no @types, is enough and quick to load.
  if (!configPath) return { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS, lib: ['lib.es2022.d.ts'], types: [], noEmit: true };
  const host: ts.ParseConfigFileHost = { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined };
  return { ...(ts.getParsedCommandLineOfConfigFile(configPath, {}, host)?.options ?? {}), noEmit: true };
}

const text = (parts: ts.SymbolDisplayPart[]) => ts.displayPartsToString(parts).trim();

/**
 * The description a node's own TSDoc gives: the comment text, or for a constructor parameter property
 * the text of the constructor's matching `@param` tag. Tags alone (`@default 600`) are not a description.
 */
function ownDescription(node: ts.Node): string {
  return ts
    .getJSDocCommentsAndTags(node)
    .map((doc) => (ts.isJSDoc(doc) || ts.isJSDocParameterTag(doc) ? ts.getTextOfJSDocComment(doc.comment) ?? '' : ''))
    .join('')
    .trim();
}

function isExported(node: ts.Node): boolean {
  return (ts.getCombinedModifierFlags(node as ts.Declaration) & ts.ModifierFlags.Export) !== 0;
}

function isPublic(node: ts.Declaration): boolean {
  return (ts.getCombinedModifierFlags(node) & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected)) === 0;
}

type Member = ts.ClassElement | ts.TypeElement | ts.ParameterDeclaration;

/** The public members a consumer sees: properties, methods, accessors, and constructor parameter properties. */
function publicMembers(declaration: ts.ClassDeclaration | ts.InterfaceDeclaration): Member[] {
  const members: Member[] = [];
  const all = declaration.members as ts.NodeArray<ts.ClassElement | ts.TypeElement>;
  for (const member of all) {
    if (ts.isConstructorDeclaration(member)) {
      members.push(...member.parameters.filter((p) => ts.isParameterPropertyDeclaration(p, member) && isPublic(p)));
      continue;
    }
    if (ts.isIndexSignatureDeclaration(member) || ts.isClassStaticBlockDeclaration(member) || ts.isSemicolonClassElement(member)) continue;
    if (!member.name || ts.isPrivateIdentifier(member.name) || !isPublic(member)) continue;
    // The implementation of an overloaded method is not callable from outside; its overload signatures are.
    const isOverloadImplementation =
      ts.isMethodDeclaration(member) &&
      member.body !== undefined &&
      all.some((other) => other !== member && ts.isMethodDeclaration(other) && !other.body && other.name?.getText() === member.name.getText());
    if (!isOverloadImplementation) members.push(member);
  }
  return members;
}

/**
 * Exported classes, interfaces, functions, type aliases, enums and constants of `libDir`, and the public
 * members of exported classes and interfaces, whose TSDoc has no description; and optional properties of
 * exported `*Props` / `*Options` interfaces without `@default`.
 *
 * A member with no comment of its own passes when it overrides or implements a documented member of a
 * base class or interface: the TypeScript language service (editor hover, `getDocumentationComment`)
 * shows the base member's doc there, and copying one doc onto every implementation (e.g. `ruleGroups` of
 * each rule pack) would only let the copies drift. This is decided by the type checker, not by name, so
 * it only applies when the base member really is documented. Top-level declarations inherit nothing.
 */
export function findMissingDocs(libDir: string): MissingDoc[] {
  const dir = resolve(libDir);
  const files = sourceFiles(dir);
  const program = ts.createProgram(files, compilerOptions(dir));
  const checker = program.getTypeChecker();
  const missing: MissingDoc[] = [];

  for (const file of files) {
    const source = program.getSourceFile(file)!;
    const report = (node: ts.Node, name: string, problem: DocProblem) =>
      missing.push({ file: relative(dir, file), line: source.getLineAndCharacterOfPosition(node.getStart()).line + 1, name, problem });

    for (const statement of source.statements) {
      if (!isExported(statement)) continue;
      if (ts.isClassDeclaration(statement) || ts.isInterfaceDeclaration(statement)) {
        const typeName = statement.name?.getText() ?? '(anonymous)';
        if (!ownDescription(statement)) report(statement, typeName, 'no description');
        const needsDefaults = ts.isInterfaceDeclaration(statement) && /(Props|Options)$/.test(typeName);
        for (const member of publicMembers(statement)) {
          const name = `${typeName}.${member.name!.getText()}`;
          const symbol = checker.getSymbolAtLocation(member.name!);
          // getDocumentationComment falls back to the overridden/implemented member's doc (see above).
          const described = ownDescription(member) || (symbol ? text(symbol.getDocumentationComment(checker)) : '');
          if (!described) report(member, name, 'no description');
          if (needsDefaults && ts.isPropertySignature(member) && member.questionToken) {
            const tags = symbol?.getJsDocTags(checker) ?? [];
            if (!tags.some((tag) => tag.name === 'default')) report(member, name, 'no @default');
          }
        }
      } else if (ts.isFunctionDeclaration(statement) || ts.isTypeAliasDeclaration(statement) || ts.isEnumDeclaration(statement)) {
        if (!ownDescription(statement)) report(statement, statement.name?.getText() ?? '(anonymous)', 'no description');
      } else if (ts.isVariableStatement(statement)) {
        if (!ownDescription(statement)) report(statement, statement.declarationList.declarations.map((d) => d.name.getText()).join(', '), 'no description');
      }
    }
  }
  return missing;
}
