// The full example app of this repository: main.ts itself, as `npm run synth` runs it, into the outdir
// given as the first argument (cdktf's App reads CDKTF_OUTDIR).
import { reportUsage } from './report-usage';

process.env.CDKTF_OUTDIR = process.argv[2];
require('../../main');
reportUsage();
