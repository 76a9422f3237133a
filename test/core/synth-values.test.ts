import { readFileSync } from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, TerraformOutput, TerraformStack, Testing, Token } from 'cdktf';
import { SynthValues } from '../../lib/core/synth-values';

// SynthValues renders a value at synth, once per synth although cdktf resolves every element twice
// (a preparing pass, then the pass it writes), and never serves a text rendered by an earlier synth.
describe('SynthValues', () => {
  test('GIVEN an app synth THEN the text is rendered once and written', () => {
    const outdir = mkdtempSync(join(tmpdir(), 'synth-values-'));
    try {
      const app = new App({ outdir });
      const stack = new TerraformStack(app, 'values');
      let renders = 0;
      new TerraformOutput(stack, 'text', { value: Token.asString(new SynthValues(() => `rendered ${++renders}`)) });
      app.synth();
      expect(renders).toBe(1);
      const json = JSON.parse(readFileSync(join(outdir, 'stacks', 'values', 'cdk.tf.json'), 'utf8'));
      expect(json.output.text.value).toBe('rendered 1');
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });

  test('GIVEN state that changes between two synths THEN each synth renders the current state', () => {
    const stack = new TerraformStack(Testing.app(), 'values');
    let state = 'first';
    new TerraformOutput(stack, 'text', { value: Token.asString(new SynthValues(() => state)) });
    expect(JSON.parse(Testing.synth(stack)).output.text.value).toBe('first');
    state = 'second';
    expect(JSON.parse(Testing.synth(stack)).output.text.value).toBe('second');
  });
});
