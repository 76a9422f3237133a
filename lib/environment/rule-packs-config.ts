import { ValidationError, show, withPath } from '../core/validation-error';
import { IRulePack } from '../rules/rule-pack';
import { DEFAULT_RUNBOOK_BASE_URL } from '../rules/runbook';
import {
  DependencyRules,
  DependencyRulesProps,
  NodeRecordingRules,
  NodeRecordingRulesProps,
  ResourceRules,
  ResourceRulesProps,
  SecurityRules,
  SecurityRulesProps,
  ServiceHealthRules,
  ServiceHealthRulesProps,
  ServiceRecordingRules,
  ServiceRecordingRulesProps,
} from '../rules/packs';

type WithoutRunbooks<T> = Omit<T, 'runbookBaseUrl'>;

// Runbook base of the example environments (lib/rules/runbook.ts); replace it with your runbooks' home.
export { DEFAULT_RUNBOOK_BASE_URL };

/**
 * The seeds' rule packs an environment runs. Each pack is on by default with the seeds' settings;
 * give its props to tune it, or `false` to switch it off in this environment.
 */
export interface RulePacksConfig {
  /**
   * Base of every alert's `runbook_url` (`<base>/<alert-name-in-kebab-case>`).
   * @default 'https://runbooks.example.com/alerts'
   */
  readonly runbookBaseUrl?: string;
  /** ServiceDown, HighErrorRate, HighLatency. @default on, seeds' thresholds, team platform */
  readonly serviceHealth?: WithoutRunbooks<ServiceHealthRulesProps> | false;
  /** HighCPUUsage, HighMemoryUsage, PodRestartLoop, DiskSpaceLow. @default on */
  readonly resources?: WithoutRunbooks<ResourceRulesProps> | false;
  /** DatabaseConnectionPoolExhausted, KafkaConsumerLag, RedisHighMemory, CertificateExpiringSoon. @default on */
  readonly dependencies?: WithoutRunbooks<DependencyRulesProps> | false;
  /** BruteForceAttempt, SecurityEvent. @default on, team security */
  readonly security?: WithoutRunbooks<SecurityRulesProps> | false;
  /** Per-service request rate, error ratio, p95/p99 recording rules. @default on */
  readonly serviceRecording?: ServiceRecordingRulesProps | false;
  /** Node CPU, memory, disk utilisation recording rules. @default on */
  readonly nodeRecording?: NodeRecordingRulesProps | false;
  /** Further packs of this environment (SLOs, business rules…). @default none */
  readonly extra?: readonly IRulePack[];
}

const KNOWN = ['runbookBaseUrl', 'serviceHealth', 'resources', 'dependencies', 'security', 'serviceRecording', 'nodeRecording', 'extra'];

/** Builds the packs of an environment; errors name `where` (the stack path) and the pack. */
export function buildRulePacks(config: RulePacksConfig = {}, where: string): IRulePack[] {
  for (const key of Object.keys(config)) {
    if (!KNOWN.includes(key)) {
      throw new ValidationError(where, `rulePacks.${key} is not a rule pack; use one of ${KNOWN.join(', ')}.`);
    }
  }
  const runbookBaseUrl = config.runbookBaseUrl ?? DEFAULT_RUNBOOK_BASE_URL;
  const packs: IRulePack[] = [];
  const add = (name: string, build: () => IRulePack) => packs.push(withPath(`${where} rulePacks.${name}`, build));
  if (config.serviceHealth !== false) add('serviceHealth', () => ServiceHealthRules.forServices({ runbookBaseUrl, ...(config.serviceHealth ?? {}) }));
  if (config.resources !== false) add('resources', () => ResourceRules.forWorkloads({ runbookBaseUrl, ...(config.resources ?? {}) }));
  if (config.dependencies !== false) add('dependencies', () => DependencyRules.create({ runbookBaseUrl, ...(config.dependencies ?? {}) }));
  if (config.security !== false) add('security', () => SecurityRules.create({ runbookBaseUrl, ...(config.security ?? {}) }));
  if (config.serviceRecording !== false) add('serviceRecording', () => ServiceRecordingRules.forServices(config.serviceRecording || {}));
  if (config.nodeRecording !== false) add('nodeRecording', () => NodeRecordingRules.forNodes(config.nodeRecording || {}));
  for (const pack of config.extra ?? []) {
    if (!pack || typeof pack.name !== 'string' || !Array.isArray(pack.ruleGroups)) {
      throw new ValidationError(where, `rulePacks.extra has ${show(pack)}, which is not a rule pack; pass objects with \`name\` and \`ruleGroups\` (e.g. ServiceHealthRules.forServices(...)).`);
    }
    packs.push(pack);
  }
  return packs;
}
