import './style.css';

interface Check {
  name: string;
  ok: boolean;
  latencyMs: number;
}

async function load(): Promise<Check[]> {
  const res = await fetch('/api/status');
  if (!res.ok) throw new Error(`status API answered ${res.status}`);
  return (await res.json()) as Check[];
}

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

load().then(render, (err: unknown) => {
  const summary = document.querySelector<HTMLParagraphElement>('#summary');
  if (summary) summary.textContent = `Could not load the status: ${String(err)}`;
});
