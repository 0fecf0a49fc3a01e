import { ruleTester } from '../../testing/rule-tester';
import { imageTagLatest } from './image-tag-latest';

ruleTester(imageTagLatest, {
  valid: [
    'FROM debian:jessie',
    'FROM debian:jessie AS builder',
    'FROM hub.docker.io/debian@sha256:7959ed6f7e35f8b1aaa06d1d8259d4ee25aa85a086d5c125480c333183f9deeb',
    {
      name: 'latest with a digest is pinned',
      code: 'FROM hub.docker.io/debian:latest@sha256:7959ed6f7e35f8b1aaa06d1d8259d4ee25aa85a086d5c125480c333183f9deeb',
    },
    { name: 'no tag is DL3006’s business', code: 'FROM debian' },
    { name: 'a registry port is not a tag', code: 'FROM localhost:5000/latest' },
  ],
  invalid: [
    { code: 'FROM debian:latest', errors: [{ messageId: 'latest', line: 1, column: 13, endColumn: 19 }] },
    { code: 'FROM debian:latest AS builder', errors: [{ messageId: 'latest', line: 1, column: 13 }] },
    {
      code: 'FROM golang:1.22 AS build\nFROM registry.example.com:443/team/app:latest',
      errors: [{ messageId: 'latest', line: 2, column: 40 }],
    },
  ],
});
