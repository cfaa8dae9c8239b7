// PEP's Comptes — passkeys (WebAuthn) for the pages: window.pepsPasskeys.register(name) and .signIn(challenge).
// The WebAuthn helper (@simplewebauthn/browser, UMD bundle) is loaded from /assets/ the first time it is needed.
(function () {
  'use strict';

  var current = document.currentScript;
  var LIBRARY_URL = new URL('simplewebauthn-browser.js', current && current.src ? current.src : location.origin + '/assets/').href;
  var loading;

  /** The global `SimpleWebAuthnBrowser`, once its script (same origin: allowed by the CSP) has run. */
  function library() {
    if (window.SimpleWebAuthnBrowser) return Promise.resolve(window.SimpleWebAuthnBrowser);
    if (!loading) {
      loading = new Promise(function (resolve, reject) {
        var tag = document.createElement('script');
        tag.src = LIBRARY_URL;
        tag.onload = function () {
          if (window.SimpleWebAuthnBrowser) resolve(window.SimpleWebAuthnBrowser);
          else reject(failure('Les clés d’accès ne sont pas disponibles sur cette page.'));
        };
        tag.onerror = function () {
          loading = undefined;
          reject(failure('Les clés d’accès ne sont pas disponibles : rechargez la page et recommencez.'));
        };
        document.head.appendChild(tag);
      });
    }
    return loading;
  }

  /** The session's CSRF token as the page carries it (a meta tag, or the hidden field of its forms). */
  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    if (meta && meta.content) return meta.content;
    var field = document.querySelector('input[name="_csrf"]');
    return field ? field.value : '';
  }

  function failure(message, status, body) {
    var error = new Error(message);
    error.status = status;
    error.code = body && body.code;
    error.body = body;
    return error;
  }

  /** A JSON POST (or other method) to the platform's API; the API's French message on refusal. */
  function api(method, path, body) {
    var headers = { accept: 'application/json' };
    var token = csrfToken();
    if (token) headers['x-csrf-token'] = token;
    if (body !== undefined) headers['content-type'] = 'application/json';
    return fetch(path, { method: method, headers: headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body) }).then(function (response) {
      if (response.status === 204) return undefined;
      return response.json().catch(function () { return undefined; }).then(function (answer) {
        if (response.ok) return answer;
        throw failure((answer && answer.message) || 'La demande a été refusée (' + response.status + ').', response.status, answer);
      });
    });
  }

  /** The browser's own refusals (cancelled, timed out, key already registered) in French. */
  function ceremony(promise) {
    return promise.catch(function (error) {
      if (error && error.status) throw error;
      var name = error && (error.name === 'WebAuthnError' && error.cause ? error.cause.name : error.name);
      if (error && error.code === 'ERROR_AUTHENTICATOR_PREVIOUSLY_REGISTERED') throw failure('Cette clé d’accès est déjà enregistrée pour votre compte.');
      if (name === 'NotAllowedError' || name === 'AbortError') throw failure('L’opération a été annulée ou le délai est dépassé : recommencez.');
      if (name === 'SecurityError') throw failure('Les clés d’accès ne sont utilisables que depuis l’adresse officielle de PEP’s Comptes.');
      throw failure('La clé d’accès n’a pas répondu : recommencez, ou utilisez une autre méthode.');
    });
  }

  /** Registers a passkey for the signed-in holder under `name`; resolves to {id, name, registeredAt, lastUsedAt}. */
  function register(name) {
    return library().then(function (lib) {
      return api('POST', '/api/me/passkeys/options').then(function (options) {
        return ceremony(lib.startRegistration({ optionsJSON: options }));
      }).then(function (credential) {
        return api('POST', '/api/me/passkeys', { credential: credential, name: name });
      });
    });
  }

  /**
   * Answers a second-factor challenge (sign-in, or step-up with the session's CSRF token) with a passkey; resolves
   * to the API's {token, csrfToken, account, workstation?} (the session cookie is set by the answer).
   */
  function signIn(challenge, options) {
    var trust = !!(options && options.trustWorkstation);
    return library().then(function (lib) {
      return api('POST', '/api/auth/second-factor/passkey/options', { challenge: challenge }).then(function (request) {
        return ceremony(lib.startAuthentication({ optionsJSON: request }));
      }).then(function (credential) {
        return api('POST', '/api/auth/second-factor/verify', { challenge: challenge, method: 'passkey', credential: credential, trustWorkstation: trust });
      });
    });
  }

  window.pepsPasskeys = {
    supported: function () { return typeof window.PublicKeyCredential === 'function'; },
    register: register,
    signIn: signIn,
    library: library
  };
})();
