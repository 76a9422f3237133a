import { Dirent, mkdirSync, readFileSync, readdirSync, rmSync, rmdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { App, TerraformStack } from 'cdktf';
import { COMPONENTS_FILE } from './components-json';
import { ReviewArtifacts } from './review-artifacts';

/**
 * Writes `<outdir>/review/<stack>/…` (the rendered files, summary.md and components.json) for every
 * stack of the app. What an earlier synth left that no longer applies (files, folders, stacks no longer
 * in the app) is removed. A file whose bytes are unchanged is left as it is: a synth that changes little
 * rewrites little (at 1,000 services the folder holds ~3,000 files, and deleting and creating them all
 * again took 1–2 s on a VM's disk; README "Performance"), and each file's modification time says when
 * its content last changed.
 */
export function writeReviewArtifacts(app: App): string {
  const reviewDir = join(app.outdir, 'review');
  const stacks = app.node.children.filter((child): child is TerraformStack => child instanceof TerraformStack);
  const stackIds = new Set(stacks.map((stack) => stack.node.id));
  if (statSync(reviewDir, { throwIfNoEntry: false })?.isDirectory() === false) rmSync(reviewDir, { force: true });
  for (const entry of entries(reviewDir)) {
    if (!entry.isDirectory() || !stackIds.has(entry.name)) rmSync(join(reviewDir, entry.name), { recursive: true, force: true });
  }
  for (const stack of stacks) {
    const registry = ReviewArtifacts.of(stack);
    const files = registry.render();
    files.set(COMPONENTS_FILE, registry.renderComponentsJson());
    const stackDir = join(reviewDir, stack.node.id);
    const texts = new Map([...files].map(([relativePath, content]) => [join(stackDir, relativePath), content.endsWith('\n') ? content : `${content}\n`]));
    removeAllBut(stackDir, texts);
    for (const [path, text] of texts) writeIfChanged(path, text);
  }
  return reviewDir;
}

/** Removes under `dir` every file that is not kept, and every folder left empty. */
function removeAllBut(dir: string, keep: { has(path: string): boolean }): void {
  for (const entry of entries(dir)) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      removeAllBut(path, keep);
      // a folder where a file is to be written is emptied too (no kept path lies under a kept file)
      if (readdirSync(path).length === 0) rmdirSync(path);
    } else if (!keep.has(path)) {
      rmSync(path, { force: true });
    }
  }
}

/** Writes `text` to `path` unless the file holds exactly its bytes already. */
function writeIfChanged(path: string, text: string): void {
  const bytes = Buffer.from(text);
  if (readIfFile(path)?.equals(bytes)) return;
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, bytes);
}

function readIfFile(path: string): Buffer | undefined {
  try {
    return readFileSync(path);
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
}

/** A folder's entries; none when it does not exist. */
function entries(dir: string): Dirent[] {
  try {
    return readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    if (isNotFound(error)) return [];
    throw error;
  }
}

function isNotFound(error: unknown): boolean {
  return (error as NodeJS.ErrnoException).code === 'ENOENT';
}
