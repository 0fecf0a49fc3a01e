// @ts-check
/** Syntax colours for code on every page: high-contrast GitHub themes pass WCAG AA on our code background. */
export const codeThemes = /** @type {const} */ ({ light: 'github-light-high-contrast', dark: 'github-dark-high-contrast' });
