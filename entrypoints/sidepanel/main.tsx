import { render } from 'preact';
import { App } from '@/components/panel/app';
import '@/components/styles.css';
import { applyDocumentLanguage } from '@/lib/i18n';
import { panelData } from '@/components/panel/lazy';
import { readTabSession } from '@/components/panel/use-tab-state';

performance.mark('pitchside:panel-script');
const tab = Number.parseInt(new URLSearchParams(location.search).get('tab') ?? '', 10);
// What the first paint shows (the tab's prospect and ready suggestions) is asked for first.
if (Number.isInteger(tab)) void readTabSession(tab);
// The data layer downloads while the frame paints.
void panelData();

applyDocumentLanguage();

render(<App pinnedTab={Number.isInteger(tab) ? tab : null} />, document.getElementById('app')!);
