import { TerraformVariable } from 'cdktf';
import { HelmProvider } from '@cdktf/provider-helm/lib/provider';
import { KubernetesProvider } from '@cdktf/provider-kubernetes/lib/provider';
import { Construct } from 'constructs';
import { KubeconfigDefaults } from '../environment/environment-config';

/**
 * The Kubernetes and Helm providers, pointed at the cluster of a kubeconfig. The path and context are
 * stack-level Terraform variables (`kubeconfig_path`, `kubeconfig_context`), so one synthesized stack
 * deploys to any cluster: `cdktf deploy monitoring-dev --var kubeconfig_context=kind-dev`.
 */
export class ClusterProviders extends Construct {
  /** The `kubeconfig_path` Terraform variable: the kubeconfig file of the cluster to deploy to. */
  public readonly kubeconfigPath: TerraformVariable;
  /** The `kubeconfig_context` Terraform variable: the context to use (empty: the current context). */
  public readonly kubeconfigContext: TerraformVariable;
  /** The Kubernetes provider, configured from the two variables. */
  public readonly kubernetes: KubernetesProvider;
  /** The Helm provider, configured from the two variables. */
  public readonly helm: HelmProvider;

  constructor(scope: Construct, id: string, defaults: Required<KubeconfigDefaults>) {
    super(scope, id);
    // Variable names are Terraform's; overrideLogicalId keeps them short and stable for --var.
    this.kubeconfigPath = new TerraformVariable(this, 'kubeconfig-path', {
      type: 'string',
      default: defaults.path,
      description: 'Path of the kubeconfig file of the cluster to deploy to.',
    });
    this.kubeconfigPath.overrideLogicalId('kubeconfig_path');
    this.kubeconfigContext = new TerraformVariable(this, 'kubeconfig-context', {
      type: 'string',
      default: defaults.context,
      description: "Context in the kubeconfig to use; empty for the kubeconfig's current context.",
    });
    this.kubeconfigContext.overrideLogicalId('kubeconfig_context');

    this.kubernetes = new KubernetesProvider(this, 'kubernetes', {
      configPath: this.kubeconfigPath.stringValue,
      configContext: this.kubeconfigContext.stringValue,
    });
    this.helm = new HelmProvider(this, 'helm', {
      kubernetes: {
        configPath: this.kubeconfigPath.stringValue,
        configContext: this.kubeconfigContext.stringValue,
      },
    });
  }
}
