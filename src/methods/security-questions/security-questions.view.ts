/** The security questions' page fragments: answering the pick, and choosing and answering a set. */
import { html } from '../../core/html.js';
import { inputLimits } from '../../core/input-limits.js';
import type { EnrolmentViews, MethodViews } from '../../core/methods/method-contract.js';

export const securityQuestionsViews: MethodViews = {
  resetChallenge: (ctx) => html`<p>${ctx.t('reset.questions.intro')}</p>
<form method="post" action="${ctx.action}" novalidate>
${ctx.csrfField}<input type="hidden" name="methodId" value="${ctx.methodId}">
${(ctx.questions ?? []).map(
  (q, i) => html`<label for="answer${i + 1}">${q.text}</label>
<input type="text" id="answer${i + 1}" name="answer${i + 1}" autocomplete="off" maxlength="${inputLimits.answer}" required${i === 0 && ctx.autofocus ? html` autofocus` : ''}>`,
)}
<button type="submit">${ctx.t('reset.next')}</button>
</form>`,
};

export const questionSetViews: EnrolmentViews = {
  addForm: (ctx) => {
    const { questions, questionsToRegister, hasSet } = ctx.extra;
    const chosenIds = Array.isArray(ctx.typed.questionIds) ? ctx.typed.questionIds : [];
    const rows = Array.from({ length: questionsToRegister }, (_, i) => i + 1).map((n) => {
      const chosen = chosenIds[n - 1];
      return html`<label for="question${n}">${ctx.t('account.securityInfo.add.questions.question', { n })}</label>
<select id="question${n}" name="question${n}" required>
<option value="">${ctx.t('account.securityInfo.add.questions.choose')}</option>
${questions.map((q) => html`<option value="${q.id}"${q.id === chosen ? html` selected` : ''}>${q.text}</option>`)}
</select>
<label for="answer${n}">${ctx.t('account.securityInfo.add.questions.answer', { n })}</label>
<input type="text" id="answer${n}" name="answer${n}" autocomplete="off" minlength="3" maxlength="40" required>`;
    });
    return html`<section class="add" aria-labelledby="add-questions">
<h2 id="add-questions">${ctx.t('account.securityInfo.add.questions.title')}</h2>
<p class="meta">${ctx.t('account.securityInfo.add.questions.intro', { count: questionsToRegister })}${hasSet ? html` ${ctx.t('account.securityInfo.add.questions.replaces')}` : ''}</p>
<form method="post" action="${ctx.action}" novalidate>${ctx.csrfField}
${rows}
<button type="submit">${ctx.t('account.securityInfo.add.questions.submit')}</button>
</form>
</section>`;
  },
};
