import { compareText } from '../../lib/core/compare-text';

describe('compareText', () => {
  test('orders by UTF-16 code units: upper case before lower case, letters outside ASCII last', () => {
    expect(['zeta', 'ä', 'Services', 'aalborg', 'SLOs', 'b'].sort(compareText)).toEqual(['SLOs', 'Services', 'aalborg', 'b', 'zeta', 'ä']);
    expect(compareText('a', 'a')).toBe(0);
    expect(compareText('a', 'b')).toBeLessThan(0);
    expect(compareText('b', 'a')).toBeGreaterThan(0);
  });

  test('is the order of a sort without a comparator', () => {
    const words = ['réseau', 'Zoo', 'zoo', 'Åland', 'aa', 'a-b', 'a_b', 'A1', '10', '9'];
    expect([...words].sort(compareText)).toEqual([...words].sort());
  });
});
