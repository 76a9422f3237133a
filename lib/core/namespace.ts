import { ITerraformDependable, dependable } from 'cdktf';
import { checkNamespaceProp } from './input-checks';
import { ValidationError, show } from './validation-error';

/**
 * A namespace to install into. `MonitoringNamespace` is one; so is a namespace that exists already,
 * given by name. Everything a construct installs into a namespace that this program creates waits
 * for it, so the first `cdktf deploy` on an empty cluster creates the namespace before its contents.
 */
export interface INamespace {
  /** The namespace's name. */
  readonly namespaceName: string;
  /** The Terraform resource that creates the namespace; absent for a namespace that exists already. */
  readonly resource?: ITerraformDependable;
}

/** The `namespace` prop of a construct: a namespace of this program, or the name of an existing one. */
export type NamespaceProp = INamespace | string;

/** Checks a `namespace` prop and returns it as an {@link INamespace}. */
export function resolveNamespace(value: unknown, where: string): INamespace {
  if (typeof value === 'string') return { namespaceName: checkNamespaceProp(value, where) };
  if (typeof value === 'object' && value !== null && 'namespaceName' in value) {
    const namespace = value as INamespace;
    checkNamespaceProp(namespace.namespaceName, where);
    if (namespace.resource !== undefined && typeof (namespace.resource as Partial<ITerraformDependable>).fqn !== 'string') {
      throw new ValidationError(where, `namespace ${show(namespace.namespaceName)} has a resource that is not a Terraform resource; pass the MonitoringNamespace itself, or the namespace's name when it exists already.`);
    }
    return namespace;
  }
  throw new ValidationError(where, `namespace ${show(value)} is neither a MonitoringNamespace nor a namespace name; pass the stack's MonitoringNamespace (ordered after it) or the name of an existing namespace, e.g. "monitoring".`);
}

// One token per dependency, shared by every resource that waits for it: a token records a stack
// trace when created, which adds up over hundreds of rule-pack releases.
const tokens = new WeakMap<ITerraformDependable, string>();

/**
 * `depends_on` entries for a resource's `dependsOn` setter (undefined when there are none). cdktf renders these as Terraform
 * references (`kubernetes_namespace.x`); a resource's `fqn` would render as `"${...}"`, which
 * Terraform refuses in `depends_on` ("A single static variable reference is required").
 */
export function dependsOnEntries(dependencies: readonly (ITerraformDependable | undefined)[]): string[] | undefined {
  const entries: string[] = [];
  for (const dependency of dependencies) {
    if (dependency === undefined) continue;
    let token = tokens.get(dependency);
    if (token === undefined) {
      token = dependable(dependency);
      tokens.set(dependency, token);
    }
    if (!entries.includes(token)) entries.push(token);
  }
  return entries.length > 0 ? entries : undefined;
}
