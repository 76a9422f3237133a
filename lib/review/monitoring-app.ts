import { App } from 'cdktf';
import { writeReviewArtifacts } from './write-review-artifacts';

/**
 * A cdktf App that also writes the review artifacts (`cdktf.out/review/<stack>/`) when it synthesizes.
 * Use it in place of `App` in `main.ts`.
 */
export class MonitoringApp extends App {
  public override synth(): void {
    super.synth();
    writeReviewArtifacts(this);
  }
}
