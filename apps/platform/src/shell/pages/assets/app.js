// PEP's Comptes — progressive enhancement. Every flow works without this file.
(function () {
  'use strict';
  document.documentElement.classList.add('js');
  document.body && document.body.classList.add('js');

  function ready(fn) {
    if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', fn);
    else fn();
  }


  // ---- Password rules ticked live ----
  var RULES = {
    length: function (v) { return v.length >= 8; },
    digit: function (v) { return /[0-9]/.test(v); },
    lower: function (v) { return /[a-z]/.test(v); },
    upper: function (v) { return /[A-Z]/.test(v); },
    special: function (v) { return /[^A-Za-z0-9]/.test(v); }
  };
  function passwordRules() {
    var input = document.getElementById('password');
    var list = document.getElementById('password-regles');
    if (!input || !list) return;
    var update = function () {
      list.querySelectorAll('[data-rule]').forEach(function (li) {
        var ok = RULES[li.getAttribute('data-rule')](input.value);
        li.classList.toggle('ok', ok);
        var sr = li.querySelector('.visually-hidden');
        if (!sr) { sr = document.createElement('span'); sr.className = 'visually-hidden'; li.appendChild(sr); }
        sr.textContent = ok ? ' : respecté' : ' : non respecté';
      });
    };
    input.addEventListener('input', update);
    update();
  }

  // ---- "Générer": a compliant random password from Web Crypto ----
  var SETS = ['ABCDEFGHJKLMNPQRSTUVWXYZ', 'abcdefghijkmnopqrstuvwxyz', '23456789', '!#$%&*+-=?@_'];
  function randomIndex(n) {
    var buf = new Uint32Array(1);
    var limit = Math.floor(0x100000000 / n) * n;
    do { crypto.getRandomValues(buf); } while (buf[0] >= limit);
    return buf[0] % n;
  }
  function generatePassword(length) {
    var all = SETS.join('');
    var chars = SETS.map(function (set) { return set[randomIndex(set.length)]; });
    while (chars.length < length) chars.push(all[randomIndex(all.length)]);
    for (var i = chars.length - 1; i > 0; i--) { var j = randomIndex(i + 1); var t = chars[i]; chars[i] = chars[j]; chars[j] = t; }
    return chars.join('');
  }
  function generator() {
    var box = document.querySelector('[data-generator]');
    if (!box || !window.crypto || !crypto.getRandomValues) { if (box) box.hidden = true; return; }
    var button = box.querySelector('[data-generate]');
    var shown = box.querySelector('[data-generated]');
    var value = box.querySelector('[data-generated-value]');
    var copy = box.querySelector('[data-copy]');
    var status = box.querySelector('[data-copy-status]');
    button.addEventListener('click', function () {
      var pwd = generatePassword(14);
      var p = document.getElementById('password');
      var c = document.getElementById('passwordConfirmation');
      p.value = pwd; c.value = pwd;
      p.dispatchEvent(new Event('input', { bubbles: true }));
      value.textContent = pwd;
      shown.hidden = false;
      status.textContent = '';
    });
    copy.addEventListener('click', function () {
      var text = value.textContent || '';
      var done = function () { status.textContent = 'Mot de passe copié.'; };
      if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(text).then(done, function () { selectText(value); status.textContent = 'Sélectionné : copiez-le avec Ctrl+C.'; });
      else { selectText(value); status.textContent = 'Sélectionné : copiez-le avec Ctrl+C.'; }
    });
  }
  function selectText(el) {
    var range = document.createRange(); range.selectNodeContents(el);
    var sel = window.getSelection(); sel.removeAllRanges(); sel.addRange(range);
  }

  // ---- Professional address only for Administrateur ----
  function adminOnly() {
    var radios = document.querySelectorAll('input[data-profile], input[name=profile]');
    if (!radios.length) return;
    var blocks = document.querySelectorAll('[data-admin-only]');
    var update = function () {
      var checked = document.querySelector('input[name=profile]:checked');
      var admin = checked && checked.value === 'administrator';
      var address = document.getElementById('professionalAddress');
      var hasAddress = address && address.value.trim() !== '';
      blocks.forEach(function (b) { b.hidden = !(admin || hasAddress); });
    };
    radios.forEach(function (r) { r.addEventListener('change', update); });
    update();
  }

  // « Créer un compte », step 1: checked by the server only, with the domain's rules and messages (the API's own).

  // ---- Rights: "Masquer le détail" per family, whole-column choice ----
  function rightsTables() {
    document.querySelectorAll('.rights-family').forEach(function (family) {
      var toggle = family.querySelector('[data-toggle-family]');
      var table = family.querySelector('table');
      if (toggle) toggle.addEventListener('click', function () {
        var hide = !table.hidden;
        table.hidden = hide;
        toggle.setAttribute('aria-expanded', String(!hide));
        toggle.textContent = hide ? 'Afficher le détail' : 'Masquer le détail';
      });
      family.querySelectorAll('[data-column]').forEach(function (button) {
        button.addEventListener('click', function (event) {
          event.preventDefault();
          var level = button.getAttribute('data-column');
          family.querySelectorAll('input[type=radio][value="' + level + '"]').forEach(function (r) { r.checked = true; });
        });
      });
    });
  }

  // ---- Two tabs in one form: switching keeps unapplied values ----
  function tabs() {
    var form = document.querySelector('form[data-tabs]');
    if (!form) return;
    var tabButtons = Array.prototype.slice.call(form.querySelectorAll('[role=tab]'));
    var hiddenTab = document.createElement('input');
    hiddenTab.type = 'hidden'; hiddenTab.name = '_tab'; form.appendChild(hiddenTab);
    var select = function (button, focus) {
      tabButtons.forEach(function (b) {
        var on = b === button;
        b.setAttribute('aria-selected', String(on));
        b.tabIndex = on ? 0 : -1;
        document.getElementById(b.getAttribute('aria-controls')).hidden = !on;
      });
      hiddenTab.value = button.id === 'tab-coordonnees' ? 'coordonnees' : 'droits';
      if (focus) button.focus();
    };
    tabButtons.forEach(function (b, i) {
      b.addEventListener('click', function () { select(b, false); });
      b.addEventListener('keydown', function (e) {
        var next = e.key === 'ArrowRight' ? i + 1 : e.key === 'ArrowLeft' ? i - 1 : e.key === 'Home' ? 0 : e.key === 'End' ? tabButtons.length - 1 : null;
        if (next === null) return;
        e.preventDefault();
        select(tabButtons[(next + tabButtons.length) % tabButtons.length], true);
      });
    });
    // A field error in a hidden tab: show that tab.
    var invalid = form.querySelector('[aria-invalid=true]');
    var initial = tabButtons.filter(function (b) { return b.getAttribute('aria-selected') === 'true'; })[0] || tabButtons[0];
    if (invalid) { var panel = invalid.closest('[role=tabpanel]'); if (panel) initial = document.getElementById(panel.getAttribute('aria-labelledby')); }
    select(initial, false);
    form.addEventListener('submit', function () {
      // Nothing to do: both panels are in the form, hidden or not, so every value is sent.
    });
  }

  // ---- Leaving a form with changes not applied: the browser asks first ----
  // `data-warn-unsaved="unapplied"`: the page shows values sent but refused (a field error), unapplied from the start.
  function unsavedWarning() {
    document.querySelectorAll('form[data-warn-unsaved]').forEach(function (form) {
      var snapshot = function () {
        return Array.prototype.map.call(form.elements, function (el) {
          if (!el.name || el.type === 'hidden' || el.type === 'submit' || el.type === 'button') return '';
          return el.name + '=' + (el.type === 'radio' || el.type === 'checkbox' ? String(el.checked) : el.value);
        }).join('&');
      };
      var initial = snapshot();
      var unapplied = form.getAttribute('data-warn-unsaved') === 'unapplied';
      var submitting = false;
      form.addEventListener('submit', function () { submitting = true; });
      window.addEventListener('beforeunload', function (event) {
        if (submitting || (!unapplied && snapshot() === initial)) return;
        event.preventDefault();
        // Browsers show their own sentence; the value is what older ones display.
        event.returnValue = 'Vos modifications n’ont pas été appliquées.';
      });
    });
  }

  // ---- "Version sonore": letter by letter, digit by digit, in French ----
  function speech() {
    var button = document.querySelector('[data-speak]');
    if (!button) return;
    if (!('speechSynthesis' in window)) { button.hidden = true; return; }
    button.addEventListener('click', function () {
      var identifier = button.getAttribute('data-speak') || '';
      var spelled = identifier.split('').join(', ');
      window.speechSynthesis.cancel();
      var utterance = new SpeechSynthesisUtterance('Identifiant : ' + spelled);
      utterance.lang = 'fr-FR';
      utterance.rate = 0.7;
      var voices = window.speechSynthesis.getVoices().filter(function (v) { return /^fr/i.test(v.lang); });
      if (voices.length) utterance.voice = voices[0];
      button.setAttribute('data-spoken', spelled);
      window.speechSynthesis.speak(utterance);
    });
  }

  function printButton() {
    var button = document.querySelector('[data-print]');
    if (button) button.addEventListener('click', function () { window.print(); });
  }
  // Last, once every declaration above has run (a deferred script may find the document already parsed).
  ready(function () {
    document.body.classList.add('js');
    document.querySelectorAll('.js-only[hidden]').forEach(function (el) { el.hidden = false; });
    passwordRules();
    generator();
    rightsTables();
    tabs();
    speech();
    printButton();
    adminOnly();
    unsavedWarning();
  });
})();
