import { mount } from 'svelte';
import App from './App.svelte';
// The app's own stylesheets, in cascade order (each component adds its scoped styles).
import './styles/theme.css';
import './styles/base.css';
import './styles/forms.css';
import './styles/messages.css';
import './styles/tables.css';
import './styles/print.css';

const target = document.getElementById('app');
if (!target) throw new Error('The page has no #app element.');

export default mount(App, { target });
