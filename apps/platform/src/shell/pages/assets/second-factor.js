// PEP's Comptes — the second-factor pages, progressive enhancement: the passkey button (it needs the browser's
// WebAuthn), and the step-up's continuation form sent on its own. Every other path works without this file.
(function () {
  'use strict';

  function ready(fn) {
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', fn);
    else fn();
  }

  // ---- « Utiliser une clé d'accès »: passkeys.js answers the challenge, then the page adopts the new session ----
  function passkey() {
    var box = document.querySelector('[data-passkey]');
    if (!box || !window.pepsPasskeys || !window.pepsPasskeys.supported()) return;
    var button = box.querySelector('[data-passkey-start]');
    var error = box.querySelector('[data-passkey-error]');
    var done = box.querySelector('form[data-passkey-done]');
    var csrf = done.querySelector('[data-passkey-csrf]');
    box.hidden = false;
    button.addEventListener('click', function () {
      var trust = document.getElementById('trustWorkstation');
      button.disabled = true;
      error.hidden = true;
      window.pepsPasskeys
        .signIn(button.getAttribute('data-challenge'), { trustWorkstation: !!(trust && trust.checked) })
        .then(function (answer) {
          // The API set the session cookie; the page sets its CSRF cookie from this token, checked against that session.
          csrf.value = answer.csrfToken;
          HTMLFormElement.prototype.submit.call(done);
        })
        .catch(function (failure) {
          button.disabled = false;
          error.textContent = (failure && failure.message) || 'La clé d’accès n’a pas répondu : recommencez, ou utilisez une autre méthode.';
          error.hidden = false;
        });
    });
  }

  // ---- The step-up is done: the original form goes again to its page, with the new CSRF token ----
  function continuation() {
    var form = document.querySelector('form[data-auto-submit]');
    // The prototype's own submit: a carried field named « submit » would hide the form's method.
    if (form) HTMLFormElement.prototype.submit.call(form);
  }

  ready(function () {
    passkey();
    continuation();
  });
})();
