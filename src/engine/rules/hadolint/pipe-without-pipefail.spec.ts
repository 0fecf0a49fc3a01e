import { ruleTester } from '../../testing/rule-tester';
import { pipeWithoutPipefail } from './pipe-without-pipefail';

const PIPE = 'RUN wget -O - https://some.site | wc -l file > /number';

ruleTester(pipeWithoutPipefail, {
  valid: [
    'FROM scratch as build\nRUN wget -O - https://some.site && wc -l file > /number',
    `FROM scratch as build\nSHELL ["/bin/bash", "-eo", "pipefail", "-c"]\n${PIPE}`,
    `FROM scratch as build\nSHELL ["/bin/bash", "-e", "-o", "pipefail", "-c"]\n${PIPE}`,
    `FROM scratch as build\nSHELL ["/bin/bash", "-o", "errexit", "-o", "pipefail", "-c"]\n${PIPE}`,
    `FROM scratch as build\nSHELL ["/bin/zsh", "-o", "pipefail", "-c"]\n${PIPE}`,
    `FROM scratch as build\nSHELL ["/usr/bin/bash", "-o", "pipefail", "-c"]\n${PIPE}`,
    `FROM scratch as build\nSHELL ["/usr/local/bin/zsh", "-o", "pipefail", "-c"]\n${PIPE}`,
    'FROM scratch as build\nSHELL ["pwsh", "-c"]\nRUN Get-Variable PSVersionTable | Select-Object -ExpandProperty Value',
    'FROM mcr.microsoft.com/powershell:ubuntu-16.04\nSHELL [ "pwsh", "-c" ]\nRUN Get-Variable PSVersionTable | Select-Object -ExpandProperty Value',
    'FROM mcr.microsoft.com/powershell:ubuntu-16.04\nSHELL [ "powershell.exe" ]\nRUN Get-Variable PSVersionTable | Select-Object -ExpandProperty Value',
    'FROM mcr.microsoft.com/powershell:ubuntu-16.04\nSHELL [ "cmd.exe", "/c" ]\nRUN Get-Variable PSVersionTable | Select-Object -ExpandProperty Value',
    { name: '|| is not a pipe', code: 'FROM alpine:3\nRUN false || true' },
    { name: 'a quoted bar is not a pipe', code: "FROM alpine:3\nRUN echo 'a | b' > /x" },
    { name: 'a redirection is not a pipe', code: 'FROM alpine:3\nRUN make 2>&1 > /log' },
    {
      name: 'case patterns are not pipes',
      code: 'FROM alpine:3\nRUN case "$(uname -m)" in x86_64|amd64) A=x;; aarch64|arm64) A=y;; esac',
    },
    { name: 'a bar in a parameter expansion', code: 'FROM alpine:3\nRUN echo "${X:-a|b}" ${Y:-c|d}' },
    { name: 'a heredoc for another interpreter', code: 'FROM python:3\nRUN <<EOF\n#!/usr/bin/env python3\nprint(1 | 2)\nEOF' },
  ],
  invalid: [
    { code: `FROM scratch\n${PIPE}`, errors: [{ messageId: 'pipefail', line: 2, column: 1 }] },
    { code: `FROM scratch as build\nSHELL ["/bin/sh", "-o", "pipefail", "-c"]\n${PIPE}`, errors: [{ messageId: 'pipefail', line: 3 }] },
    {
      name: 'a new stage starts without pipefail',
      code: `FROM scratch as build\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\n${PIPE}\nFROM scratch as build2\n${PIPE}`,
      errors: [{ messageId: 'pipefail', line: 5 }],
    },
    {
      name: 'a later SHELL without pipefail',
      code: `FROM scratch as build\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\n${PIPE}\nSHELL ["/bin/sh", "-c"]\n${PIPE}`,
      errors: [{ messageId: 'pipefail', line: 5 }],
    },
    { name: 'a pipe after a redirection', code: 'FROM alpine:3\nRUN make 2>&1 | tee /log', errors: [{ messageId: 'pipefail', line: 2 }] },
    { name: '|& pipes stderr too', code: 'FROM alpine:3\nRUN make |& tee /log', errors: [{ messageId: 'pipefail', line: 2 }] },
    {
      name: 'a pipe inside a command substitution',
      code: 'FROM alpine:3\nRUN echo "$(cat /etc/os-release | head -1)" > /os',
      errors: [{ messageId: 'pipefail', line: 2 }],
    },
    {
      name: 'a pipe in a heredoc script',
      code: 'FROM alpine:3\nRUN <<EOF\ncurl -fsSL https://example.com/install.sh | sh\nEOF',
      errors: [{ messageId: 'pipefail', line: 2 }],
    },
    {
      name: 'exec form is read as hadolint reads it: the items joined',
      code: 'FROM alpine:3\nRUN ["sh", "-c", "ls | wc -l"]',
      errors: [{ messageId: 'pipefail', line: 2 }],
    },
  ],
});
