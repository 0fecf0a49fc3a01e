/**
 * The instructor's dashboard page (/class/dashboard/#key=…). The key comes from the
 * URL fragment (then kept in sessionStorage, out of the address bar) and goes to the
 * server only as `Authorization: Bearer` (and as ?key= where a header cannot be sent:
 * the event stream and the CSV link). The state comes
 * once from GET /api/dashboard, then again after every change over
 * /api/dashboard/events; dashboard-view.ts turns it into text. Names, questions and
 * messages are set as text only (dom.ts's h()), never parsed as HTML.
 */
import type { DashboardEvent, DashboardState } from '../../class/protocol';
import type { ExerciseData } from '../../lessons/exercise-data';
import { announce, h } from '../exercise/dom';
import { api, errorText } from './api';
import { ago, failureItems, handItems, lessonLabel, progressRows, stuckList, summary } from './dashboard-view';
import { goalKeys } from './report';

const root = document.querySelector<HTMLElement>('[data-dashboard]')!;
const q = <T extends HTMLElement = HTMLElement>(sel: string) => root.querySelector<T>(sel)!;
const statusBox = q('[data-dash-status]');
const main = q('[data-dash-main]');
const live = q('[data-dash-live]');

function showStatus(...lines: Array<string | Node>): void {
  statusBox.replaceChildren(...lines.map((l) => (typeof l === 'string' ? h('p', {}, l) : l)));
  statusBox.hidden = false;
}

const servedByClass = document.querySelector('meta[name="stagecraft-class"]') !== null;
const KEY_STORE = 'stagecraft:dashboard-key';

/**
 * The key from the link (#key=…), then out of the address bar — a dashboard is often on a
 * projector — and into this tab's sessionStorage, so a reload still has it.
 */
function readKey(): string {
  const fromLink = new URLSearchParams(location.hash.slice(1)).get('key')?.trim() ?? '';
  try {
    if (!fromLink) return sessionStorage.getItem(KEY_STORE) ?? '';
    sessionStorage.setItem(KEY_STORE, fromLink);
    history.replaceState(null, '', `${location.pathname}${location.search}`);
  } catch {
    // No sessionStorage: the key stays in the link, or a reload would lose it.
  }
  return fromLink;
}
const forgetKey = () => {
  try {
    sessionStorage.removeItem(KEY_STORE);
  } catch {
    // Nothing kept.
  }
};
let key = '';

// ---- state and rendering ---------------------------------------------------------------------
let state: DashboardState | null = null;
let receivedAt = 0;
let connected = false;
let lessonsKey = '';
const handsSeen = new Set<string>();
let firstRender = true;

/** Goal titles per lesson, from the lesson's exercise file (goal key → title), fetched once when a goal needs naming. */
const goalTitles = new Map<string, Map<string, string> | 'loading'>();
function goalTitle(lesson: string, goal: string): string {
  const known = goalTitles.get(lesson);
  if (known instanceof Map) return known.get(goal) ?? goal;
  if (!known) {
    goalTitles.set(lesson, 'loading');
    void fetch(`/exercise/${encodeURIComponent(lesson)}.json`)
      .then((r) => (r.ok ? (r.json() as Promise<ExerciseData>) : null))
      .then((data) => {
        const goals = data?.goals ?? [];
        const keys = goalKeys(goals.map((g) => g.rule));
        goalTitles.set(lesson, new Map(keys.map((k, i) => [k, goals[i]!.title])));
        if (state) renderFailures(state);
      })
      .catch(() => goalTitles.set(lesson, new Map()));
  }
  return goal;
}

function render(next: DashboardState): void {
  state = next;
  receivedAt = Date.now();
  main.hidden = false;
  statusBox.hidden = true;
  q('[data-dash-title]').textContent = next.title;
  q('[data-dash-code]').textContent = next.code;
  renderHands(next);
  renderStuck(next);
  renderTable(next);
  renderFailures(next);
  renderSent(next);
  renderLessonChoice(next);
  renderUpdated();
  firstRender = false;
}

