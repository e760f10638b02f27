import { describe, expect, it } from 'vitest';
import { Window } from 'happy-dom';
import { findMessageBox, insertText } from '@/lib/context/insert';

function page(html: string) {
  const window = new Window({ url: 'https://crm.example.com/deal/1' });
  window.document.write(html);
  return window.document as unknown as Document;
}

describe('Insert: the one write Pitchside makes to a page', () => {
  it('writes into the focused message box at the caret, keeping what the rep wrote', () => {
    const document = page('<main><textarea id="body">Hi Maria, see </textarea></main>');
    const box = document.getElementById('body') as HTMLTextAreaElement;
    box.focus();
    box.setSelectionRange(box.value.length, box.value.length);
    expect(insertText(document, 'https://acme.example/cs')).toEqual({ inserted: true });
    expect(box.value).toBe('Hi Maria, see https://acme.example/cs');
  });

  it('never takes a search bar, a one-line input or a box in the page header for the message', () => {
    const document = page(
      '<header><textarea id="h"></textarea></header><form role="search"><input id="q" type="text"></form><main><input id="subject" type="text"></main>',
    );
    for (const id of ['h', 'q', 'subject']) {
      (document.getElementById(id) as HTMLElement).focus();
      expect(findMessageBox(document), id).toBeNull();
    }
    expect(insertText(document, 'https://acme.example/cs')).toEqual({ inserted: false, reason: 'No message box is open on this page.' });
    expect((document.getElementById('q') as HTMLInputElement).value).toBe('');
  });

  it('recognises a focused rich-text editor', () => {
    const document = page('<div class="msg-overlay"><div id="m" contenteditable="true" role="textbox"></div></div>');
    (document.getElementById('m') as HTMLElement).focus();
    expect(findMessageBox(document)?.id).toBe('m');
  });

  it('takes the message body over a To field that is itself an editable textbox (Outlook on the web)', () => {
    const document = page(
      '<div aria-label="Compose"><div id="to" contenteditable="true" role="textbox" aria-label="To"></div>' +
        '<input id="subject" aria-label="Add a subject">' +
        '<div id="body" contenteditable="true" role="textbox" aria-multiline="true" aria-label="Message body"><div><br></div></div></div>',
    );
    // happy-dom lays nothing out: the open compose form's boxes are given a size.
    for (const id of ['to', 'body']) (document.getElementById(id) as HTMLElement).getBoundingClientRect = () => ({ width: 400, height: 40 }) as DOMRect;
    // A new message opens with the caret in To; the link belongs in the message.
    (document.getElementById('to') as HTMLElement).focus();
    expect(findMessageBox(document)?.id).toBe('body');
    // Nothing focused in the page: the body too, though To comes first.
    (document.getElementById('to') as HTMLElement).blur();
    expect(findMessageBox(document)?.id).toBe('body');
    // The rep writing in the body: there, at the caret.
    (document.getElementById('body') as HTMLElement).focus();
    expect(findMessageBox(document)?.id).toBe('body');
  });

  it('still takes a focused editor that says nothing of its lines where no box says it is multi-line', () => {
    const document = page('<div id="a" contenteditable="true" role="textbox"></div><div id="b" contenteditable="true" role="textbox"></div>');
    (document.getElementById('b') as HTMLElement).focus();
    expect(findMessageBox(document)?.id).toBe('b');
  });
});
