/** Renderer entry. Import order matters: zod's config runs before any schema is built. */
import './zod-config.js';
import './styles.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App.js';
import { Announcer } from './components/Announcer.js';
import { LanguageRoot } from './i18n/language.js';

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');

createRoot(container).render(
  <StrictMode>
    <LanguageRoot>
      <App />
      <Announcer />
    </LanguageRoot>
  </StrictMode>,
);
