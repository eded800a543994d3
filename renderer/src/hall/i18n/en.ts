/** The hall page in English: the same keys as zh-CN.ts (the compiler holds them equal). */
import type { hallZhCN } from './zh-CN';

type Shape<T> = { [K in keyof T]: T[K] extends string ? string : Shape<T[K]> };

export const hallEn: Shape<typeof hallZhCN> = {
  app: { name: 'CounterDesk · Hall', lang: '中文', lock: 'Lock (F12)', signOut: 'Sign out', hallTime: 'Hall time', keys: 'Alt+1 Counters · Alt+2 Backlog · Alt+3 Witness · Alt+4 Admin · Alt+5 Duty desk · Alt+6 Queue · F12 Lock', live: 'Live', offline: 'Live updates interrupted, reconnecting' },
  roles: { clerk: 'Clerk', duty_manager: 'Duty manager', admin: 'Administrator', guide: 'Floating guide' },
  tabs: { counters: 'Counters', backlog: 'Sync backlog', witness: 'Chain witness', admin: 'Admin' },
  adminTabs: { counters: 'Counters', staff: 'Staff accounts', catalog: 'Business catalog', calendar: 'Business calendar', till: 'Till settings', audit: 'Audit' },
  signin: {
    title: 'Hall sign-in', staffNo: 'Staff number', password: 'Password', submit: 'Sign in', required: 'Enter your staff number and password',
    hint: 'For duty managers, administrators and floating guides, with the same account and password as at the counters. Repeated wrong passwords lock the number for a while.',
  },
  setup: {
    title: 'First start: create the administrator',
    intro: 'The hall server has no administrator yet. Type the admin token the server printed when it started to create the first administrator. From then on every staff account is managed on this page and sent to the counters.',
    token: 'Admin token', name: 'Name', password: 'Password (at least 8 characters, not only digits)', confirm: 'Password again', mismatch: 'The two passwords differ', submit: 'Create the administrator and sign in',
  },
  lock: { title: 'The page is locked', who: '{{no}} {{name}} ({{role}})', password: 'Your password', unlock: 'Unlock', other: 'Sign in as someone else' },
  board: {
    title: 'Counters right now', empty: 'No counter registered yet — an administrator registers them under Admin → Counters', counter: 'Counter', status: 'Registration', person: 'Signed in', till: 'Till',
    lastSync: 'Last sync', unsent: 'Unsent', oldest: 'Oldest unsent', skew: 'Clock skew', devices: 'Devices', findings: 'Witness', config: 'Configuration',
    none: '—', noHeartbeat: 'No heartbeat yet', stale: 'Lost', nobody: 'Nobody', ok: 'Up to date', behind: 'Behind', skewBad: 'Too far off',
    summary: '{{total}} counters · {{online}} online · {{open}} tills open · {{unsent}} rows unsent',
  },
  counterStatus: { pending: 'Pending', active: 'Enrolled', revoked: 'Revoked' },
  tillStatus: { none: 'Not open', open: 'Open', counting: 'Counting', settled: 'Settled', handed_over: 'Handed over' },
  deviceState: { simulated: 'Simulated', connecting: 'Connecting', ready: 'Ready', busy: 'Busy', warning: 'Warning', error: 'Fault', disconnected: 'Disconnected', not_configured: 'Not configured' },
  deviceName: { idcard: 'Reader', printer: 'Printer', drawer: 'Drawer', database: 'Database' },
  ago: { now: 'just now', s: '{{n}} s ago', m: '{{n}} min ago', h: '{{n}} h ago', d: '{{n}} d ago' },
  age: { s: '{{n}} s', m: '{{n}} min', h: '{{n}} h', d: '{{n}} d' },
  backlog: { title: 'Sync backlog', intro: "What each counter has not sent to the hall yet (its last heartbeat) and the last row the hall holds.", counter: 'Counter', lastContact: 'Last contact', unsentTotal: 'Unsent in all', oldest: 'Oldest unsent', held: 'held', pending: 'to send' },
  streams: { ledger: 'Ledger', audit: 'Audit', journey: 'Journeys', step: 'Steps', settlement: 'Settlements', handover: 'Handovers', early_event: 'Early close', print_outcome: 'Printing' },
  witness: {
    title: 'Chain witness', intro: "The hall checks each counter's ledger and audit hash chains as the rows arrive. Link break: a row does not follow the one before it. Rewritten: a row already sent was changed on the counter. The hall keeps the rows as it received them.",
    all: 'All counters', empty: 'Nothing found', at: 'Found', counter: 'Counter', stream: 'Records', seq: 'Seq', kind: 'Finding', held: "The hall's hash", sent: 'The counter sent', row: "The hall's copy of the row",
    kinds: { link_break: 'Link break', rewritten: 'Rewritten' },
  },
  counters: {
    register: 'Register a counter', number: 'Counter number', label: 'Label (optional)', validHours: 'Code valid (hours)', submit: 'Make the code', revoke: 'Revoke', revokeConfirm: "Revoke counter {{n}}? Its key is refused from now on (its records are kept).",
    codeTitle: 'Enrolment code of counter {{n}}', code: 'One-time code', expires: 'Valid until', fingerprint: "The hall's certificate fingerprint",
    codeHint: "Type the hall's address and this code on that counter's device page; the counter checks the fingerprint. The code is shown only now and works once.", enrolledAt: 'Enrolled', close: 'Close',
  },
  staff: {
    create: 'New account', staffNo: 'Staff number', name: 'Name', role: 'Role', secret: 'First PIN/password', secretHint: 'Clerks may use a 4–12 digit PIN; duty managers and administrators need a password (8 or more)',
    add: 'Create', status: 'Status', active: 'Active', locked: 'Locked', inactive: 'Deactivated', kind: 'Credential', kinds: { pin: 'PIN', password: 'Password' }, version: 'Version', updated: 'Changed',
    reset: 'Reset password', lock: 'Lock', unlock: 'Unlock', changeRole: 'Change role', deactivate: 'Deactivate', deactivateConfirm: 'Deactivate {{no}}? The account is kept; every counter will refuse its sign-in.',
    newSecret: 'New PIN/password', newRole: 'New role', roleSecret: 'New password (required when a PIN holder becomes a duty manager or administrator)', save: 'Save', reaches: 'Changes reach every counter at its next sync (usually within seconds).',
  },
  catalog: {
    title: 'Business catalog', none: "The hall sends no catalog yet: the counters use their own. Below is the counters' bundled catalog, to start from.",
    current: 'Version {{v}} · {{by}} · {{at}}', check: 'Check', save: 'Save as version {{v}}', upload: 'Open a file…', ok: 'Valid: {{n}} businesses', saved: 'Version {{v}} saved; the counters take it at their next sync',
    problems: '{{n}} problem(s) (click to go to the line)', line: 'line {{line}}, column {{col}}', cursor: 'Line {{line}}', reload: 'Reopen the latest version',
  },
  calendar: {
    title: 'Business calendar', timeZone: 'Time zone', open: 'Open', closed: 'Closed', from: 'Opens', to: 'Closes', exceptions: 'Exceptions (holidays, special hours)', date: 'Date', note: 'Note',
    addException: 'Add an exception', remove: 'Remove', save: 'Save as version {{v}}', saved: 'Version {{v}} saved', none: 'The hall sends no calendar yet; below are the standard hours.', time: 'HH:mm',
    weekdays: { mon: 'Mon', tue: 'Tue', wed: 'Wed', thu: 'Thu', fri: 'Fri', sat: 'Sat', sun: 'Sun' },
  },
  till: {
    title: 'Till settings', tolerance: 'Variance tolerance (yuan)', toleranceHint: 'Within it a clerk settles alone; beyond it the duty manager approves', clockJump: 'Clock jump limit (minutes)', clockJumpHint: "A counter clock jump beyond it needs the duty manager's clock approval before settling",
    save: 'Save as version {{v}}', saved: 'Version {{v}} saved', none: 'The hall sends no till settings yet; below are the standard values.',
  },
  history: { title: 'Versions', version: 'Version', at: 'When', actor: 'Who', action: 'What', subject: 'About' },
  audit: {
    title: 'Audit', at: 'When', actor: 'Who', action: 'What', subject: 'About', detail: 'Detail', remote: 'From', more: 'Older entries',
    actions: {
      'counter.register': 'Counter registered', 'counter.revoke': 'Counter revoked', 'staff.create': 'Account created', 'staff.reset': 'Password reset', 'staff.lock': 'Account locked', 'staff.unlock': 'Account unlocked',
      'staff.role': 'Role changed', 'staff.deactivate': 'Account deactivated', 'catalog.save': 'Catalog saved', 'calendar.save': 'Calendar saved', 'till.save': 'Till settings saved',
      'session.setup': 'First administrator created', 'session.signin': 'Signed in', 'session.signin_refused': 'Sign-in refused', 'session.lock': 'Page locked', 'session.unlock': 'Page unlocked', 'session.unlock_refused': 'Unlock refused', 'session.signout': 'Signed out',
    },
  },
  common: { saved: 'Saved', cancel: 'Cancel', confirm: 'OK', refresh: 'Refresh', error: 'Something went wrong', reload: 'Reload' },
};
