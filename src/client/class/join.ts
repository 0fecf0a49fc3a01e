/**
 * "Join class", on lesson pages a class server (`stagecraft class`) serves: boot.ts
 * loads this module only when the page carries `<meta name="stagecraft-class">`, which
 * the server adds to the HTML it serves. Off until the learner joins: nothing is sent
 * before that (GET /api/class, the class's title, once the form is opened), and Leave
 * stops everything at once.
 *
 * Once joined: a line under the site header (in the page's flow, so it never covers the
 * lesson on a phone) says who the learner is in class as, with Leave and Raise hand;
 * the instructor's announcements and hints arrive over /api/events (EventSource, which
 * reconnects by itself when the server restarts) and are read out by a polite live
 * region; progress on the running exercise goes to /api/progress (report.ts decides
 * when). The attendee lives in localStorage (attendee.ts says why).
 */
import type { AttendeeEvent, ClassInfo, JoinResponse } from '../../class/protocol';
import { announce, h } from '../exercise/dom';
import type { GoalView } from '../exercise/protocol';
import { onExercise, type RunningExercise } from '../exercise/session-hub';
import { api, errorText } from './api';
import { AttendeeStore, CLASS_KEY, emptyClassLesson, type Attendee, type ClassLesson, type ClassMessage } from './attendee';
import { backoffDelay, buildReport, goalsKey, ReportScheduler, type SendOutcome } from './report';

const MAX_NAME = 40;
const MAX_CODE = 32;
const MAX_QUESTION = 200;
/** A keepalive request (the one sent as the page goes away) may carry at most 64 KB. */
const KEEPALIVE_BYTES = 60_000;