function renderHands(s: DashboardState): void {
  const list = q<HTMLOListElement>('[data-dash-hands]');
  const items = handItems(s);
  q('[data-dash-hands-none]').hidden = items.length > 0;
  q('#dash-hands-heading').textContent = items.length ? `Raised hands (${items.length})` : 'Raised hands';
  const existing = new Map([...list.children].map((li) => [(li as HTMLElement).dataset.key ?? '', li as HTMLElement]));
  const wanted = new Set(items.map((i) => i.key));
  // A hand that went down: focus moves to the next one's button (or the heading), never to the top of the page.
  for (const [k, li] of existing) {
    if (wanted.has(k)) continue;
    const hadFocus = li.contains(document.activeElement);
    const next = (li.nextElementSibling ?? li.previousElementSibling) as HTMLElement | null;
    li.remove();
    existing.delete(k);
    if (hadFocus) (next?.querySelector<HTMLElement>('button') ?? q('#dash-hands-heading')).focus();
  }
  const fresh: string[] = [];
  for (const item of items) {
    let li = existing.get(item.key);
    if (!li) {
      const button = h('button', { type: 'button', class: 'button', 'aria-label': `Answered: ${item.name}` }, 'Answered');
      button.addEventListener('click', () => void answer(item.attendee, button));
      li = h('li', { 'data-key': item.key }, h('strong', { class: 'dash-name' }), ' ', h('span', { class: 'dash-lesson' }), h('span', { class: 'dash-question' }), h('span', { class: 'dash-when' }), ' ', button);
      list.append(li);
      if (!handsSeen.has(item.key)) fresh.push(`${item.name}${item.lesson ? ` (lesson ${item.lesson})` : ''}${item.question ? `: ${item.question}` : ''}`);
    }
    handsSeen.add(item.key);
    li.querySelector('.dash-name')!.textContent = item.name;
    li.querySelector('.dash-lesson')!.textContent = item.lesson ? `on ${item.lesson}` : '';
    li.querySelector('.dash-question')!.textContent = item.question ? `“${item.question}”` : '(no question)';
    li.querySelector('.dash-when')!.textContent = `raised ${item.ago}`;
  }
  if (fresh.length && !firstRender) announce(live, `Hand raised: ${fresh.join('; ')}.`);
}

async function answer(attendee: string, button: HTMLButtonElement): Promise<void> {
  button.disabled = true;
  button.textContent = 'Answering…';
  const res = await api(`/api/dashboard/hands/${encodeURIComponent(attendee)}/answer`, { method: 'POST', bearer: key });
  if (res.status >= 200 && res.status < 300) {
    button.textContent = 'Answered';
    return; // The next state takes the hand off the list.
  }
  button.disabled = false;
  button.textContent = 'Answered';
  announce(live, `The hand could not be marked answered: ${errorText(res)}`);
}

function renderStuck(s: DashboardState): void {
  const items = stuckList(s);
  q('[data-dash-stuck-rule]').textContent = `Stuck: no progress for ${s.stuckAfterMinutes} minutes on the lesson they are on, and still connected.`;
  q('[data-dash-stuck-none]').hidden = items.length > 0;
  q('#dash-stuck-heading').textContent = items.length ? `Stuck (${items.length})` : 'Stuck';
  q('[data-dash-stuck]').replaceChildren(...items.map((i) => h('li', {}, h('span', {}, i.name), ` — on ${i.lesson}, no progress for ${i.minutes} min`)));
}

function renderTable(s: DashboardState): void {
  const lk = JSON.stringify(s.lessons);
  if (lk !== lessonsKey) {
    lessonsKey = lk;
    q('[data-dash-head]').replaceChildren(
      h('tr', {}, h('th', { scope: 'col' }, 'Attendee'), ...s.lessons.map((l) => h('th', { scope: 'col' }, lessonLabel(s, l.id)))),
    );
  }
  q('[data-dash-summary]').textContent = `${summary(s)}.`;
  const rows = progressRows(s);
  q('[data-dash-body]').replaceChildren(
    ...(rows.length
      ? rows.map((r) =>
          h(
            'tr',
            { class: r.stuck ? 'stuck' : '' },
            h('th', { scope: 'row' }, h('span', {}, r.name), r.note ? h('span', { class: 'dash-note' }, r.note) : null),
            ...r.cells.map((c) =>
              h(
                'td',
                { class: [c.complete ? 'complete' : '', c.current ? 'current' : ''].filter(Boolean).join(' ') },
                h('span', { 'aria-hidden': 'true' }, c.text),
                h('span', { class: 'visually-hidden' }, c.spoken),
              ),
            ),
          ),
        )
      : [h('tr', {}, h('td', { colspan: s.lessons.length + 1 }, 'Nobody has joined yet. Attendees join from any lesson page with the class code.'))]),
  );
}

function renderFailures(s: DashboardState): void {
  const items = failureItems(s, goalTitle);
  q('[data-dash-failing-none]').hidden = items.length > 0;
  q('[data-dash-failing]').replaceChildren(
    ...items.map((f) => h('li', {}, h('strong', {}, f.lessonTitle), `: “${f.goal}” is not met by ${f.count} of ${f.working} working on it`)),
  );
}

function renderSent(s: DashboardState): void {
  const items = [...s.announcements].sort((a, b) => b.at - a.at).slice(0, 10);
  q('[data-dash-sent-none]').hidden = items.length > 0;
  q('[data-dash-sent]').replaceChildren(...items.map((a) => h('li', {}, h('span', {}, a.text), ' ', h('span', { class: 'dash-when' }, `(${ago(s.now - a.at)})`))));
}

