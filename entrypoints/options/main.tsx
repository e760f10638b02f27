import { render } from 'preact';
import { OptionsApp } from '@/components/options/app';
import '@/components/styles.css';
import { applyDocumentLanguage } from '@/lib/i18n';

applyDocumentLanguage();

render(<OptionsApp />, document.getElementById('app')!);