function localStore(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

const store = new AttendeeStore(localStore());
const exerciseSection = document.querySelector<HTMLElement>('[data-exercise]');
const pageLesson = exerciseSection?.dataset.exercise ?? /^\/lessons\/([a-z0-9-]+)\/?$/.exec(location.pathname)?.[1] ?? null;

// ---- the bar ----------------------------------------------------------------------------------
const live = h('div', { class: 'visually-hidden', 'aria-live': 'polite', 'data-class-live': '' });
const body = h('div', { class: 'class-bar-body' });
const messages = h('ul', { class: 'class-messages', 'aria-label': 'From the instructor', hidden: true });
// What happened last (joined, left, forgotten), as text; read out through `live`.
const note = h('p', { class: 'class-note' });
const bar = h('section', { class: 'class-bar', 'aria-label': 'Class', 'data-class-bar': '' }, h('div', { class: 'inner' }, body, messages, note, live));
const header = document.querySelector('.site-header');
if (header) header.after(bar);
else document.body.prepend(bar);

const say = (text: string) => {
  note.textContent = text;
  announce(live, text);
};

// ---- state -------------------------------------------------------------------------------------
/** The attendee this page runs as (null: not joined). */
let me: Attendee | null = store.read();
let events: EventSource | null = null;
let eventsRetry = 0;
let eventsTimer = 0;
let scheduler: ReportScheduler | null = null;
let exercise: RunningExercise | null = null;
let lastGoals: readonly GoalView[] | null = null;
let goneSaid = false;

// ---- not joined: the button and the form -----------------------------------------------------
function renderOut(): void {
  const open = h('button', { type: 'button', class: 'button small', 'aria-expanded': 'false', 'aria-controls': 'class-join-form', 'data-class-join': '' }, 'Join class');
  const code = h('input', { id: 'class-code', name: 'code', type: 'text', required: true, maxlength: MAX_CODE, autocomplete: 'off', autocapitalize: 'characters', spellcheck: 'false' });
  const name = h('input', { id: 'class-name', name: 'name', type: 'text', required: true, maxlength: MAX_NAME, autocomplete: 'nickname' });
  const error = h('p', { class: 'class-error', role: 'alert' });
  const title = h('p', { class: 'class-title' }, 'Join the class');
  const submit = h('button', { type: 'submit', class: 'button small primary' }, 'Join');
  const cancel = h('button', { type: 'button', class: 'button small' }, 'Cancel');
  const form = h(
    'form',
    { id: 'class-join-form', class: 'class-join', hidden: true, novalidate: true },
    title,
    h('div', { class: 'class-fields' }, h('label', { for: 'class-code' }, 'Class code'), code, h('label', { for: 'class-name' }, 'Display name'), name),
    h('p', { class: 'figure-note' }, 'The instructor sees this name, your progress on each lesson’s exercise (goals, builds, hints and your files) and any hand you raise; other attendees see none of it. Leave stops it at once.'),
    h('p', { class: 'class-actions' }, submit, ' ', cancel),
    error,
  );
  const prefill = new URLSearchParams(location.search).get('class') ?? new URLSearchParams(location.hash.slice(1)).get('class');
  if (prefill) code.value = prefill.slice(0, MAX_CODE);
  let titleAsked = false;
  const show = (visible: boolean) => {
    form.hidden = !visible;
    open.setAttribute('aria-expanded', String(visible));
    if (!visible) return;
    (code.value ? name : code).focus();
    if (titleAsked) return;
    titleAsked = true;
    void api('/api/class').then((res) => {
      const info = res.data as ClassInfo | null;
      if (res.status === 200 && typeof info?.title === 'string' && info.title) title.textContent = `Join “${info.title.slice(0, 120)}”`;
    });
  };
  open.addEventListener('click', () => show(open.getAttribute('aria-expanded') !== 'true'));
  cancel.addEventListener('click', () => {
    show(false);
    open.focus();
  });
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const request = { code: code.value.trim(), name: name.value.trim() };
    const problem = !request.code
      ? 'Type the class code your instructor gave you.'
      : !request.name
        ? 'Type a display name: the name your instructor will see.'
        : /[\u0000-\u001f\u007f]/.test(request.name)
          ? 'A display name cannot hold control characters.'
          : null;
    if (problem) {
      error.textContent = problem;
      (request.code ? name : code).focus();
      return;
    }
    error.textContent = '';
    submit.disabled = true;
    submit.textContent = 'Joining…';
    const res = await api('/api/join', { method: 'POST', body: request });
    submit.disabled = false;
    submit.textContent = 'Join';
    const joined = res.data as JoinResponse | null;
    if ((res.status !== 200 && res.status !== 201) || typeof joined?.token !== 'string') {
      error.textContent = errorText(res);
      (res.status === 403 ? code : name).focus();
      return;
    }
    const now = Date.now();
    const attendee: Attendee = { token: joined.token, attendee: String(joined.attendee ?? ''), name: String(joined.name ?? request.name).slice(0, MAX_NAME), joinedAt: now, touchedAt: now, hand: null, lessons: {}, messages: [], dismissed: [] };
    store.write(attendee);
    goneSaid = false;
    start(attendee);
    say(`You joined the class as ${attendee.name}. Your progress on the exercises now goes to the instructor.`);
    body.querySelector<HTMLElement>('[data-class-leave]')?.focus();
  });
  body.replaceChildren(h('p', { class: 'class-out' }, open, ' ', h('span', { class: 'class-hint' }, 'Share your progress with your instructor and raise your hand.')), form);
}

// ---- joined: who, Leave, the hand -----------------------------------------------------------------
const connection = h('span', { class: 'class-connection' });

function renderIn(a: Attendee): void {
  const leave = h('button', { type: 'button', class: 'button small', 'data-class-leave': '' }, 'Leave');
  leave.addEventListener('click', () => void leaveClass());
  const hand = h('div', { class: 'class-hand' });
  body.replaceChildren(h('p', { class: 'class-in' }, 'In class as ', h('strong', {}, a.name), ' · ', leave, ' ', connection), hand);
  renderHand(a, hand);
}