function renderLessonChoice(s: DashboardState): void {
  const select = q<HTMLSelectElement>('#dash-hint-lesson');
  const wanted = s.lessons.map((l) => l.id).join('\n');
  if (select.dataset.lessons === wanted) return;
  select.dataset.lessons = wanted;
  const chosen = select.value;
  select.replaceChildren(...s.lessons.map((l) => h('option', { value: l.id }, lessonLabel(s, l.id))));
  if (s.lessons.some((l) => l.id === chosen)) select.value = chosen;
}

function renderUpdated(): void {
  if (!state) return;
  const since = ago(Date.now() - receivedAt);
  q('[data-dash-updated]').textContent = connected ? `Live: updated ${since}` : `Reconnecting to the class server… (last update ${since})`;
}

// ---- forms ---------------------------------------------------------------------------------------------
function wireForm(form: HTMLFormElement, path: string, body: () => Record<string, string>, done: string): void {
  const status = form.querySelector<HTMLElement>('[data-dash-form-status]')!;
  const text = form.querySelector<HTMLTextAreaElement>('textarea')!;
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const payload = body();
    if (!payload.text) {
      status.textContent = 'Type the text first.';
      text.focus();
      return;
    }
    const button = form.querySelector<HTMLButtonElement>('button[type="submit"]')!;
    button.disabled = true;
    const res = await api(path, { method: 'POST', bearer: key, body: payload });
    button.disabled = false;
    if (res.status >= 200 && res.status < 300) {
      text.value = '';
      status.textContent = `${done} (${new Date().toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' })}).`;
    } else status.textContent = errorText(res);
  });
}

// ---- start ----------------------------------------------------------------------------------------------
async function start(): Promise<void> {
  if (!servedByClass) {
    showStatus(
      'This page works only where a class server serves the course: run stagecraft class on the instructor’s computer and open the dashboard link it prints.',
      'This copy of the course is a static site, with no class behind it.',
    );
    return;
  }
  key = readKey();
  if (!key) {
    showStatus('This link has no dashboard key. Open the dashboard link that stagecraft class printed: it ends with #key= and the key.');
    return;
  }
  const res = await api('/api/dashboard', { bearer: key });
  if (res.status === 401 || res.status === 403) {
    forgetKey();
    showStatus(`The class server refused this dashboard key: ${errorText(res)}`, 'Open the dashboard link that stagecraft class printed this time (the key is new with each class database).');
    return;
  }
  if (res.status !== 200 || !res.data || typeof res.data !== 'object') {
    const retry = h('button', { type: 'button', class: 'button' }, 'Try again');
    retry.addEventListener('click', () => void start());
    showStatus(errorText(res), h('p', {}, retry));
    return;
  }
  (q('[data-dash-csv]') as HTMLAnchorElement).href = `/api/dashboard/export.csv?key=${encodeURIComponent(key)}`;
  wireForm(q<HTMLFormElement>('[data-dash-announce]'), '/api/dashboard/announce', () => ({ text: q<HTMLTextAreaElement>('#dash-announce-text').value.trim() }), 'Sent to every attendee');
  wireForm(
    q<HTMLFormElement>('[data-dash-hint]'),
    '/api/dashboard/hint',
    () => ({ lesson: q<HTMLSelectElement>('#dash-hint-lesson').value, text: q<HTMLTextAreaElement>('#dash-hint-text').value.trim() }),
    'Pushed to the attendees on that lesson',
  );
  render(res.data as DashboardState);
  subscribe();
  window.setInterval(renderUpdated, 1000);
}

function subscribe(): void {
  const es = new EventSource(`/api/dashboard/events?key=${encodeURIComponent(key)}`);
  es.addEventListener('open', () => {
    connected = true;
    renderUpdated();
  });
  es.addEventListener('message', (e) => {
    let event: DashboardEvent | null = null;
    try {
      event = JSON.parse(String(e.data)) as DashboardEvent;
    } catch {
      return;
    }
    if (event?.type === 'state' && event.state) {
      connected = true;
      render(event.state);
    }
  });
  es.addEventListener('error', () => {
    connected = false;
    renderUpdated();
    // EventSource retries a dropped connection itself; an HTTP error ends it. A refused key
    // (the server started again with a new class database) is said as such; else try again.
    if (es.readyState !== EventSource.CLOSED) return;
    window.setTimeout(async () => {
      const res = await api('/api/dashboard', { bearer: key });
      if (res.status === 401 || res.status === 403) {
        forgetKey();
        showStatus(`The class server no longer accepts this dashboard key: ${errorText(res)}`, 'Open the dashboard link that stagecraft class printed this time.');
        return;
      }
      if (res.status === 200 && res.data) render(res.data as DashboardState);
      subscribe();
    }, 5000);
  });
}

void start();
