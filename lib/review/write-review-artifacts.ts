import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { App, TerraformStack } from 'cdktf';
import { COMPONENTS_FILE } from './components-json';
import { ReviewArtifacts } from './review-artifacts';

/**
 * Writes `<outdir>/review/<stack>/…` (the rendered files, summary.md and components.json) for every
 * stack of the app. The review folder is removed first, so files of an earlier synth that no longer
 * apply do not linger.
 */
export function writeReviewArtifacts(app: App): string {
  const reviewDir = join(app.outdir, 'review');
  rmSync(reviewDir, { recursive: true, force: true });
  const stacks = app.node.children.filter((child): child is TerraformStack => child instanceof TerraformStack);
  for (const stack of stacks) {
    const registry = ReviewArtifacts.of(stack);
    const files = registry.render();
    files.set(COMPONENTS_FILE, registry.renderComponentsJson());
    for (const [relativePath, content] of files) {
      const target = join(reviewDir, stack.node.id, relativePath);
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, content.endsWith('\n') ? content : `${content}\n`);
    }
  }
  return reviewDir;
}
