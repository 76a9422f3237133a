import { TerraformStack } from 'cdktf';
import { IConstruct } from 'constructs';
import { compareText } from '../core/compare-text';
import { ValidationError, show } from '../core/validation-error';
import { chartValuesOverridesOf } from '../core/chart-values-override';
import { CHART_VALUES_OVERRIDES_FILE, chartValuesOverridesSection, renderChartValuesOverridesJson } from './chart-values-overrides';
import type { ComponentReview, SummarySection } from './component-review';
import { COMPONENTS_FILE, renderComponentsJson } from './components-json';
import { renderSummary } from './summary';

const SAFE_PATH = /^[a-z0-9][a-z0-9._-]*(\/[a-z0-9][a-z0-9._-]*)*$/i;
const registries = new WeakMap<TerraformStack, ReviewArtifacts>();

/**
 * The review artifacts of one stack: the files a reviewer reads instead of Terraform JSON, written to
 * `cdktf.out/review/<stack>/` at synth. Components register what they contribute as functions, which
 * run only when the artifacts are rendered, so that `add*` calls made after construction still count.
 */
export class ReviewArtifacts {
  /** The registry of the stack that contains `scope`. */
  public static of(scope: IConstruct): ReviewArtifacts {
    const stack = TerraformStack.of(scope);
    let registry = registries.get(stack);
    if (!registry) {
      registry = new ReviewArtifacts(stack);
      registries.set(stack, registry);
    }
    return registry;
  }

  /** Whether `stack` has a registry (every stack built from these constructs does). */
  public static has(stack: TerraformStack): boolean {
    return registries.has(stack);
  }

  private readonly files = new Map<string, () => string>();
  private readonly components: Array<() => ComponentReview> = [];
  private readonly sections: SummarySection[] = [];

  /** @param stack the stack whose review folder this registry collects. */
  private constructor(public readonly stack: TerraformStack) {}

  /** The stack's name, which is also the folder name under `cdktf.out/review/`. */
  public get stackName(): string {
    return this.stack.node.id;
  }

  /**
   * Adds a file, e.g. `rules/service-health.yaml`. Paths are relative, lowercase-friendly and unique.
   * @param owner construct path of the component adding it, for the error message.
   */
  public addFile(relativePath: string, render: () => string, owner: string): void {
    if (!SAFE_PATH.test(relativePath) || relativePath === 'summary.md' || relativePath === COMPONENTS_FILE || relativePath === CHART_VALUES_OVERRIDES_FILE) {
      throw new ValidationError(owner, `review file path ${show(relativePath)} is not allowed; use a relative path of letters, digits, '.', '_', '-' and '/', other than summary.md, ${COMPONENTS_FILE} and ${CHART_VALUES_OVERRIDES_FILE}.`);
    }
    if (this.files.has(relativePath)) {
      throw new ValidationError(owner, `review file ${show(relativePath)} is already written by another component of stack ${show(this.stackName)}; give it a unique name.`);
    }
    this.files.set(relativePath, render);
  }

  /** Registers a component for the summary's component table. */
  public addComponent(review: () => ComponentReview): void {
    this.components.push(review);
  }

  /** Adds a section to summary.md. */
  public addSummarySection(section: SummarySection): void {
    this.sections.push(section);
  }

  /** Renders every artifact: relative path → content, in path order, summary.md included. */
  public render(): Map<string, string> {
    const out = new Map<string, string>();
    const paths = [...this.files.keys()].sort();
    for (const path of paths) out.set(path, this.files.get(path)!());
    const components = this.components.map((review) => review());
    // Chart-values overrides (createChartRelease records them): their own file and section, only when there are some.
    const overrides = chartValuesOverridesOf(this.stack);
    const sections = [...this.sections];
    if (overrides.length > 0) {
      out.set(CHART_VALUES_OVERRIDES_FILE, renderChartValuesOverridesJson(overrides));
      paths.push(CHART_VALUES_OVERRIDES_FILE);
      paths.sort();
      sections.push(chartValuesOverridesSection(overrides));
    }
    sections.sort((a, b) => a.order - b.order || compareText(a.title, b.title));
    out.set('summary.md', renderSummary(this.stackName, components, sections, paths));
    return new Map([...out.entries()].sort(([a], [b]) => compareText(a, b)));
  }

  /**
   * `components.json`: the component table of summary.md as data (charts, replicas, retention,
   * storage, resources, totals), which `npm run review` compares between two commits.
   */
  public renderComponentsJson(): string {
    return renderComponentsJson(this.stackName, this.components.map((review) => review()));
  }
}
