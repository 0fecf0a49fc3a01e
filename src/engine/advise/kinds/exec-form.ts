/** Shell-form CMD/ENTRYPOINT as exec form, for images without /bin/sh (scratch, distroless). */
import type { Instruction } from '../../dockerfile/types';

/** `CMD /server --port 8080` → `CMD ["/server", "--port", "8080"]`, or null when the command needs a shell. */
export function asExecForm(ins: Instruction): string | null {
  if (ins.json) return ins.original.trim();
  const command = ins.args[0]?.value ?? '';
  if (!/^[\w./=:@%+,-]+(\s+[\w./=:@%+,-]+)*$/.test(command.trim())) return null;
  return `${ins.name} ${JSON.stringify(command.trim().split(/\s+/)).replace(/","/g, '", "')}`;
}
