// Signing in: officials, operators and planners paste the token their administrator issued
// (`dotnet run --project src/Silo -- token ...`). Citizens need not: the twin gives this browser an
// anonymous citizen id on its first report.
import { signIn, signOut, signedInAs } from './api.js';
import { addTexts, t } from './i18n.js';

addTexts({
  en: {
    'signin.open': 'Sign in',
    'signin.out': 'Sign out',
    'signin.title': 'Sign in with your token',
    'signin.token': 'Token (from your administrator)',
    'signin.submit': 'Sign in',
    'signin.cancel': 'Cancel',
    'signin.as': 'Signed in as {subject} ({roles})',
    'signin.bad': 'This is not a token.',
  },
  zh: {
    'signin.open': '登录',
    'signin.out': '退出登录',
    'signin.title': '使用令牌登录',
    'signin.token': '令牌（由管理员签发）',
    'signin.submit': '登录',
    'signin.cancel': '取消',
    'signin.as': '已登录：{subject}（{roles}）',
    'signin.bad': '这不是有效的令牌。',
  },
});

const $ = (id) => document.getElementById(id);

/** Wires the header's sign-in control; onChange runs after signing in or out. */
export function setUpSignIn(onChange) {
  const dialog = $('signin-dialog');
  $('signin-open').addEventListener('click', () => {
    if (signedInAs()) {
      signOut();
      draw();
      onChange();
    } else {
      $('signin-message').textContent = '';
      dialog.showModal();
    }
  });
  $('signin-cancel').addEventListener('click', () => dialog.close());
  $('signin-form').addEventListener('submit', (e) => {
    e.preventDefault();
    try {
      signIn($('signin-token').value);
      $('signin-token').value = '';
      dialog.close();
      draw();
      onChange();
    } catch {
      $('signin-message').textContent = t('signin.bad');
    }
  });
  draw();
}

/** The header says who is signed in, and the button signs in or out. */
export function draw() {
  const who = signedInAs();
  $('signed-in-as').textContent = who ? t('signin.as', { subject: who.subject, roles: who.roles.join(', ') }) : '';
  $('signin-open').textContent = t(who ? 'signin.out' : 'signin.open');
  document.body.dataset.signedIn = who ? who.roles.join(' ') : '';
}
