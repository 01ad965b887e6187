/** The security questions verification method: policy `securityQuestions`, proving the user's question set. */
import type { MethodPlugin } from '../../core/methods/method-contract.js';
import {
  questionSetForm,
  securityQuestionsBody,
  securityQuestionsEntry,
  securityQuestionsMethod,
} from './security-questions.rules.js';
import { enrolSecurityQuestions, securityQuestionsStrategy } from './security-questions.strategy.js';
import { securityQuestionsTexts } from './security-questions.texts.js';
import { questionSetViews, securityQuestionsViews } from './security-questions.view.js';

export const securityQuestions = {
  folder: 'security-questions',
  methods: [securityQuestionsMethod],
  entries: [securityQuestionsEntry],
  strategy: securityQuestionsStrategy,
  views: securityQuestionsViews,
  enrolments: [
    {
      kind: 'securityQuestions',
      schema: securityQuestionsBody,
      formPath: 'questions',
      // Saved verified at once: the answers are the proof.
      form: questionSetForm,
      enrol: enrolSecurityQuestions,
      view: questionSetViews,
    },
  ],
  texts: securityQuestionsTexts,
} as const satisfies MethodPlugin;
