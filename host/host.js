// The demo host page: an instance table fed by the emulator, a row action that opens the
// read-replica console for that primary in a drawer, and the console's events refreshing the
// table. It holds its own session (the demo account) and hands the console a token provider.
import init, { mount } from '/rds-replica-console.js';

const REGION = 'cn-north-4';
const session = { token: null, projectId: null };
let handle = null;

const $ = (selector) => document.querySelector(selector);

async function signIn() {
  const response = await fetch('/v3/auth/tokens', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ auth: {
      identity: { methods: ['password'], password: { user: { name: 'demo', password: 'demo', domain: { name: 'demo' } } } },
      scope: { project: { name: REGION } },
    } }),
  });
  if (!response.ok) throw new Error(`sign-in failed: HTTP ${response.status}`);
  const body = await response.json();
  session.token = response.headers.get('X-Subject-Token');
  session.projectId = body.token.project.id;
  return session.token;
}

async function loadTable() {
  if (!session.token) await signIn();
  const response = await fetch(`/rds/v1/${session.projectId}/instances`, {
    headers: { 'Content-Type': 'application/json', 'X-Auth-Token': session.token },
  });
  if (response.status === 401) {
    await signIn();
    return loadTable();
  }
  const { instances } = await response.json();
  const rows = instances.map((instance) => {
    const row = document.createElement('tr');
    row.dataset.name = instance.name;
    const engine = instance.dataStoreInfo ? `${instance.dataStoreInfo.type} ${instance.dataStoreInfo.version}` : '—';
    for (const text of [instance.name, instance.type, instance.status, engine]) {
      const cell = document.createElement('td');
      cell.textContent = text;
      row.append(cell);
    }
    const actions = document.createElement('td');
    if (instance.type === 'master') {
      const button = document.createElement('button');
      button.type = 'button';
      button.textContent = 'Create read replica';
      button.addEventListener('click', () => openConsole(instance.id));
      actions.append(button);
    }
    row.append(actions);
    return row;
  });
  $('#host-instances tbody').replaceChildren(...rows);
  $('#host-status').textContent = `${instances.length} instances`;
}

function logEvent(event) {
  const item = document.createElement('li');
  const subject = event.detail?.instance?.name ?? event.detail?.message ?? '';
  item.textContent = `${event.type} ${subject}`.trim();
  $('#host-events').append(item);
}

function closeConsole() {
  handle?.unmount();
  handle = null;
  $('#host-drawer').hidden = true;
}

function openConsole(primary) {
  closeConsole();
  $('#host-drawer').hidden = false;
  handle = mount($('#host-console'), {
    endpoint: '',
    iamEndpoint: '',
    region: REGION,
    projectId: session.projectId,
    tokenProvider: signIn,
    primary,
    language: document.documentElement.lang === 'zh-CN' ? 'zh-cn' : 'en-us',
    assetsBase: '/',
    // Theming: an option, or --rrc-* custom properties on the mount element (host.css).
    theme: { '--rrc-accent': '#c7000b' },
  });
}

for (const type of ['replica-created', 'replica-active', 'replica-failed', 'console-error']) {
  $('#host-console').addEventListener(type, (event) => {
    logEvent(event);
    if (type !== 'console-error') loadTable();
  });
}
$('#host-drawer-close').addEventListener('click', closeConsole);
$('#host-language').addEventListener('change', (event) => {
  document.documentElement.lang = event.target.value === 'zh-cn' ? 'zh-CN' : 'en';
  handle?.setLanguage(event.target.value);
});

await init();
await loadTable().catch((error) => { $('#host-status').textContent = String(error); });
