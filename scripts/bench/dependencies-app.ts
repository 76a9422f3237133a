// The budget's floor for `npm run bench`: the minimal one-release app after loading every file that the
// full app loads from node_modules (the full app's own list, passed in a JSON file), and none of this
// repository's code. Usage: dependencies-app.ts <outdir> <files.json>.
import { readFileSync } from 'node:fs';
import { synthOneReleaseApp } from './one-release';
import { reportUsage } from './report-usage';

const [outdir, listFile] = process.argv.slice(2);
if (!outdir || !listFile) throw new Error('usage: dependencies-app.ts <outdir> <files.json>');
for (const file of JSON.parse(readFileSync(listFile, 'utf8')) as string[]) require(file);
synthOneReleaseApp(outdir);
reportUsage();
