/**
 * Progress of long cluster scans on stderr: only on a terminal, and only once a list needs more
 * than one page (small clusters print nothing). One line, rewritten in place, cleared at the end.
 */
import type { ResourceType } from './resources.js';

export interface ProgressStream {
  isTTY?: boolean;
  write(s: string): unknown;
}

export class ScanProgress {
  private shown = false;

  constructor(private readonly out: ProgressStream) {}

  update(type: ResourceType, items: number, morePages: boolean): void {
    if (!this.out.isTTY) return;
    if (!morePages && !this.shown) return;
    this.shown = true;
    this.out.write(`\r\x1b[2Kreading ${type.resource}: ${items}${morePages ? '…' : ''}`);
  }

  done(): void {
    if (this.shown && this.out.isTTY) this.out.write('\r\x1b[2K');
    this.shown = false;
  }
}
