import { LIMITS, type Notice } from './store';

const count = (n: number) => n.toLocaleString('en-US');
const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** The words a learner reads for a storage notice. Every key it names exists. */
export function noticeText(notice: Notice): string {
  switch (notice.kind) {
    case 'set-aside':
      return `${cap(notice.what)} could not be read (${notice.reason}), so Stagecraft set it aside and started fresh. Nothing was deleted: an exact copy, read back and checked, is kept in this browser’s storage under “${notice.key}”.`;
    case 'left-untouched':
      return `${cap(notice.what)} could not be read (${notice.reason}), and Stagecraft could not copy it aside (${notice.why}). It is left untouched under “${notice.key}” and nothing will be written over it, so changes that belong there are not saved. Free some space in this browser and reload to have it set aside.`;
    case 'kept-copy':
      return `${cap(notice.what)} is kept, unchanged, in this browser’s storage under “${notice.key}”.`;
    case 'full':
      return `Not saved: this browser’s storage for the site is full, so ${notice.what} could not be written. What was saved before is unchanged. Export your progress, or free some space, before you leave this page.`;
    case 'too-big':
      return `${notice.file} is NOT saved: at ${count(notice.chars)} characters it is over the ${count(LIMITS.fileChars)} characters Stagecraft can keep per file. The editor still has your text, but a reload would show your last version under the limit. Make it shorter to save it again.`;
    case 'not-saved-earlier':
      return `Your last change to ${notice.file} (${count(notice.chars)} characters, ${new Date(notice.at).toLocaleString('en-GB')}) was too big to save: the limit is ${count(LIMITS.fileChars)} characters per file. This is the version saved before it.`;
    case 'conflict-pending':
      return `Your changes to the lesson “${notice.lesson}” are not saved until you choose which version to keep.`;
    case 'unavailable':
      return `This browser does not let Stagecraft save your work (${notice.reason}). It will be lost when you leave the page; use Export to keep it.`;
  }
}
