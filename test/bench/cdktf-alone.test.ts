import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TerraformDocument, synthWithCdktfAlone } from '../../scripts/bench/cdktf-alone';
import { synthesizedExampleStacks } from '../support/synth';

/*
 * The bench's floor under the synth ratios (scripts/bench/cdktf-alone.ts) claims to be cdktf synthesizing
 * the same output with none of this library's code: it must write the same Terraform blocks, or its time
 * stands for less (or other) work than the app's.
 */

/** A document without cdktf's `//` metadata (construct paths and stack names, which differ by design). */
function withoutMetadata(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutMetadata);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).filter(([key]) => key !== '//').map(([key, inner]) => [key, withoutMetadata(inner)]));
}

/** Rebuilds the documents with cdktf alone and reads back what it wrote, stack by stack. */
function rebuilt(documents: TerraformDocument[]): Record<string, any>[] {
  const outdir = mkdtempSync(join(tmpdir(), 'cdktf-alone-'));
  synthWithCdktfAlone(outdir, documents);
  return documents.map((_, index) => JSON.parse(readFileSync(join(outdir, 'stacks', `stack-${index}`, 'cdk.tf.json'), 'utf8')));
}

describe('cdktf alone (the bench floor)', () => {
  test('writes the same Terraform as the example environments, block for block', () => {
    // GIVEN the example app's synthesized stacks (providers, a backend, variables and ~60 resources each)
    const stacks = synthesizedExampleStacks();
    expect(stacks.length).toBe(3);
    for (const { json } of stacks) expect(Object.keys(json.resource).length).toBeGreaterThan(3);
    // WHEN cdktf alone builds and synthesizes them again from their JSON
    const again = rebuilt(stacks.map((stack) => stack.json));
    // THEN every stack holds the same blocks, but for cdktf's metadata
    stacks.forEach(({ json }, index) => expect(withoutMetadata(again[index])).toEqual(withoutMetadata(json)));
  });

  test('rebuilds data sources and outputs too', () => {
    // GIVEN a document with a data source and an output referring to it
    const document = {
      terraform: { required_providers: { kubernetes: { source: 'kubernetes', version: '2.38.0' } } },
      provider: { kubernetes: [{ config_path: '~/.kube/config' }] },
      data: { kubernetes_namespace_v1: { monitoring: { metadata: { name: 'monitoring' } } } },
      output: { namespace_uid: { value: '${data.kubernetes_namespace_v1.monitoring.metadata[0].uid}', sensitive: false } },
    };
    // WHEN cdktf alone rebuilds it  THEN it writes the same blocks
    const again = withoutMetadata(rebuilt([document])[0]) as Record<string, any>;
    expect(again.data).toEqual(document.data);
    expect(again.output).toEqual(document.output);
    expect(again.provider).toEqual(document.provider);
    expect(again.terraform.required_providers).toEqual(document.terraform.required_providers);
  });

  test('refuses a block it does not rebuild, naming it', () => {
    // GIVEN a document with a locals block  WHEN cdktf alone rebuilds it  THEN it names the block instead of leaving it out
    expect(() => rebuilt([{ locals: { region: 'eu-west-1' } }])).toThrow(/the "locals" block .* is not rebuilt/);
  });
});