function renderHand(a: Attendee, box = body.querySelector<HTMLElement>('.class-hand')): void {
  if (!box) return;
  const error = h('p', { class: 'class-error', role: 'alert' });
  if (a.hand) {
    const lower = h('button', { type: 'button', class: 'button small', 'data-class-lower': '' }, 'Lower hand');
    lower.addEventListener('click', async () => {
      lower.disabled = true;
      const res = await api('/api/hand', { method: 'DELETE', bearer: a.token });
      if (res.status === 401) return gone();
      if (res.status !== 204 && res.status !== 200) {
        lower.disabled = false;
        error.textContent = errorText(res);
        return;
      }
      const now = store.update((x) => void (x.hand = null));
      if (now) me = now;
      renderHand(me ?? a);
      announce(live, 'Your hand is lowered.');
      box.querySelector<HTMLElement>('[data-class-raise]')?.focus();
    });
    box.replaceChildren(
      h('p', { class: 'class-hand-up' }, h('span', { 'aria-hidden': 'true' }, '✋ '), 'Your hand is up', a.hand.question ? h('span', {}, ': “', a.hand.question, '”') : null, '. ', lower),
      error,
    );
    return;
  }
  const toggle = h('button', { type: 'button', class: 'button small', 'aria-expanded': 'false', 'aria-controls': 'class-hand-form', 'data-class-raise': '' }, 'Raise hand…');
  const question = h('input', { id: 'class-question', type: 'text', maxlength: MAX_QUESTION, autocomplete: 'off' });
  const submit = h('button', { type: 'submit', class: 'button small primary' }, 'Raise hand');
  const cancel = h('button', { type: 'button', class: 'button small' }, 'Cancel');
  const form = h(
    'form',
    { id: 'class-hand-form', class: 'class-hand-form', hidden: true },
    h('label', { for: 'class-question' }, 'Your question (optional)'),
    question,
    h('span', { class: 'class-actions' }, submit, ' ', cancel),
  );
  const show = (visible: boolean) => {
    form.hidden = !visible;
    toggle.setAttribute('aria-expanded', String(visible));
    if (visible) question.focus();
  };
  toggle.addEventListener('click', () => show(toggle.getAttribute('aria-expanded') !== 'true'));
  cancel.addEventListener('click', () => {
    show(false);
    toggle.focus();
  });
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const request = { lesson: pageLesson, question: question.value.trim().slice(0, MAX_QUESTION) };
    submit.disabled = true;
    const res = await api('/api/hand', { method: 'POST', bearer: a.token, body: request });
    submit.disabled = false;
    if (res.status === 401) return gone();
    if (res.status !== 204 && res.status !== 200) {
      error.textContent = errorText(res);
      return;
    }
    const now = store.update((x) => void (x.hand = { question: request.question, lesson: request.lesson }));
    me = now ?? { ...a, hand: { question: request.question, lesson: request.lesson } };
    renderHand(me);
    announce(live, 'Your hand is up. The instructor sees it.');
    box.querySelector<HTMLElement>('[data-class-lower]')?.focus();
  });
  box.replaceChildren(toggle, form, error);
}

// ---- the instructor's messages -------------------------------------------------------------------------
const MAX_SHOWN = 3;
const spoken = (m: ClassMessage) => `${m.lesson === null ? 'From the instructor' : 'A hint from the instructor'}: ${m.text}`;

/** A message from the stream (each comes once): kept with the attendee, so the next page shows it too. */
function receive(m: Omit<ClassMessage, 'read'>): void {
  if (!me) return;
  me =
    store.update((a) => {
      if (!a.messages.some((x) => x.key === m.key)) a.messages.push({ ...m, read: false });
    }) ?? me;
  renderMessages();
}

/** The latest messages for this page (announcements, and hints for this lesson); unread ones read out once, by a visible tab. */
function renderMessages(): void {
  const a = me;
  const relevant = a ? a.messages.filter((m) => (m.lesson === null || m.lesson === pageLesson) && !a.dismissed.includes(m.key)) : [];
  const visible = relevant.slice(-MAX_SHOWN);
  messages.hidden = visible.length === 0;
  messages.replaceChildren(
    ...visible.map((m) => {
      const dismiss = h('button', { type: 'button', class: 'button small', 'aria-label': `Dismiss: ${m.text.slice(0, 80)}` }, 'Dismiss');
      dismiss.addEventListener('click', () => {
        me = store.update((x) => void x.dismissed.push(m.key)) ?? me;
        renderMessages();
        body.querySelector<HTMLElement>('[data-class-leave]')?.focus();
      });
      return h('li', { class: m.lesson === null ? 'class-announcement' : 'class-pushed-hint' }, h('strong', {}, m.lesson === null ? 'From the instructor: ' : 'Hint from the instructor: '), h('span', {}, m.text), ' ', dismiss);
    }),
  );
  const unread = relevant.filter((m) => !m.read);
  if (!unread.length || document.visibilityState === 'hidden') return;
  announce(live, unread.map(spoken).join(' '));
  const keys = new Set(unread.map((m) => m.key));
  me = store.update((x) => x.messages.forEach((m) => keys.has(m.key) && (m.read = true))) ?? me;
}
document.addEventListener('visibilitychange', () => me && renderMessages());

