import { render } from 'preact';
import { InsightsApp } from '@/components/insights/app';
import '@/components/styles.css';
import { applyDocumentLanguage } from '@/lib/i18n';

applyDocumentLanguage();

render(<InsightsApp />, document.getElementById('app')!);
