import { ValidationError, show } from './validation-error';

/** CPU and memory, as Kubernetes quantities (`250m`, `1`, `512Mi`, `2Gi`). */
export interface ComputeResources {
  /** CPU quantity, e.g. `250m` or `2`. */
  readonly cpu: string;
  /** Memory quantity, e.g. `512Mi` or `4Gi`. */
  readonly memory: string;
}

/** Requests and limits of one container, as Kubernetes takes them. */
export interface ResourceRequirements {
  /** What the scheduler reserves for the container. */
  readonly requests: ComputeResources;
  /** The most the container may use (CPU is throttled, memory above it is OOM-killed); at least the requests. */
  readonly limits: ComputeResources;
}

const CPU_QUANTITY = /^(\d+(?:\.\d+)?)(m?)$/;
const MEMORY_QUANTITY = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|Ti|k|M|G|T)?$/;
const MEMORY_FACTOR: Record<string, number> = {
  '': 1,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  Ki: 1024,
  Mi: 1024 ** 2,
  Gi: 1024 ** 3,
  Ti: 1024 ** 4,
};

/** Parses a CPU quantity into millicores. */
export function cpuMillicores(quantity: string, where: string): number {
  const match = CPU_QUANTITY.exec(String(quantity));
  if (!match || Number(match[1]) <= 0) {
    throw new ValidationError(where, `CPU ${show(quantity)} is not a positive Kubernetes CPU quantity; write e.g. "250m" or "2".`);
  }
  return match[2] === 'm' ? Number(match[1]) : Number(match[1]) * 1000;
}

/** Parses a memory quantity into bytes. */
export function memoryBytes(quantity: string, where: string): number {
  const match = MEMORY_QUANTITY.exec(String(quantity));
  if (!match || Number(match[1]) <= 0) {
    throw new ValidationError(where, `memory ${show(quantity)} is not a positive Kubernetes memory quantity; write e.g. "512Mi" or "4Gi".`);
  }
  return Number(match[1]) * MEMORY_FACTOR[match[2] ?? ''];
}

/** Checks quantities and that no request exceeds its limit; returns the value unchanged. */
export function validateResources(resources: ResourceRequirements, where: string): ResourceRequirements {
  for (const part of ['requests', 'limits'] as const) {
    const given = (resources as Partial<ResourceRequirements> | undefined)?.[part];
    if (given === null || typeof given !== 'object') {
      throw new ValidationError(where, `${part} ${show(given)} is missing; give both requests and limits, e.g. { requests: { cpu: "250m", memory: "512Mi" }, limits: { cpu: "1", memory: "1Gi" } }.`);
    }
  }
  const requestCpu = cpuMillicores(resources.requests.cpu, `${where} requests`);
  const limitCpu = cpuMillicores(resources.limits.cpu, `${where} limits`);
  const requestMemory = memoryBytes(resources.requests.memory, `${where} requests`);
  const limitMemory = memoryBytes(resources.limits.memory, `${where} limits`);
  if (requestCpu > limitCpu) {
    throw new ValidationError(where, `CPU request ${show(resources.requests.cpu)} exceeds its limit ${show(resources.limits.cpu)}; raise the limit or lower the request.`);
  }
  if (requestMemory > limitMemory) {
    throw new ValidationError(where, `memory request ${show(resources.requests.memory)} exceeds its limit ${show(resources.limits.memory)}; raise the limit or lower the request.`);
  }
  return resources;
}

/** Formats millicores and bytes for the review summary (`1.25 cores`, `3.5 GiB`). */
export function formatCpu(millicores: number): string {
  return `${Number((millicores / 1000).toFixed(3))} cores`;
}
/** Formats bytes as GiB for the review summary (`3.5 GiB`). */
export function formatMemory(bytes: number): string {
  return `${Number((bytes / 1024 ** 3).toFixed(2))} GiB`;
}
