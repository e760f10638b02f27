import { describe, expect, it } from 'vitest';
import { Window } from 'happy-dom';
import { readPage } from '@/lib/context/registry';

const URL_ = 'https://acme.lightning.force.com/lightning/r/Opportunity/006Dn00000AbCdEIAV/view';

describe('Salesforce components in open shadow roots', () => {
  it('reads the record through open shadow roots when the light DOM shows none of it', async () => {
    const window = new Window({ url: URL_ });
    const document = window.document as unknown as Document;
    document.body.innerHTML = '<div class="windowViewMode-normal oneContent active"><flexipage-record-page></flexipage-record-page></div>';
    const host = document.querySelector('flexipage-record-page')!;
    const root = host.attachShadow({ mode: 'open' });
    root.innerHTML = `<records-highlights2></records-highlights2><records-record-layout-item field-label="Stage"></records-record-layout-item>`;
    const highlights = root.querySelector('records-highlights2')!.attachShadow({ mode: 'open' });
    highlights.innerHTML =
      '<h1><records-entity-label slot="entityLabel">Opportunity</records-entity-label><lightning-formatted-text slot="primaryField">Acme - Expansion</lightning-formatted-text></h1>';
    const stage = root.querySelector('records-record-layout-item')!.attachShadow({ mode: 'open' });
    stage.innerHTML =
      '<span class="test-id__field-label">Stage</span><span class="test-id__field-value"><lightning-formatted-text>Negotiation</lightning-formatted-text></span>';
    // The item's label and value live in its shadow tree: the reader finds them through textOf.
    const result = readPage(document, URL_);
    await window.happyDOM.close();
    expect(result.status).toBe('read');
    if (result.status !== 'read') return;
    expect(result.context.recordType).toBe('Opportunity');
    expect(result.context.name).toBe('Acme - Expansion');
    expect(result.context.stage).toBe('Negotiation');
  });
});
