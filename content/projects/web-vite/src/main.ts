import './style.css';

interface Check {
  name: string;
  ok: boolean;
  latencyMs: number;
}

const checks: Check[] = [
  { name: 'API', ok: true, latencyMs: 42 },
  { name: 'Database', ok: true, latencyMs: 7 },
  { name: 'Search', ok: false, latencyMs: 0 },
];

function render(list: Check[]): void {
  const summary = document.querySelector<HTMLParagraphElement>('#summary');
  const ul = document.querySelector<HTMLUListElement>('#checks');
  if (!summary || !ul) return;
  const failing = list.filter((c) => !c.ok);
  summary.textContent = failing.length === 0 ? 'All systems operational.' : `${failing.length} of ${list.length} checks failing.`;
  ul.replaceChildren(
    ...list.map((c) => {
      const li = document.createElement('li');
      li.className = c.ok ? 'ok' : 'down';
      li.textContent = c.ok ? `${c.name}: up (${c.latencyMs} ms)` : `${c.name}: down`;
      return li;
    }),
  );
}

render(checks);
