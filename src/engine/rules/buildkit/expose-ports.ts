/**
 * EXPOSE port specs as BuildKit's dispatchExpose reads them
 * (dockerfile2llb/convert_expose.go): each word expanded and split, then
 * `[ip:][hostPort:]containerPort[/proto]`. Shared by the two EXPOSE checks.
 */
import type { Range } from '../../dockerfile/source';
import type { Dockerfile } from '../../dockerfile/types';
import { expandWord } from '../../dockerfile/lexer';
import { fileScopes } from '../../dockerfile/scopes';

export interface ExposedPort {
  /** The port spec after expansion: `127.0.0.1:80:80/TCP`. */
  spec: string;
  ip: string;
  hostPort: string;
  /** `80/TCP`: the part after the last two colons. */
  containerPort: string;
  proto: string;
  range: Range;
  /** The spec is the source text itself (no variables or quotes), so fixes can edit it. */
  literal: boolean;
}

const cache = new WeakMap<Dockerfile, ExposedPort[]>();

export function exposedPorts(file: Dockerfile): ExposedPort[] {
  let ports = cache.get(file);
  if (!ports) {
    ports = readPorts(file);
    cache.set(file, ports);
  }
  return ports;
}

function readPorts(file: Dockerfile): ExposedPort[] {
  const out: ExposedPort[] = [];
  for (const { stage, before } of fileScopes(file).stages) {
    for (const ins of stage.instructions) {
      if (ins.name !== 'EXPOSE') continue;
      const scope = before.get(ins);
      // parsePorts stops at the first spec it cannot read; specs before it were checked.
      instruction: for (const arg of ins.args) {
        const expanded = expandWord(arg.value, scope?.env, { escape: file.escapeToken });
        if (expanded.error !== null) break;
        const literal = expanded.words.length === 1 && expanded.words[0] === arg.value;
        for (const spec of expanded.words) {
          const [ip, hostPort, containerPort] = splitParts(spec);
          const slash = containerPort.indexOf('/');
          const port = slash < 0 ? containerPort : containerPort.slice(0, slash);
          const proto = slash < 0 ? '' : containerPort.slice(slash + 1);
          if (port === '' || !['', 'tcp', 'udp', 'sctp'].includes(proto.toLowerCase())) break instruction;
          out.push({ spec, ip, hostPort, containerPort, proto, range: arg.range, literal });
          if (!validPortRange(port) || (hostPort !== '' && !validPortRange(hostPort)) || (ip !== '' && !validIP(ip))) break instruction;
        }
      }
    }
  }
  return out;
}

/** splitParts: `ip:host:container`, with IPv6 addresses keeping their colons. */
function splitParts(raw: string): [string, string, string] {
  const parts = raw.split(':');
  switch (parts.length) {
    case 1:
      return ['', '', parts[0]!];
    case 2:
      return ['', parts[0]!, parts[1]!];
    case 3:
      return [parts[0]!, parts[1]!, parts[2]!];
    default: {
      const n = parts.length;
      return [parts.slice(0, n - 2).join(':'), parts[n - 2]!, parts[n - 1]!];
    }
  }
}

function validPort(s: string): boolean {
  return /^[+-]?\d+$/.test(s) && Number(s) >= 0 && Number(s) <= 65535;
}

function validPortRange(s: string): boolean {
  const dash = s.indexOf('-');
  if (dash < 0) return validPort(s);
  const a = s.slice(0, dash);
  const b = s.slice(dash + 1);
  return validPort(a) && (a === b || (validPort(b) && Number(b) >= Number(a)));
}

function validIP(ip: string): boolean {
  const v = ip.startsWith('[') && ip.endsWith(']') ? ip.slice(1, -1) : ip;
  if (/^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.test(v)) return v.split('.').every((o) => Number(o) <= 255);
  return /^[0-9a-fA-F:.]+$/.test(v) && v.includes(':');
}
