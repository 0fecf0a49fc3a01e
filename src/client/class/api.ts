/**
 * Requests to the class server (src/class/protocol.ts): JSON in and out, a bearer
 * token, and the server's `{ "error": "a sentence" }` turned into words to show.
 * Never throws: a request that could not be made answers with status 0.
 */
export interface ApiAnswer {
  status: number;
  data: unknown;
}

export interface ApiRequest {
  method?: 'GET' | 'POST' | 'DELETE';
  /** The attendee token or the dashboard key. */
  bearer?: string | null;
  body?: unknown;
  /** Let the request outlive the page (pagehide). */
  keepalive?: boolean;
  signal?: AbortSignal;
}

export async function api(path: string, { method = 'GET', bearer, body, keepalive, signal }: ApiRequest = {}): Promise<ApiAnswer> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (bearer) headers.authorization = `Bearer ${bearer}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  try {
    const res = await fetch(path, {
      method,
      headers,
      cache: 'no-store',
      credentials: 'same-origin',
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      ...(keepalive ? { keepalive: true } : {}),
      ...(signal ? { signal } : {}),
    });
    let data: unknown = null;
    if ((res.headers.get('content-type') ?? '').includes('json')) data = await res.json().catch(() => null);
    return { status: res.status, data };
  } catch {
    return { status: 0, data: null };
  }
}

/** The server's own sentence for a refusal, else a plain one for the status. */
export function errorText(answer: ApiAnswer): string {
  const said = (answer.data as { error?: unknown } | null)?.error;
  if (typeof said === 'string' && said.trim()) return said.trim().slice(0, 300);
  if (answer.status === 0) return 'The class server could not be reached. Check the network and try again.';
  if (answer.status === 429) return 'Too many tries at once. Wait a moment and try again.';
  if (answer.status >= 500) return `The class server had a problem (HTTP ${answer.status}). Try again in a moment.`;
  return `The class server refused (HTTP ${answer.status}).`;
}
