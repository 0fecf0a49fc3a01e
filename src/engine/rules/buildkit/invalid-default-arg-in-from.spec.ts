import { ruleTester } from '../../testing/rule-tester';
import { invalidDefaultArgInFrom } from './invalid-default-arg-in-from';

ruleTester(invalidDefaultArgInFrom, {
  valid: [
    { name: 'docs: good, a default', code: 'ARG TAG=latest\nFROM busybox:${TAG}' },
    { name: 'docs: good, empty is fine here', code: 'ARG VARIANT\nFROM busybox:stable${VARIANT}' },
    { name: 'docs: good, a fallback in FROM', code: 'ARG TAG\nFROM alpine:${TAG:-3.14}' },
    { name: 'BuildKit test: quoted default', code: '\nARG VERSION="latest"\nFROM busybox:${VERSION}\n' },
    { name: 'BuildKit test: empty quoted default', code: '\nARG BUSYBOX_VARIANT=""\nFROM busybox:stable${BUSYBOX_VARIANT}\n' },
    'FROM node:20-alpine AS build\nFROM build',
    'FROM scratch',
    'FROM gcr.io/distroless/static-debian12:nonroot',
    'FROM localhost:5000/app@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef',
  ],
  invalid: [
    {
      name: 'docs: bad',
      code: 'ARG TAG\nFROM busybox:${TAG}',
      errors: [{ messageId: 'invalid', data: { base: 'busybox:${TAG}' }, line: 2, column: 6, endColumn: 20 }],
    },
    {
      name: 'BuildKit test: no default',
      code: '\nARG VERSION\nFROM busybox:$VERSION\n',
      errors: [{ messageId: 'invalid', data: { base: 'busybox:$VERSION' }, line: 3 }],
    },
    {
      name: 'BuildKit test: empty image',
      code: '\nARG IMAGE\nFROM $IMAGE\n',
      errors: [{ messageId: 'invalid', data: { base: '$IMAGE' }, line: 3 }],
    },
    {
      name: 'BuildKit test: a default that ends in a colon',
      code: '\nARG SFX="box:"\nFROM busy${SFX}\n',
      errors: [{ messageId: 'invalid', data: { base: 'busy${SFX}' }, line: 3 }],
    },
    {
      name: 'capitals are not a valid image name',
      code: 'FROM Alpine:3.20',
      errors: [{ messageId: 'invalid', data: { base: 'Alpine:3.20' }, line: 1 }],
    },
  ],
});
