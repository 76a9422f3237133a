import { TerraformStack } from 'cdktf';
import { IConstruct } from 'constructs';
import { HelmChartRef } from '../core/charts';
import { ResourceRequirements } from '../core/resources';
import { ValidationError, show } from '../core/validation-error';
import { COMPONENTS_FILE, renderComponentsJson } from './components-json';
import { renderSummary } from './summary';

/** What a component tells the reviewer about itself, for summary.md. */
export interface ComponentReview {
  /** Kind of component, e.g. `Prometheus`. */
  readonly component: string;
  /** Construct path, e.g. `monitoring-prod/prometheus`. */
  readonly constructPath: string;
  /** Kubernetes namespace the component runs in. */
  readonly namespace: string;
  /** The Helm chart it deploys, if any. */
  readonly chart?: HelmChartRef;
  /**
   * Replicas of the main workload.
   * @default per node: the main workload is a DaemonSet (one pod on every node), e.g. Fluent Bit
   */
  readonly replicas?: number;
  /** Retention of the data it keeps, e.g. `15d`. */
  readonly retention?: string;
  /** Persistent storage per replica, e.g. `100Gi`. */
  readonly storage?: string;
  /**
   * Requests and limits of the main container, per replica.
   * @default not shown (the chart's own)
   */
  readonly resources?: ResourceRequirements;
  /**
   * Further workloads of the component with their own sizing, e.g. the Datadog Cluster Agent next to
   * the node agent, or node-exporter next to Prometheus. They count in the totals.
   * @default none
   */
  readonly otherWorkloads?: ReadonlyArray<WorkloadReview>;
}

/** A further workload of a component, for the summary's sizing and totals. */
export interface WorkloadReview {
  /** What it is, e.g. `cluster-agent` or `node-exporter`. */
  readonly name: string;
  /**
   * Replicas.
   * @default per node: a DaemonSet
   */
  readonly replicas?: number;
  /** Requests and limits of its main container, per replica. */
  readonly resources: ResourceRequirements;
}

/** A section of summary.md contributed by a component (rules, routing tree, dashboards…). */
export interface SummarySection {
  /** Heading of the section in summary.md. */
  readonly title: string;
  /** Sections are ordered by this, then by title. */
  readonly order: number;
  /** Renders the section's Markdown body; called at synth. */
  readonly render: () => string;
}

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
    if (!SAFE_PATH.test(relativePath) || relativePath === 'summary.md' || relativePath === COMPONENTS_FILE) {
      throw new ValidationError(owner, `review file path ${show(relativePath)} is not allowed; use a relative path of letters, digits, '.', '_', '-' and '/', other than summary.md and ${COMPONENTS_FILE}.`);
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
    const sections = [...this.sections].sort((a, b) => a.order - b.order || a.title.localeCompare(b.title));
    out.set('summary.md', renderSummary(this.stackName, components, sections, paths));
    return new Map([...out.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  }

  /**
   * `components.json`: the component table of summary.md as data (charts, replicas, retention,
   * storage, resources, totals), which `npm run review` compares between two commits.
   */
  public renderComponentsJson(): string {
    return renderComponentsJson(this.stackName, this.components.map((review) => review()));
  }
}
