import { expect, test, type Page } from '@playwright/test';
import { expectNoAxeViolations } from './support';
import { build, lessonFileText, openExercise, setEditorText } from './exercise-support';
import { lessonSimulator } from './simulated';

/** The terminal's "Output as text" log: every command and what it printed, as plain text. */
const log = (page: Page) => page.locator('[data-terminal-panel] [role="log"]');

async function openTerminal(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Terminal', exact: true }).click();
  await expect(page.locator('[data-terminal-panel] .xterm-helper-textarea')).toBeFocused({ timeout: 20_000 });
}

/** Types a line into the terminal and waits until its prompt comes back (the line has run). */
async function run(page: Page, line: string): Promise<void> {
  const before = await log(page).innerText();
  await page.keyboard.type(line);
  await page.keyboard.press('Enter');
  await expect.poll(async () => (await log(page).innerText()).length, { timeout: 30_000 }).toBeGreaterThan(before.length);
  await expect(page.locator('[data-terminal-panel] section.terminal')).not.toHaveAttribute('data-running', 'true', { timeout: 30_000 });
}

/** What the log says after the last `$ <line>` it holds. */
async function outputOf(page: Page, line: string): Promise<string> {
  const text = await log(page).innerText();
  const at = text.lastIndexOf(`$ ${line}`);
  expect(at, `the log has "$ ${line}"`).toBeGreaterThanOrEqual(0);
  return text.slice(at + line.length + 2);
}

