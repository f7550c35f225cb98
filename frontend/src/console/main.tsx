import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import '../index.css';

import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';

import { ConsoleApp } from './ConsoleApp';

const root = document.getElementById('root');
if (!root) throw new Error('#root missing from console/index.html');
createRoot(root).render(
  <StrictMode>
    <ConsoleApp />
  </StrictMode>,
);
