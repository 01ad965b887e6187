/**
 * Security questions (policy `securityQuestions`): a random pick of the questions the user answered,
 * a new pick after every wrong try (against question hammering). Never for administrators
 * (DESIGN §3); a set counts for a reset only with at least the policy's number of answers.
 */
import { Type } from 'typebox';
import {
  fivePerHour,
  type DecoySource,
  type EnrolmentForm,
  type EntryKindRules,
  type PolicyMethodRules,
} from '../../core/methods/method-contract.js';

/** The id of a user's question set: one set per user, replaced whole. */
export const questionSetId = 'security-questions';

export const securityQuestionsMethod = {
  id: 'securityQuestions',
  entryKind: 'securityQuestions',
  forAdmins: 'never',
  asksWholeNumber: false,
  needsChallenge: true,
  throttle: {
    kind: 'securityQuestions',
    counts: 'proof',
    rule: fivePerHour,
    blockedDetail: 'User tried to answer security questions too many times and is blocked for 24 hours',
  },
  auditName: 'security questions',
  freshChallengeAfterFailure: true,
  // Not by default: knowledge-based answers are the weakest gate (checklist §11 #19).
  defaultInPolicy: false,
} as const satisfies PolicyMethodRules;

export const securityQuestionsEntry = {
  kind: 'securityQuestions',
  registeredBy: 'user',
  forAdmins: false,
  usable: (entry, policy) => (entry.questionCount ?? 0) >= policy.questionsToReset,
  decoy: (source: DecoySource) => ({
    entryId: questionSetId,
    kind: 'securityQuestions',
    display: `${source.questionsToRegister} questions`,
    questionCount: source.questionsToRegister,
  }),
} as const satisfies EntryKindRules;

export const securityQuestionsBody = Type.Object(
  {
    type: Type.Literal('securityQuestions'),
    answers: Type.Array(
      Type.Object(
        { questionId: Type.String({ minLength: 1, maxLength: 64 }), answer: Type.String({ maxLength: 200 }) },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 5 },
    ),
  },
  { additionalProperties: false },
);

/** Checks the answers of a proof: the questions asked, each answered once, and nothing else. */
export const answersMatchPick = (
  asked: readonly string[],
  answers: readonly { questionId: string; answer: string }[],
): ReadonlyMap<string, string> | undefined => {
  const byId = new Map(answers.map((a) => [a.questionId, a.answer]));
  if (asked.length === 0 || answers.length !== asked.length || !asked.every((id) => byId.has(id))) return undefined;
  return byId;
};

/** At most 5 questions are registered (policy: 3-5); answers are checked by the service. */
const maxQuestions = 5;
const formField = (maxLength: number) => Type.Optional(Type.String({ maxLength }));

/** The portal's add form: question N and answer N for as many questions as the policy asks. */
export const questionSetForm = {
  fields: Object.fromEntries(
    Array.from({ length: maxQuestions }, (_, i) => [
      [`question${i + 1}`, formField(64)],
      [`answer${i + 1}`, formField(200)],
    ]).flat(),
  ),
  read: (body, { questionsToRegister }) => {
    const numbers = Array.from({ length: Math.min(questionsToRegister, maxQuestions) }, (_, i) => i + 1);
    const questionIds = numbers.map((n) => body[`question${n}`] ?? '');
    const answers = numbers.map((n) => ({ questionId: questionIds[n - 1]!, answer: body[`answer${n}`] ?? '' }));
    // The same question twice, or one left empty, is a form slip: said before the service is asked.
    if (questionIds.some((id) => !id) || new Set(questionIds).size !== questionIds.length)
      return {
        ok: false,
        refusal: {
          message: 'account.securityInfo.add.questions.pickDifferent',
          params: { count: questionsToRegister },
        },
        typed: { questionIds },
      };
    return { ok: true, input: { type: 'securityQuestions', answers }, typed: { questionIds } };
  },
  savedNotice: 'questions',
  picksQuestions: true,
} satisfies EnrolmentForm;
