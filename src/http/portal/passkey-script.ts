/**
 * The few lines every passkey form runs (served from /static/passkey.js, beside the library's browser bundle at
 * /static/simplewebauthn-browser.js, so the CSP stays `script-src 'self'`). A form marked `data-passkey` gets its
 * options — from `data-options` (the reset gate: bound to the flow) or by a JSON POST to `data-options-url`
 * (registration, sign-in: a fresh challenge) — asks the browser through `@simplewebauthn/browser`
 * (`startRegistration` / `startAuthentication`, which do the WebAuthn JSON encoding), puts the answer in the hidden
 * `response` field and posts the form. Texts come from the page's status line (data attributes).
 *
 * Plain ES2017 without modules, as the CAPTCHA script.
 */
export const passkeyJs = `'use strict';
(function () {
  var lib = window.SimpleWebAuthnBrowser;
  var forms = document.querySelectorAll('form[data-passkey]');
  for (var i = 0; i < forms.length; i++) wire(forms[i]);
  function wire(form) {
    var status = form.parentNode.querySelector('[data-passkey-status]');
    function say(name) { if (status) { status.hidden = false; status.textContent = status.getAttribute('data-' + name) || ''; } }
    if (!lib || !window.PublicKeyCredential || !window.fetch) { say('unsupported'); return; }
    var field = form.querySelector('input[name="response"]');
    var sent = false;
    async function optionsOf() {
      var inline = form.getAttribute('data-options');
      if (inline) return JSON.parse(inline);
      var reply = await fetch(form.getAttribute('data-options-url'), {
        method: 'POST', credentials: 'same-origin',
        headers: { 'content-type': 'application/json', accept: 'application/json' }, body: '{}',
      });
      if (!reply.ok) throw new Error('options ' + reply.status);
      return reply.json();
    }
    form.addEventListener('submit', function (event) {
      if (sent) return;
      event.preventDefault();
      say('working');
      optionsOf().then(function (options) {
        return form.getAttribute('data-passkey') === 'register'
          ? lib.startRegistration({ optionsJSON: options })
          : lib.startAuthentication({ optionsJSON: options });
      }).then(function (answer) {
        field.value = JSON.stringify(answer);
        sent = true;
        form.submit();
      }).catch(function () { say('failed'); });
    });
  }
})();
`;
