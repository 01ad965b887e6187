/**
 * Security questions (policy `securityQuestions`): a random pick of the questions the user answered,
 * a new pick after every wrong try (against question hammering). Never for administrators
 * (DESIGN §3); a set counts for a reset only with at least the policy's number of answers.
 */
import { Type } from 'typebox';
import {
  fivePerHour,
  type DecoySource,
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
