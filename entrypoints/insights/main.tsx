import { render } from 'preact';
import { InsightsApp } from '@/components/insights/app';
import '@/components/styles.css';

render(<InsightsApp />, document.getElementById('app')!);
