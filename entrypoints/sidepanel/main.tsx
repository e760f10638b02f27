import { render } from 'preact';
import { App } from '@/components/panel/app';
import '@/components/styles.css';
import { applyDocumentLanguage } from '@/lib/i18n';
import { panelData } from '@/components/panel/lazy';

performance.mark('pitchside:panel-script');
// The data layer downloads while the frame paints.
void panelData();

applyDocumentLanguage();

const tab = Number.parseInt(new URLSearchParams(location.search).get('tab') ?? '', 10);
render(<App pinnedTab={Number.isInteger(tab) ? tab : null} />, document.getElementById('app')!);
