import { cloudPasswordLimits } from '../../core/password/cloud-policy.js';
import type { PasswordProtectionSettings } from '../../core/password/protection-settings.js';
import type { Locale } from '../../i18n/i18n.js';
import { html } from '../../core/html.js';
import { t } from './layout.js';

/**
 * The password rules as a list every user sees. With JavaScript, /static/password-feedback.js
 * marks each rule met or not while typing; the server's verdict stays the one that counts.
 */
export const passwordRules = (locale: Locale, settings: PasswordProtectionSettings) => {
  const nist = settings.profile === 'nist';
  const min = nist ? settings.nistMinLength : cloudPasswordLimits.minLength;
  const max = nist ? settings.nistMaxLength : cloudPasswordLimits.maxLength;
  return html`<p class="meta" id="policy">${t(locale, 'account.change.intro')}</p>
<ul class="rules" id="password-rules" data-profile="${settings.profile}" data-min="${min}" data-max="${max}" aria-live="polite">
<li data-rule="length">${t(locale, 'rules.length', { min, max })}</li>
${nist ? html`<li>${t(locale, 'rules.anyCharacters')}</li>` : html`<li data-rule="characters">${t(locale, 'rules.characters')}</li><li data-rule="classes">${t(locale, 'rules.classes')}</li>`}
<li>${t(locale, 'rules.common')}</li>
<li data-rule="match">${t(locale, 'rules.match')}</li>
</ul>`;
};

/** Progressive enhancement only: marks rules as met; never blocks submitting. */
export const passwordFeedbackJs = `'use strict';
(function () {
  var list = document.getElementById('password-rules');
  var input = document.getElementById('newPassword');
  var confirm = document.getElementById('confirmPassword');
  if (!list || !input || !confirm) return;
  var symbols = ${JSON.stringify('@#$%^&*-_!+=[]{}|\\:\',.?/`~"();<> ')};
  var min = Number(list.getAttribute('data-min'));
  var max = Number(list.getAttribute('data-max'));
  var entra = list.getAttribute('data-profile') === 'entra';
  function classOf(c) {
    if (c >= 'a' && c <= 'z') return 'l';
    if (c >= 'A' && c <= 'Z') return 'u';
    if (c >= '0' && c <= '9') return 'd';
    return symbols.indexOf(c) >= 0 ? 's' : null;
  }
  function mark(rule, met) {
    var item = list.querySelector('[data-rule="' + rule + '"]');
    if (item) item.setAttribute('data-met', met ? 'yes' : 'no');
  }
  function update() {
    var value = entra ? input.value : input.value.normalize('NFKC');
    var chars = Array.from(value);
    var classes = {};
    var valid = true;
    chars.forEach(function (c) { var k = classOf(c); if (k) classes[k] = true; else valid = false; });
    mark('length', chars.length >= min && chars.length <= max);
    mark('characters', chars.length > 0 && valid);
    mark('classes', Object.keys(classes).length >= 3);
    mark('match', input.value.length > 0 && input.value === confirm.value);
  }
  input.addEventListener('input', update);
  confirm.addEventListener('input', update);
})();
`;