function onEvent(event: AttendeeEvent): void {
  if (event.type === 'announcement' && typeof event.text === 'string') {
    receive({ key: `announcement:${event.id}`, text: event.text.slice(0, 600), lesson: null, at: Number(event.at) || Date.now() });
  } else if (event.type === 'hint' && typeof event.text === 'string' && typeof event.lesson === 'string') {
    receive({ key: `hint:${event.id}`, text: event.text.slice(0, 600), lesson: event.lesson, at: Number(event.at) || Date.now() });
  } else if (event.type === 'hand-answered') {
    if (!me?.hand) return;
    me = store.update((a) => void (a.hand = null)) ?? me;
    if (me) renderHand(me);
    say('The instructor answered your raised hand; it is lowered.');
  } else if (event.type === 'gone') gone();
}

const parseEvent = (e: MessageEvent): void => {
  let data: unknown;
  try {
    data = JSON.parse(String(e.data));
  } catch {
    return;
  }
  if (typeof data !== 'object' || data === null) return;
  const typed = data as { type?: unknown };
  onEvent((typeof typed.type === 'string' ? data : { ...data, type: e.type }) as AttendeeEvent);
};

function connect(a: Attendee): void {
  disconnect();
  const es = new EventSource(`/api/events?token=${encodeURIComponent(a.token)}`);
  events = es;
  connection.textContent = '';
  es.addEventListener('message', parseEvent);
  for (const type of ['announcement', 'hint', 'hand-answered', 'gone']) es.addEventListener(type, parseEvent as EventListener);
  es.addEventListener('open', () => {
    eventsRetry = 0;
    connection.textContent = '';
  });
  es.addEventListener('error', () => {
    if (events !== es) return;
    connection.textContent = '(reconnecting to the class server…)';
    // EventSource retries by itself after a dropped connection; it gives up on an HTTP error.
    if (es.readyState !== EventSource.CLOSED) return;
    es.close();
    events = null;
    window.clearTimeout(eventsTimer);
    eventsTimer = window.setTimeout(() => void reconnect(a), backoffDelay(++eventsRetry, 2000, 60_000, Math.random));
  });
}

/** After the stream was refused: a 401 means the attendee is gone; anything else, try again. */
async function reconnect(a: Attendee): Promise<void> {
  if (me?.token !== a.token) return;
  const abort = new AbortController();
  const res = await api(`/api/events?token=${encodeURIComponent(a.token)}`, { signal: abort.signal });
  abort.abort();
  if (me?.token !== a.token) return;
  if (res.status === 401) gone();
  else connect(a);
}

function disconnect(): void {
  window.clearTimeout(eventsTimer);
  events?.close();
  events = null;
}

// ---- progress on the exercise ------------------------------------------------------------------------------
function lessonRecord(a: Attendee, id: string): ClassLesson {
  return (a.lessons[id] ??= emptyClassLesson());
}

