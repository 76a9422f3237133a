import { escapeTerraformTemplate, hasTerraformTemplate, unescapeTerraformTemplate } from '../../lib/core/terraform-escape';
import { renderChartValues } from '../../lib/core/chart-release';

describe('Terraform template escaping', () => {
  test('escapes the two template openers', () => {
    expect(escapeTerraformTemplate('${datasource}')).toBe('$${datasource}');
    expect(escapeTerraformTemplate('%{if x}')).toBe('%%{if x}');
    expect(escapeTerraformTemplate('{{ $labels.service }} costs $5 at 50%')).toBe('{{ $labels.service }} costs $5 at 50%');
  });

  test('round-trips arbitrary text, including text that already looks escaped', () => {
    // GIVEN strings made of the characters that matter to Terraform templates
    const alphabet = ['$', '%', '{', '}', 'a', ' ', '$$', '%%'];
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 2000; i++) {
      let text = '';
      const length = Math.floor(random() * 12);
      for (let j = 0; j < length; j++) text += alphabet[Math.floor(random() * alphabet.length)];
      // WHEN escaped THEN no template opener is left, and Terraform's unescaping gives the text back
      const escaped = escapeTerraformTemplate(text);
      expect(hasTerraformTemplate(escaped)).toBe(false);
      expect(unescapeTerraformTemplate(escaped)).toBe(text);
    }
  });

  test('detects unescaped templates', () => {
    expect(hasTerraformTemplate('a ${b}')).toBe(true);
    expect(hasTerraformTemplate('%{ for x in y }')).toBe(true);
    expect(hasTerraformTemplate('a $${b} %%{c}')).toBe(false);
  });

  test('chart values are escaped YAML and refuse cdktf tokens', () => {
    const text = renderChartValues({ title: 'CPU of ${instance}', tpl: '{{ .Release.Name }}' });
    expect(text).toBe("title: CPU of $${instance}\ntpl: \"{{ .Release.Name }}\"\n");
    expect(() => renderChartValues({ secret: '${TfToken[TOKEN.1]}' })).toThrow(/contain a cdktf token/);
  });
});
