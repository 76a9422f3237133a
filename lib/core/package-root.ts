import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The folder of this package (where package.json is), whether run from source or from dist/. */
export function packageRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json')) || !existsSync(join(dir, 'charts', 'manifests'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`cannot find the package root above ${__dirname}`);
    dir = parent;
  }
  return dir;
}