test.describe('the terminal', () => {
  test('loads nothing of xterm until it is opened', async ({ page }) => {
    const requests: string[] = [];
    page.on('request', (r) => requests.push(r.url()));
    await openExercise(page, '/lessons/node-typescript/');
    await page.waitForLoadState('networkidle');
    expect(requests.filter((u) => /xterm|terminal\.|webcontainer/i.test(u))).toEqual([]);
    await openTerminal(page);
    expect(requests.some((u) => /xterm/.test(u))).toBe(true);
    expect(requests.filter((u) => /webcontainer|stackblitz/i.test(u))).toEqual([]);
  });

  test('the seed’s flow: build single and multi, docker images lists both with the build panel’s sizes, history', async ({ page }) => {
    const sim = await lessonSimulator('node-typescript');
    await openExercise(page, '/lessons/node-typescript/');
    await openTerminal(page);
    await run(page, 'docker build -t myapp:single -f single.Dockerfile .');
    expect(await outputOf(page, 'docker build -t myapp:single -f single.Dockerfile .')).toContain('naming to docker.io/library/myapp:single done');
    // The learner fixes the Dockerfile in the editor; the terminal builds what the editor has now.
    await setEditorText(page, lessonFileText('04-node-typescript/solution/Dockerfile'));
    await page.locator('[data-terminal-panel] .xterm-helper-textarea').focus();
    await run(page, 'docker build -t myapp:multi .');
    expect(await outputOf(page, 'docker build -t myapp:multi .')).toContain('naming to docker.io/library/myapp:multi done');
    await run(page, 'docker images myapp');
    const table = await outputOf(page, 'docker images myapp');
    const rows = table.split('\n').filter((l) => l.startsWith('myapp'));
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatch(new RegExp(`^myapp\\s+multi\\s+[0-9a-f]{12}\\s+.+\\s${sim.imageOfFile('solution/Dockerfile').size}$`));
    expect(rows[1]).toMatch(new RegExp(`^myapp\\s+single\\s+[0-9a-f]{12}\\s+.+\\s${sim.imageOfFile('examples/single-stage.Dockerfile').size}$`));
    await run(page, 'docker history myapp:multi');
    expect(await outputOf(page, 'docker history myapp:multi')).toMatch(/IMAGE\s+CREATED\s+CREATED BY\s+SIZE\s+COMMENT/);
    // The Build button's figure is the terminal's.
    await build(page);
    await expect(page.locator('.build-figures')).toContainText(sim.imageOfFile('solution/Dockerfile').size);
  });

  test('docker run on a broken image says what Docker would and why', async ({ page }) => {
    await openExercise(page, '/lessons/node-typescript/');
    await setEditorText(page, 'FROM node:20-alpine\nWORKDIR /app\nCOPY package.json ./\nCMD ["node", "dist/server.js"]\n');
    await openTerminal(page);
    await run(page, 'docker build -q -t broken . && docker run --rm broken; echo status $?');
    const out = await outputOf(page, 'docker build -q -t broken . && docker run --rm broken; echo status $?');
    expect(out).toContain("Error: Cannot find module '/app/dist/server.js'");
    expect(out).toContain('# Stagecraft:');
    expect(out).toMatch(/status 1\b/);
  });

  test('history, completion, Ctrl+L and paste work from the keyboard', async ({ page, context, browserName }) => {
    await openExercise(page, '/lessons/node-typescript/');
    await openTerminal(page);
    await run(page, 'pwd');
    expect(await outputOf(page, 'pwd')).toContain('/home/learner/node-express-ts');
    // Up brings the last line back.
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('Enter');
    await expect.poll(async () => ((await log(page).innerText()).match(/\$ pwd/g) ?? []).length).toBe(2);
    // Tab completes a command, then a subcommand (to the common prefix of image and images), then a file.
    await page.keyboard.type('doc');
    await page.keyboard.press('Tab');
    await page.keyboard.type('ima');
    await page.keyboard.press('Tab');
    await page.keyboard.type('s');
    await page.keyboard.press('Enter');
    await expect(log(page)).toContainText('$ docker images');
    await expect(log(page)).toContainText('REPOSITORY');
    await page.keyboard.type('cat single.Dock');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await expect(log(page)).toContainText('$ cat single.Dockerfile');
    await expect(log(page)).toContainText('FROM node:20');
    // Paste: the clipboard's text goes in as typed text.
    if (browserName === 'chromium') await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    await page.evaluate(() => navigator.clipboard.writeText('echo pasted-line'));
    await page.getByRole('button', { name: 'Paste', exact: true }).click();
    // The clipboard answers asynchronously: the text is on the line before Enter runs it.
    await expect(page.locator('[data-terminal-panel] .xterm-rows')).toContainText('echo pasted-line');
    await page.locator('[data-terminal-panel] .xterm-helper-textarea').focus();
    await page.keyboard.press('Enter');
    await expect(log(page)).toContainText('pasted-line');
    // Ctrl+L clears the screen, not the text log.
    await page.keyboard.press('Control+L');
    await expect(page.locator('[data-terminal-panel] .xterm-rows')).not.toContainText('pasted-line');
    await expect(log(page)).toContainText('pasted-line');
  });

  test('keyboard only: Ctrl+` opens it, Escape then Tab leaves it, and axe finds nothing with it open', async ({ page }) => {
    await openExercise(page, '/lessons/node-typescript/');
    await page.keyboard.press('Control+`');
    const input = page.locator('[data-terminal-panel] .xterm-helper-textarea');
    await expect(input).toBeFocused({ timeout: 20_000 });
    await expect(input).toHaveAttribute('aria-label', /Terminal input/);
    await run(page, 'help');
    expect(await outputOf(page, 'help')).toContain('docker');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Tab');
    await expect(input).not.toBeFocused();
    await expect(page.locator('[data-terminal-panel]')).toBeVisible();
    await expectNoAxeViolations(page);
  });

  test('“Open a real Node terminal” names why it cannot start and keeps the in-page shell', async ({ page }) => {
    // This machine (and CI) cannot reach StackBlitz, whose servers the WebContainer runtime comes from: make that quick and certain.
    await page.route(/stackblitz|webcontainer\.io|webcontainer-api\.io/, (route) => route.abort('internetdisconnected'));
    await openExercise(page, '/lessons/node-typescript/');
    await openTerminal(page);
    await page.getByRole('button', { name: 'Open a real Node terminal' }).click();
    const notice = page.locator('[data-terminal-notice]');
    await expect(notice).toBeVisible({ timeout: 40_000 });
    await expect(notice).toContainText(/real Node terminal (could not|cannot) start/);
    await expect(notice).toContainText('The in-page shell stays.');
    await page.locator('[data-terminal-panel] .xterm-helper-textarea').focus();
    await run(page, 'docker images');
    expect(await outputOf(page, 'docker images')).toContain('REPOSITORY');
  });

  test('“Run in the terminal” in the lesson text opens the terminal and runs the step', async ({ page }) => {
    await page.goto('/lessons/why-images-are-huge/');
    const step = page.locator('[data-terminal-run="ls -la"]').first();
    await expect(step).toBeVisible();
    await step.click();
    await expect(log(page)).toContainText('$ ls -la', { timeout: 40_000 });
    await expect(log(page)).toContainText('single.Dockerfile');
    await expect(log(page)).toContainText('node_modules');
  });
});
