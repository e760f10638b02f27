/**
 * Puts text into the message box open in the page (LinkedIn messaging, a CRM email composer,
 * Gmail's and Outlook's compose boxes), at the caret. The only write Pitchside makes to a page,
 * and only when the rep asks.
 *
 * A message box is a rich-text editor or a textarea: never a one-line input (search bars,
 * subject lines), never one inside the page's header, navigation or search form.
 */

/**
 * An editor that says it holds several lines (ARIA's aria-multiline, which the message bodies of
 * Gmail, Outlook on the web and LinkedIn carry). Where one is open, another editable that says
 * nothing of the kind is a field of the same form, not the message: Outlook's To and Cc fields
 * are contenteditable textboxes too, and a new message opens with the caret in To.
 */
const MULTI_LINE = '[contenteditable="true"][aria-multiline="true"]';

const MESSAGE_BOXES = [
  MULTI_LINE,
  '[contenteditable="true"][role="textbox"]', // LinkedIn messaging, most rich editors
  '.msg-form__contenteditable',
  '[contenteditable="true"]',
  'textarea',
];

const NOT_A_MESSAGE = 'header, nav, [role="search"], [role="banner"], [role="navigation"]';

function isVisible(element: Element): boolean {
  const rect = element.getBoundingClientRect();
  return rect.width > 0 && rect.height > 0;
}

function isMessageBox(element: Element | null): element is HTMLElement {
  if (!element || element.closest(NOT_A_MESSAGE)) return false;
  if (element.tagName === 'TEXTAREA') {
    const area = element as HTMLTextAreaElement;
    return !area.readOnly && !area.disabled;
  }
  return (element as HTMLElement).isContentEditable === true || element.getAttribute('contenteditable') === 'true';
}

function firstBox(document: Document, selector: string): HTMLElement | null {
  return (Array.from(document.querySelectorAll(selector)).find((el) => isMessageBox(el) && isVisible(el)) as HTMLElement | undefined) ?? null;
}

export function findMessageBox(document: Document): HTMLElement | null {
  const active = document.activeElement;
  const declared = firstBox(document, MULTI_LINE);
  // The box the rep is writing in, unless it is a form's one-line field beside a declared message body.
  if (isMessageBox(active) && (!declared || active.tagName === 'TEXTAREA' || active.matches(MULTI_LINE) || declared.contains(active))) return active;
  for (const selector of MESSAGE_BOXES) {
    const found = firstBox(document, selector);
    if (found) return found;
  }
  return null;
}

/** An `input` event of the page's own window, so the page's framework sees the change. */
function inputEvent(document: Document): Event {
  const EventOfPage = (document.defaultView as (Window & typeof globalThis) | null)?.Event ?? Event;
  return new EventOfPage('input', { bubbles: true });
}

export function insertText(document: Document, text: string): { inserted: boolean; reason?: string } {
  const box = findMessageBox(document);
  if (!box) return { inserted: false, reason: 'No message box is open on this page.' };
  box.focus();
  if (box.tagName === 'TEXTAREA') {
    const area = box as HTMLTextAreaElement;
    const start = area.selectionStart ?? area.value.length;
    const end = area.selectionEnd ?? area.value.length;
    area.setRangeText(text, start, end, 'end');
    area.dispatchEvent(inputEvent(document));
    return { inserted: true };
  }
  // execCommand keeps the editor's undo stack and its framework state in step.
  const done = document.execCommand('insertText', false, text);
  if (!done) {
    box.append(document.createTextNode(text));
    box.dispatchEvent(inputEvent(document));
  }
  return { inserted: true };
}
