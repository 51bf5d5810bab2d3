// The notices shown atop the popover until dismissed (a settings or event-log file that had to be
// set aside, for example).
import type { Notice } from './api/schemas';

export class NoticeBoard {
  private notices: Notice[] = [];

  add(notice: Notice | null | undefined): void {
    if (notice) this.notices = [...this.notices, notice];
  }

  /** One notice per id: a newer one replaces it, null takes it down. */
  replace(id: string, notice: Notice | null): void {
    this.dismiss(id);
    this.add(notice);
  }

  dismiss(id: string): void {
    this.notices = this.notices.filter((notice) => notice.id !== id);
  }

  all(): Notice[] {
    return this.notices;
  }
}
