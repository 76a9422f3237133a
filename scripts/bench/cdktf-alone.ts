import { App, TerraformBackend, TerraformDataSource, TerraformElement, TerraformOutput, TerraformProvider, TerraformResource, TerraformStack, TerraformVariable } from 'cdktf';
import { Construct } from 'constructs';

/*
 * cdktf's share of a synth: the Terraform elements of stacks this library synthesized, read from their
 * cdk.tf.json and built again as cdktf's generic elements, each block's attributes given as overrides, then
 * synthesized by cdktf (token resolution, JSON writing) with none of this library's code and no provider
 * class. It writes the same Terraform blocks (test/bench/cdktf-alone.test.ts), so its time is what cdktf
 * alone needs for this output: the floor under the bench's synth ratio that no work of this library can go
 * below.
 */

/** One stack's cdk.tf.json, as cdktf writes it. */
export interface TerraformDocument {
  readonly [block: string]: unknown;
}

type Blocks = Record<string, Record<string, unknown>>;

/** A backend block from its name and settings (TerraformBackend is abstract in cdktf's types). */
class GenericBackend extends TerraformBackend {
  public constructor(scope: Construct, name: string) {
    super(scope, 'backend', name);
  }
  public getRemoteStateDataSource(): never {
    throw new Error('not used: the generic backend only writes its block');
  }
}

/** A provider block from its type, source and version (TerraformProvider is abstract in cdktf's types). */
class GenericProvider extends TerraformProvider {}

/** Builds each document as a stack of generic elements under one App in `outdir`, then synthesizes it. */
export function synthWithCdktfAlone(outdir: string, documents: ReadonlyArray<TerraformDocument>): void {
  const app = new App({ outdir });
  documents.forEach((document, index) => buildStack(new TerraformStack(app, `stack-${index}`), document));
  app.synth();
}

function buildStack(stack: TerraformStack, document: TerraformDocument): void {
  for (const [block, body] of Object.entries(document)) {
    if (block === '//') continue; // cdktf's own metadata, written anew
    const blocks = body as Blocks;
    switch (block) {
      case 'terraform':
        addBackends(stack, blocks);
        break; // required_providers: written by the providers below
      case 'provider':
        addProviders(stack, body as Record<string, unknown[]>, document);
        break;
      case 'resource':
        addElements(blocks, (type, name) => new TerraformResource(stack, `resource.${type}.${name}`, { terraformResourceType: type }));
        break;
      case 'data':
        addElements(blocks, (type, name) => new TerraformDataSource(stack, `data.${type}.${name}`, { terraformResourceType: type }));
        break;
      case 'variable':
        addNamed(blocks, (name) => new TerraformVariable(stack, `variable.${name}`, {}));
        break;
      case 'output':
        addNamed(blocks, (name, attributes) => new TerraformOutput(stack, `output.${name}`, { value: attributes.value }));
        break;
      default:
        // a block this floor does not rebuild would make it cheaper than the output it stands for
        throw new Error(`cdktf-alone: the "${block}" block of a cdk.tf.json is not rebuilt; add it to scripts/bench/cdktf-alone.ts`);
    }
  }
}

function addBackends(stack: TerraformStack, terraform: Blocks): void {
  const backends = (terraform.backend ?? {}) as Blocks;
  for (const [name, settings] of Object.entries(backends)) override(new GenericBackend(stack, name), settings);
}

function addProviders(stack: TerraformStack, providers: Record<string, unknown[]>, document: TerraformDocument): void {
  const required = ((document.terraform as Blocks | undefined)?.required_providers ?? {}) as Record<string, { source?: string; version?: string }>;
  for (const [type, configurations] of Object.entries(providers)) {
    configurations.forEach((configuration, index) => {
      const provider = new GenericProvider(stack, `provider.${type}.${index}`, {
        terraformResourceType: type,
        terraformProviderSource: required[type]?.source,
        terraformGeneratorMetadata: { providerName: type, providerVersion: required[type]?.version },
      });
      override(provider, configuration as Record<string, unknown>);
    });
  }
}

/** Elements of `type.name` blocks (resources, data sources), keeping each block's name. */
function addElements(blocks: Blocks, create: (type: string, name: string) => TerraformElement): void {
  for (const [type, byName] of Object.entries(blocks)) addNamed(byName as Blocks, (name) => create(type, name));
}

/** Elements of `name` blocks, keeping each block's name as its logical id. */
function addNamed(blocks: Blocks, create: (name: string, attributes: Record<string, unknown>) => TerraformElement): void {
  for (const [name, attributes] of Object.entries(blocks)) {
    const element = create(name, attributes as Record<string, unknown>);
    element.overrideLogicalId(name);
    override(element, attributes as Record<string, unknown>);
  }
}

function override(element: TerraformElement, attributes: Record<string, unknown>): void {
  for (const [key, value] of Object.entries(attributes)) if (key !== '//') element.addOverride(key, value);
}
