import type { Window } from 'happy-dom';
import { afterAll } from 'vitest';
import { readPage } from '../../lib/context/registry';
import type { ProspectContext } from '../../lib/context/schema';
import { load } from './fixtures';

/**
 * Reads a page's context in happy-dom with the reader registry (null when it reads none); the
 * pages' windows close after the calling file's tests.
 */
export function contextReader(): (html: string, url: string) => ProspectContext | null {
  const windows: Window[] = [];
  afterAll(async () => Promise.all(windows.map((w) => w.happyDOM.close())));
  return (html, url) => {
    const { window, document } = load(html, url);
    windows.push(window);
    const result = readPage(document, url);
    return result.status === 'read' ? result.context : null;
  };
}
