import { IResolvable, IResolveContext, Token } from 'cdktf';

/**
 * The values text, rendered at synth. Like `Lazy.stringValue`, without the stack trace cdktf captures
 * for every Lazy (costly with thousands of releases), and rendered once per synth: cdktf resolves every
 * element twice, a preparing pass and then the pass it writes, and the second reuses the first's text.
 */
export class SynthValues implements IResolvable {
  public readonly creationStack: string[] = [];
  private prepared?: string;

  constructor(private readonly render: () => string) {}

  public resolve(context: IResolveContext): string {
    if (context.preparing) return (this.prepared = this.render());
    const text = this.prepared ?? this.render();
    this.prepared = undefined;
    return text;
  }

  public toString(): string {
    return Token.asString(this);
  }
}
