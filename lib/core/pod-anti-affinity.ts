/** How strictly the replicas of a component (Prometheus, Alertmanager) are kept on different nodes. */
export const PodAntiAffinity = {
  /** Prefer different nodes; schedule anyway when there are too few. */
  SOFT: 'soft',
  /** Require different nodes; a replica stays Pending rather than share a node. */
  HARD: 'hard',
} as const;
/** One anti-affinity strictness (a {@link PodAntiAffinity} value). */
export type PodAntiAffinity = (typeof PodAntiAffinity)[keyof typeof PodAntiAffinity];
