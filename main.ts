import { MonitoringApp, MonitoringStack, resolveEnvironments } from './lib';
import { environments } from './stacks';

const app = new MonitoringApp();
for (const environment of resolveEnvironments(environments)) {
  new MonitoringStack(app, environment);
}
app.synth();
