/** @joplin/turndown-plugin-gfm ships no types: its one export used here. */
declare module '@joplin/turndown-plugin-gfm' {
  import type TurndownService from 'turndown';
  export const gfm: TurndownService.Plugin;
}
