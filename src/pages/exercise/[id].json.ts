import type { APIRoute, GetStaticPaths } from 'astro';
import { courseLessons } from '../../lessons/course';
import { exerciseData } from '../../lessons/exercise-data';

export const getStaticPaths: GetStaticPaths = async () => {
  const lessons = await courseLessons();
  return lessons.map((lesson, i) => ({ params: { id: lesson.id }, props: { data: exerciseData(lesson, lessons[i + 1]) } }));
};

export const GET: APIRoute = ({ props }) =>
  new Response(JSON.stringify(props.data), { headers: { 'Content-Type': 'application/json; charset=utf-8' } });
