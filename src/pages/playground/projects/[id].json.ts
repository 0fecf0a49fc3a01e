/**
 * A sample project for the playground, fetched only when the learner picks it:
 * its files and manifest (what the engine builds on) and the Dockerfile it starts from.
 */
import type { APIRoute, GetStaticPaths } from 'astro';
import { lessonFile, projectSource } from '../../../lessons/projects';
import { SAMPLES, type Sample, type SampleData } from '../../../client/playground/samples';

export const getStaticPaths: GetStaticPaths = () => SAMPLES.map((sample) => ({ params: { id: sample.id }, props: { sample } }));

export const GET: APIRoute = ({ props }) => {
  const sample = (props as { sample: Sample }).sample;
  const { files, manifest } = projectSource(sample.id);
  const data: SampleData = {
    version: 1,
    id: sample.id,
    title: sample.title,
    files,
    manifest,
    dockerfile: lessonFile(sample.start.folder, sample.start.path),
    dockerignore: files.find((f) => f.path === '.dockerignore')?.text ?? '',
  };
  return new Response(JSON.stringify(data), { headers: { 'Content-Type': 'application/json; charset=utf-8' } });
};
