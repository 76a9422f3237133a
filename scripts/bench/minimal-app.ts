// Baseline for `npm run bench`: the smallest useful cdktf app, one provider and one helm_release.
import { synthOneReleaseApp } from './one-release';
import { reportUsage } from './report-usage';

synthOneReleaseApp(process.argv[2]);
reportUsage();
