/**
 * Newsroom UI text. English only for now, kept apart from the public site's catalogs; the shape
 * (one object per language, `{name}` placeholders) lets other languages be added as files later.
 */

const en = {
  'newsroom.name': 'Newsroom',
  'newsroom.skip': 'Skip to content',
  'newsroom.nav': 'Newsroom sections',
  'newsroom.signedInAs': 'Signed in as {name} ({role})',
  'newsroom.signOut': 'Sign out',
  'newsroom.publicSite': 'Public site',
  'login.title': 'Sign in',
  'login.intro': 'Sign in to the newsroom to write, review and publish.',
  'login.username': 'Username',
  'login.password': 'Password',
  'login.submit': 'Sign in',
  'login.failed': 'The username or password is not correct.',
  'login.locked': 'Too many failed sign-ins. Try again after {time} UTC.',
  'login.signedOut': 'You are signed out.',
  'dashboard.title': 'Newsroom',
  'dashboard.welcome': 'Welcome, {name}.',
  'dashboard.sections': 'Sections',
  'users.title': 'Users',
  'users.description': 'Create accounts, change roles, reset passwords.',
  'users.username': 'Username',
  'users.name': 'Name',
  'users.email': 'Email',
  'users.role': 'Role',
  'users.status': 'Status',
  'users.created': 'Created',
  'users.actions': 'Actions',
  'users.active': 'Active',
  'users.disabled': 'Disabled',
  'users.changeRole': 'Change role',
  'users.roleOf': 'Role of {name}',
  'users.resetPassword': 'Reset password',
  'users.disable': 'Disable',
  'users.enable': 'Enable',
  'users.create': 'Create a user',
  'users.createSubmit': 'Create user',
  'users.passwordOptional': 'Password (leave empty to generate one)',
  'users.created.notice': 'User {name} created.',
  'users.newPassword': 'New password for {name}, shown only this once:',
  'users.generatedPassword': 'Password for {name}, shown only this once:',
  'users.roleChanged': 'Role changed; the user’s sessions have ended.',
  'users.disabledNotice': 'User disabled; their sessions have ended.',
  'users.enabledNotice': 'User enabled.',
  'users.roles': 'Roles',
  'account.title': 'My account',
  'account.description': 'Change your password, sign out everywhere.',
  'account.details': 'Your account',
  'account.sessions': 'Open sessions',
  'account.changePassword': 'Change password',
  'account.current': 'Current password',
  'account.new': 'New password (at least {min} characters)',
  'account.confirm': 'New password again',
  'account.mismatch': 'The two new passwords differ.',
  'account.passwordChanged': 'Password changed; your other sessions have ended.',
  'account.logoutEverywhere': 'Sign out everywhere',
  'account.logoutEverywhereHelp': 'Ends every session of yours, on every device, including this one.',
  'audit.title': 'Audit log',
  'audit.description': 'Who changed what, and every sign-in.',
  'audit.filters': 'Filter',
  'audit.actor': 'Actor (username)',
  'audit.action': 'Action',
  'audit.anyAction': 'Any action',
  'audit.subject': 'Subject (type or type:id)',
  'audit.from': 'From (UTC date)',
  'audit.to': 'To (UTC date)',
  'audit.apply': 'Apply filters',
  'audit.clear': 'Clear',
  'audit.at': 'When (UTC)',
  'audit.detail': 'Detail',
  'audit.ip': 'IP',
  'audit.none': 'No entries match.',
  'audit.newer': 'Newer',
  'audit.older': 'Older',
  'audit.page': 'Page {page}',
  'audit.pages': 'Audit log pages',
  'form.errors': 'Please correct the following:',
  'error.title': 'Something is not right',
  'error.forbiddenTitle': 'Not allowed',
  'error.code': 'Error code',
  'error.back': 'Back to the newsroom',
  'error.signIn': 'Sign in',
  // -- items editor and revisions messages here --
  // -- workflow messages here --
  // -- taxonomy admin messages here --
  // -- imports and tag review messages here --
} as const;

export type AdminMessageKey = keyof typeof en;
export type AdminTranslate = (
  key: AdminMessageKey,
  values?: Readonly<Record<string, string | number>>,
) => string;

const CATALOGS: Readonly<Record<string, Readonly<Record<AdminMessageKey, string>>>> = { en };

/** The newsroom's text in `language`, English where a catalog lacks it. */
export function adminTranslator(language = 'en'): AdminTranslate {
  const catalog = CATALOGS[language] ?? en;
  return (key, values) => {
    const text: string = catalog[key] ?? en[key];
    return values ? text.replace(/\{(\w+)\}/g, (whole, name: string) => String(values[name] ?? whole)) : text;
  };
}
