/**
 * The one script the reset wizard needs: it solves the ALTCHA proof of work on the first page
 * (served from /static/reset-captcha.js, so the CSP stays `script-src 'self'`). It fetches a signed
 * challenge from GET /api/v1/captcha, finds n <= maxnumber with SHA-256(salt + n) = challenge using
 * Web Crypto, and puts base64(JSON {algorithm, challenge, number, salt, signature}) in the hidden
 * `captcha` field. What it is doing (working, done, failed, unsupported, expired) goes in the hidden `captchaState`
 * field, so the server can tell a check that failed from a browser without JavaScript. Until then the Next button
 * stays disabled; the status line is a live region so screen readers hear when the check is done. When the
 * challenge is about to expire, a new one is solved and the status says "The check expired, we started a new one". The texts come from the page (data attributes), so
 * the script needs no translations of its own.
 *
 * Plain ES2017 without modules: it must run in every phone browser that has Web Crypto.
 */
export const resetCaptchaJs = `'use strict';
(function () {
  var form = document.getElementById('reset-start');
  var field = document.getElementById('captcha');
  var status = document.getElementById('captcha-status');
  var button = document.getElementById('reset-next');
  if (!form || !field || !status || !button) return;
  // The hidden captchaState field tells the server the script ran (and how far it got), so a refused start says
  // "the check failed" rather than "this step needs JavaScript".
  var state = document.getElementById('captcha-state');
  function say(name) {
    status.textContent = status.getAttribute('data-' + name) || '';
    if (state) state.value = name;
  }
  status.hidden = false;
  // Web Crypto exists only in secure contexts (https, or http on 127.0.0.1/localhost).
  if (!window.crypto || !window.crypto.subtle || !window.TextEncoder || !window.fetch) { say('unsupported'); return; }
  button.disabled = true;
  say('working');
  var encoder = new TextEncoder();
  function hex(buffer) {
    var bytes = new Uint8Array(buffer);
    var out = '';
    for (var i = 0; i < bytes.length; i++) out += (bytes[i] < 16 ? '0' : '') + bytes[i].toString(16);
    return out;
  }
  async function solve(challenge) {
    // Batches of parallel digests; yielding between batches keeps the page responsive.
    var batch = 500;
    for (var start = 0; start <= challenge.maxnumber; start += batch) {
      var end = Math.min(start + batch - 1, challenge.maxnumber);
      var work = [];
      for (var n = start; n <= end; n++) work.push(crypto.subtle.digest('SHA-256', encoder.encode(challenge.salt + n)));
      var digests = await Promise.all(work);
      for (var j = 0; j < digests.length; j++) {
        if (hex(digests[j]) === challenge.challenge) return start + j;
      }
      await new Promise(function (resolve) { setTimeout(resolve, 0); });
    }
    return null;
  }
  async function run() {
    var response = await fetch('/api/v1/captcha', { credentials: 'same-origin', headers: { accept: 'application/json' } });
    if (!response.ok) throw new Error('challenge ' + response.status);
    var challenge = await response.json();
    if (challenge.algorithm !== 'SHA-256') throw new Error('algorithm');
    var number = await solve(challenge);
    if (number === null) throw new Error('unsolved');
    field.value = btoa(JSON.stringify({
      algorithm: challenge.algorithm, challenge: challenge.challenge, number: number, salt: challenge.salt, signature: challenge.signature,
    }));
    button.disabled = false;
    say('done');
    // The signed challenge expires (its salt says when): shortly before, start a new one and say so, instead of
    // letting Next fail with a check that no longer counts.
    var expires = Number((/[?&]expires=(\\d+)/.exec(challenge.salt) || [])[1]);
    if (expires > 0) {
      var wait = expires * 1000 - Date.now() - 5000;
      setTimeout(function () { again('expired'); }, Math.max(wait, 1000));
    }
  }
  function again(reason) {
    field.value = '';
    button.disabled = true;
    run().then(function () { say(reason); }).catch(function () { say('failed'); button.disabled = false; });
  }
  run().catch(function () { say('failed'); button.disabled = false; });
})();
`;
