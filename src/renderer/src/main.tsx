import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './styles.css';
import { connect } from './api';
import { App } from './App';
import { bindDoctor } from './doctor-store';
import { bindApi } from './store';

const connection = connect();
bindApi(connection.api, connection.transport === 'web' ? connection.onConnectionChange : undefined);
bindDoctor(connection.api);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
