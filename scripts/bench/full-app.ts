// The full example app of this repository, as `npm run synth` builds it, into the given outdir.
import { MonitoringApp, MonitoringStack, resolveEnvironments } from '../../lib';
import { environments } from '../../stacks';
import { reportUsage } from './report-usage';

const app = new MonitoringApp({ outdir: process.argv[2] });
for (const environment of resolveEnvironments(environments)) new MonitoringStack(app, environment);
app.synth();
reportUsage();