async function sendReport(keepalive = false): Promise<SendOutcome> {
  // Read afresh: another tab on the same lesson may have counted a build.
  const a = me ? store.read() : null;
  if (!a || a.token !== me?.token || !exercise || !lastGoals) return 'sent';
  const saved = exercise.saved();
  const record = a.lessons[exercise.lessonId] ?? emptyClassLesson();
  const report = buildReport({
    lesson: exercise.lessonId,
    goals: lastGoals,
    goalsTotal: exercise.session.data.goals.length,
    builds: record.builds,
    lastImageBytes: record.built ? record.lastImageBytes : saved.lastImageBytes,
    lastBuildFailed: record.built && record.lastBuildFailed,
    hintsShown: saved.hintsShown,
    usedSolution: record.usedSolution,
    complete: saved.complete,
    files: exercise.session.files(),
  });
  const res = await api('/api/progress', { method: 'POST', bearer: a.token, body: report, keepalive: keepalive && JSON.stringify(report).length < KEEPALIVE_BYTES });
  if (res.status >= 200 && res.status < 300) return 'sent';
  if (res.status === 401) return 'gone';
  if (res.status === 0 || res.status === 408 || res.status === 429 || res.status >= 500) return 'retry';
  return 'rejected';
}

function startReporting(): void {
  scheduler?.stop();
  scheduler = new ReportScheduler({ send: () => sendReport(), onGone: () => gone() });
  if (exercise && lastGoals) scheduler.changed(true);
}

onExercise((ex) => {
  exercise = ex;
  lastGoals = ex.session.lastCheck?.goals ?? null;
  let lastKey = lastGoals ? goalsKey(lastGoals) : '';
  const track = (change: (l: ClassLesson) => void) => {
    if (me) me = store.update((a) => change(lessonRecord(a, ex.lessonId))) ?? me;
  };
  ex.session.on('check', (result) => {
    const key = goalsKey(result.goals);
    const goalChanged = key !== lastKey || lastGoals === null;
    lastKey = key;
    lastGoals = result.goals;
    scheduler?.changed(goalChanged);
  });
  ex.session.on('build', (view) => {
    track((l) => {
      l.builds++;
      l.built = true;
      l.lastImageBytes = view.built && view.image ? view.image.bytes : null;
      l.lastBuildFailed = !view.built;
    });
    scheduler?.changed(true);
  });
  ex.session.on('hint', () => scheduler?.changed());
  ex.session.on('solutionUsed', () => {
    track((l) => void (l.usedSolution = true));
    scheduler?.changed(true);
  });
  if (lastGoals) scheduler?.changed(true);
});

// The last changes, as the learner goes to the next lesson or closes the tab.
window.addEventListener('pagehide', () => scheduler?.flush(() => void sendReport(true)));

// ---- joining, leaving, being forgotten -------------------------------------------------------------------------
function start(a: Attendee): void {
  me = a;
  renderIn(a);
  renderMessages();
  connect(a);
  startReporting();
}

function stop(): void {
  disconnect();
  scheduler?.stop();
  scheduler = null;
  me = null;
  renderMessages();
  renderOut();
}

async function leaveClass(): Promise<void> {
  const a = me;
  if (!a) return;
  stop();
  store.forget();
  body.querySelector<HTMLElement>('[data-class-join]')?.focus();
  const res = await api('/api/leave', { method: 'POST', bearer: a.token });
  say(
    res.status === 0 || res.status >= 500
      ? 'You left the class. The class server could not be told just now; nothing more is sent from this browser.'
      : 'You left the class. Nothing more is sent; the instructor’s dashboard no longer lists you.',
  );
}

/** The server no longer knows this attendee (a 401, or `gone` on the stream): forget the token, and say so once. */
function gone(): void {
  if (!me) return;
  stop();
  store.forget();
  if (goneSaid) return;
  goneSaid = true;
  say('The class server no longer knows you (you left, or the class was started again with a new list). Nothing more is sent; join again to take part.');
}

// Another tab joined, left, or raised or lowered the hand: follow it.
window.addEventListener('storage', (e) => {
  if (e.key !== CLASS_KEY && e.key !== null) return;
  const now = store.read();
  if (!now) {
    if (me) {
      stop();
      say('You left the class in another tab. Nothing more is sent.');
    }
    return;
  }
  if (now.token !== me?.token) {
    start(now);
    say(`You are in class as ${now.name} (joined in another tab).`);
    return;
  }
  const handChanged = JSON.stringify(now.hand) !== JSON.stringify(me.hand);
  me = now;
  if (handChanged) renderHand(now);
  renderMessages();
});

if (me) start(me);
else renderOut();
