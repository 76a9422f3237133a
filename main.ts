import { MonitoringApp, MonitoringStack, resolveEnvironments } from './lib';
import { environments } from './stacks';

// tsx turns on source-mapped stack traces, and cdktf records a stack trace for every token it creates:
// mapping them was a third of the time spent building the stacks. Our errors name construct paths, not
// lines; set DEBUG_SOURCE_MAPS=1 to get TypeScript lines in the trace of an unexpected crash.
if (!process.env.DEBUG_SOURCE_MAPS) process.setSourceMapsEnabled(false);

const app = new MonitoringApp();
for (const environment of resolveEnvironments(environments)) {
  new MonitoringStack(app, environment);
}
app.synth();
