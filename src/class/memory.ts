/**
 * Keeps the class server's young generation small.
 *
 * V8 doubles its new space whenever the bytes that survived scavenges since the last
 * doubling exceed its size, and shrinks it only when a process allocates less than
 * about 1 MB/s. A server answering 80 requests a second allocates more than that, and
 * every request has objects alive for a moment, so over a workshop the new space grows
 * to V8's ceiling (134 MB, measured with `npm run load`), which is most of what the
 * process holds beyond its code. Loading the course (the engine, the lessons) has
 * already grown it to 16–32 MB before the server starts. Node's `--max-semi-space-size`
 * would cap it, but `stagecraft` is a command, not a `node` invocation with flags.
 *
 * - Once, at the start: a memory-reducing full collection (V8's `gc` with the
 *   "last-resort" flavour, reached through a fresh context after `--expose-gc`), which
 *   gives the new space back down to its minimum. About 100 ms, before listening.
 * - Then V8 reads `--semi-space-growth-factor` each time it grows the space: setting it
 *   to 1 once the space is half the cap stops the growth (one more doubling at most),
 *   and setting it back to 2 when V8 has shrunk the space lets it adapt again. Checked
 *   four times a second (a microsecond each).
 * Nothing else is touched; if V8 refuses any of it, the server runs as it would anyway.
 */
import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

export const YOUNG_GENERATION_CAP_BYTES = 16 * 1024 * 1024;

const newSpaceBytes = () => getHeapSpaceStatistics().find((s) => s.space_name === 'new_space')?.space_size ?? 0;

/** Starts keeping the new space under `capBytes`; the returned function stops it. */
export function capYoungGeneration(capBytes = YOUNG_GENERATION_CAP_BYTES, everyMs = 250): () => void {
  let frozen = false;
  const setGrowth = (factor: 1 | 2) => {
    try {
      setFlagsFromString(`--semi-space-growth-factor=${factor}`);
    } catch {
      // An engine without the flag: nothing to do.
    }
  };
  if (newSpaceBytes() > capBytes / 2) {
    try {
      setFlagsFromString('--expose-gc');
      const gc = runInNewContext('gc') as (options?: object) => void;
      gc({ type: 'major', execution: 'sync', flavor: 'last-resort' });
    } catch {
      // No gc in this engine: the cap below still stops further growth.
    }
  }
  const check = () => {
    const size = newSpaceBytes();
    const freeze = frozen ? size > capBytes / 4 : size >= capBytes / 2;
    if (freeze !== frozen) {
      setGrowth(freeze ? 1 : 2);
      frozen = freeze;
    }
  };
  check();
  const timer = setInterval(check, everyMs);
  timer.unref();
  return () => {
    clearInterval(timer);
    if (frozen) setGrowth(2);
    frozen = false;
  };
}
