import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { buildExampleApp } from '../support/synth';

/** The review workflow, parsed; these tests keep its essential steps from rotting silently. */
const workflow = parse(readFileSync(join(__dirname, '../../.github/workflows/review.yml'), 'utf8'));
const review = workflow.jobs.review;
const cdktfDiff = workflow.jobs['cdktf-diff'];
const stepIndex = (steps: any[], predicate: (s: any) => boolean): number => steps.findIndex(predicate);

describe('.github/workflows/review.yml', () => {
  test('runs on pull requests and pushes to main, and may comment on pull requests', () => {
    expect(workflow.on).toHaveProperty('pull_request');
    expect(workflow.on.push.branches).toEqual(['main']);
    expect(workflow.permissions).toEqual({ contents: 'read', 'pull-requests': 'write' });
  });

  test('every action is pinned by major version', () => {
    const uses = [...review.steps, ...cdktfDiff.steps].map((s: any) => s.uses).filter(Boolean);
    expect(uses.length).toBeGreaterThanOrEqual(7);
    for (const action of uses) expect(action).toMatch(/^[\w.-]+\/[\w.-]+@v\d+$/);
  });

  test('checks out full history, sets up Node 20, tests, synthesizes — in that order', () => {
    const steps = review.steps;
    const checkout = stepIndex(steps, (s) => s.uses?.startsWith('actions/checkout@'));
    const node = stepIndex(steps, (s) => s.uses?.startsWith('actions/setup-node@'));
    const test = stepIndex(steps, (s) => s.run === 'bash scripts/test.sh');
    const synth = stepIndex(steps, (s) => s.run === 'bash scripts/synth.sh');
    expect(steps[checkout].with['fetch-depth']).toBe(0);
    expect(String(steps[node].with['node-version'])).toBe('20');
    expect([checkout, node, test, synth].every((i) => i >= 0)).toBe(true);
    expect([checkout, node, test, synth]).toEqual([...[checkout, node, test, synth]].sort((a, b) => a - b));
  });

  test('on pull requests, writes the review diff against the base branch and posts it as one updated comment', () => {
    const steps = review.steps;
    const diff = stepIndex(steps, (s) => typeof s.run === 'string' && s.run.includes('npm run review -- --base'));
    expect(diff).toBeGreaterThan(stepIndex(steps, (s) => s.run === 'bash scripts/synth.sh'));
    expect(steps[diff].if).toBe("github.event_name == 'pull_request'");
    expect(steps[diff].run).toBe('npm run review -- --base "origin/$BASE_REF"');
    expect(steps[diff].env.BASE_REF).toBe('${{ github.base_ref }}');
    const comment = stepIndex(steps, (s) => s.uses?.startsWith('actions/github-script@'));
    expect(comment).toBeGreaterThan(diff);
    expect(steps[comment].if).toBe("github.event_name == 'pull_request'");
    const script: string = steps[comment].with.script;
    expect(script).toContain("readFileSync('cdktf.out/review/diff.md'");
    expect(script).toContain('updateComment');
    expect(script).toContain('createComment');
  });

  test('uploads cdktf.out/review as an artifact after the review diff', () => {
    const steps = review.steps;
    const upload = stepIndex(steps, (s) => s.uses?.startsWith('actions/upload-artifact@'));
    expect(steps[upload].with.path).toBe('cdktf.out/review');
    expect(upload).toBeGreaterThan(stepIndex(steps, (s) => typeof s.run === 'string' && s.run.includes('npm run review')));
  });

  test('runs cdktf diff per stack with the kubeconfig from KUBECONFIG_<ENV>, and skips cleanly without it', () => {
    expect(cdktfDiff.needs).toBe('review');
    expect(cdktfDiff.strategy['fail-fast']).toBe(false);
    expect(cdktfDiff.strategy.matrix.include).toEqual([
      { stack: 'monitoring-dev', secret: 'KUBECONFIG_DEV' },
      { stack: 'monitoring-staging', secret: 'KUBECONFIG_STAGING' },
      { stack: 'monitoring-prod', secret: 'KUBECONFIG_PROD' },
    ]);
    const stacks = buildExampleApp().stacks.map((stack) => stack.node.id);
    expect(cdktfDiff.strategy.matrix.include.map((e: any) => e.stack).sort()).toEqual([...stacks].sort());
    const [write, ...rest] = cdktfDiff.steps;
    expect(write.id).toBe('kubeconfig');
    expect(write.env.KUBECONFIG_CONTENT).toBe('${{ secrets[matrix.secret] }}');
    expect(write.run).toMatch(/if \[ -z "\$KUBECONFIG_CONTENT" \]; then\n\s+echo "configured=false" >> "\$GITHUB_OUTPUT"[\s\S]*exit 0/);
    for (const step of rest) expect(step.if).toMatch(/steps\.kubeconfig\.outputs\.configured == 'true'/);
    const diff = rest.find((s: any) => typeof s.run === 'string' && s.run.startsWith('npx cdktf diff'));
    expect(diff.run).toBe('npx cdktf diff ${{ matrix.stack }} --var "kubeconfig_path=$RUNNER_TEMP/kubeconfig"');
  });
});
