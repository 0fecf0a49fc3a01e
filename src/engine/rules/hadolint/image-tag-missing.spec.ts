import { ruleTester } from '../../testing/rule-tester';
import { imageTagMissing } from './image-tag-missing';

ruleTester(imageTagMissing, {
  valid: [
    'FROM ruby:2',
    'FROM ruby@sha256:f1dbca0f5dbc9',
    'FROM scratch',
    'FROM ${VALUE}',
    { name: 'a variable with a registry prefix', code: 'ARG REGISTRY\nFROM $REGISTRY/node' },
    {
      name: 'an earlier stage needs no tag',
      code: 'FROM golang:1.9.3-alpine3.7 AS build\nRUN foo\nFROM build as unit-test\nRUN bar\nFROM alpine:3.7\nRUN baz',
    },
    { name: 'stage names are case-insensitive', code: 'FROM golang:1.22 AS Build\nFROM build' },
    { name: 'a registry with a port and a tag', code: 'FROM localhost:5000/app:1.0' },
  ],
  invalid: [
    { code: 'FROM debian', errors: [{ messageId: 'untagged', line: 1, column: 6, endColumn: 12 }] },
    { code: 'FROM debian AS builder', errors: [{ messageId: 'untagged', line: 1, column: 6 }] },
    {
      name: 'an untagged image that is not a stage',
      code: 'FROM golang:1.9.3-alpine3.7 AS build\nRUN foo\nFROM node as unit-test\nRUN bar\nFROM alpine:3.7\nRUN baz',
      errors: [{ messageId: 'untagged', line: 3, column: 6 }],
    },
    {
      name: 'a stage named later does not count',
      code: 'FROM build\nFROM golang:1.22 AS build',
      errors: [{ messageId: 'untagged', line: 1 }],
    },
    { name: 'a registry port is not a tag', code: 'FROM localhost:5000/app', errors: [{ messageId: 'untagged', line: 1 }] },
  ],
});
