/**
 * Puts text into the message box open in the page (LinkedIn messaging, a CRM email composer),
 * at the caret. The only write Pitchside makes to a page, and only when the rep asks.
 */
const EDITABLE = [
  '[contenteditable="true"][role="textbox"]', // LinkedIn messaging, most rich editors
  '.msg-form__contenteditable',
  'textarea',
  '[contenteditable="true"]',
  'input[type="text"], input:not([type])',
];

function isVisible(element: Element): boolean {
  const rect = element.getBoundingClientRect();
  return rect.width > 0 && rect.height > 0;
}

function isEditable(element: Element | null): element is HTMLElement {
  if (!element) return false;
  if (element instanceof HTMLTextAreaElement) return !element.readOnly && !element.disabled;
  if (element instanceof HTMLInputElement) return ['text', 'search', ''].includes(element.type) && !element.readOnly;
  return (element as HTMLElement).isContentEditable === true;
}

export function findMessageBox(document: Document): HTMLElement | null {
  const active = document.activeElement;
  if (isEditable(active)) return active;
  for (const selector of EDITABLE) {
    const found = Array.from(document.querySelectorAll(selector)).find((el) => isEditable(el) && isVisible(el));
    if (found) return found as HTMLElement;
  }
  return null;
}

export function insertText(document: Document, text: string): { inserted: boolean; reason?: string } {
  const box = findMessageBox(document);
  if (!box) return { inserted: false, reason: 'No message box is open on this page.' };
  box.focus();
  if (box instanceof HTMLTextAreaElement || box instanceof HTMLInputElement) {
    const start = box.selectionStart ?? box.value.length;
    const end = box.selectionEnd ?? box.value.length;
    box.setRangeText(text, start, end, 'end');
    box.dispatchEvent(new Event('input', { bubbles: true }));
    return { inserted: true };
  }
  // execCommand keeps the editor's undo stack and its framework state in step.
  const done = document.execCommand('insertText', false, text);
  if (!done) {
    box.append(document.createTextNode(text));
    box.dispatchEvent(new Event('input', { bubbles: true }));
  }
  return { inserted: true };
}
