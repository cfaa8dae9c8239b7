// PEP's Comptes — « Mon compte › Sécurité »: « Ajouter une clé d'accès » (WebAuthn happens in the browser, so this
// form needs JavaScript; everything else on the page is a plain form). Uses window.pepsPasskeys (passkeys.js).
(function () {
  'use strict';

  function ready(fn) {
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', fn);
    else fn();
  }

  /** The API's own message for the name field, else its general message. */
  function messageOf(error) {
    var errors = error && error.body && error.body.errors;
    if (errors && errors.length && errors[0].message) return errors[0].message;
    return (error && error.message) || 'La clé d’accès n’a pas pu être ajoutée : recommencez.';
  }

  ready(function () {
    var form = document.querySelector('form[data-passkey-register]');
    if (!form) return;
    var noJs = document.querySelector('[data-passkey-nojs]');
    var status = document.querySelector('[data-passkey-status]');
    var errorText = form.querySelector('[data-passkey-error]');
    var input = form.querySelector('input[name=name]');
    var button = form.querySelector('button[type=submit]');
    var passkeys = window.pepsPasskeys;
    if (!passkeys || !passkeys.supported()) {
      if (noJs) noJs.textContent = 'Votre navigateur ne permet pas d’utiliser les clés d’accès : utilisez l’application d’authentification.';
      return;
    }
    if (noJs) noJs.hidden = true;
    form.hidden = false;

    function showError(message) {
      errorText.textContent = message;
      input.setAttribute('aria-invalid', 'true');
      status.textContent = '';
      input.focus();
    }

    form.addEventListener('submit', function (event) {
      event.preventDefault();
      var name = input.value.trim();
      if (!name) return showError('Donnez un nom à la clé d’accès.');
      errorText.textContent = '';
      input.removeAttribute('aria-invalid');
      button.disabled = true;
      status.textContent = 'Suivez les indications de votre navigateur pour créer la clé d’accès…';
      passkeys.register(name).then(
        function () {
          // Reloaded, with the list from the server and a confirmation.
          window.location.assign(window.location.pathname + '?cle=ajoutee');
        },
        function (error) {
          button.disabled = false;
          showError(messageOf(error));
        }
      );
    });
  });
})();
