import type { Notice } from './store';

/** The words a learner reads for a storage notice. */
export function noticeText(notice: Notice): string {
  switch (notice.kind) {
    case 'set-aside':
      return `Your saved work could not be read (${notice.reason}), so Stagecraft set it aside and started fresh. Nothing was deleted: it is kept in this browser under “${notice.key}”.`;
    case 'full':
      return `Your work could not be saved: ${notice.reason}. Export your progress, or free some space, before you leave this page.`;
    case 'unavailable':
      return `This browser does not let Stagecraft save your work (${notice.reason}). It will be lost when you leave the page; use Export to keep it.`;
  }
}
