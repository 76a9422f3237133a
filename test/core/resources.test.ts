import { cpuMillicores, memoryBytes, validateResources } from '../../lib/core/resources';

describe('resource quantities', () => {
  test('parses CPU and memory quantities', () => {
    expect(cpuMillicores('250m', 'x')).toBe(250);
    expect(cpuMillicores('2', 'x')).toBe(2000);
    expect(cpuMillicores('0.5', 'x')).toBe(500);
    expect(memoryBytes('512Mi', 'x')).toBe(512 * 1024 ** 2);
    expect(memoryBytes('1G', 'x')).toBe(1e9);
  });

  test.each([['-1'], ['0'], ['1 core'], ['250mi']])('refuses CPU %p', (cpu) => {
    expect(() => cpuMillicores(cpu, 'monitoring-dev/prometheus')).toThrow(`monitoring-dev/prometheus: CPU "${cpu}" is not a positive Kubernetes CPU quantity`);
  });

  test('refuses a request above its limit', () => {
    expect(() =>
      validateResources({ requests: { cpu: '2', memory: '1Gi' }, limits: { cpu: '1', memory: '2Gi' } }, 'p'),
    ).toThrow('p: CPU request "2" exceeds its limit "1"; raise the limit or lower the request.');
    expect(() =>
      validateResources({ requests: { cpu: '1', memory: '4Gi' }, limits: { cpu: '1', memory: '2Gi' } }, 'p'),
    ).toThrow(/memory request "4Gi" exceeds its limit "2Gi"/);
  });
});
