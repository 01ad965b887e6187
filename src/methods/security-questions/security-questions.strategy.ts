/**
 * The security questions' effects: a random pick of the registered questions (a decoy's are a
 * deterministic choice, as its methods are); every answer is checked with the same work, right or
 * wrong, real or decoy, so the time taken tells nothing.
 */
import type { EnrolCapabilities, MethodStrategy } from '../../core/methods/method-contract.js';
import { failure, success, type Result } from '../../core/result.js';
import { answersMatchPick } from './security-questions.rules.js';

export const securityQuestionsStrategy: MethodStrategy = {
  issue: async (_methodId, caps) => success({ kind: 'questions', questionIds: await caps.pickQuestions() }),
  async prove(_methodId, caps) {
    const asked = caps.pending?.questionIds ?? [];
    const byId = answersMatchPick(asked, caps.input.answers ?? []);
    if (!byId) return { outcome: 'refused', code: 'VALIDATION_FAILED' };
    const allRight = await caps.checkAnswers(asked, byId);
    return allRight && !caps.decoy ? { outcome: 'passed' } : { outcome: 'failed', code: 'ANSWER_WRONG' };
  },
};

export const enrolSecurityQuestions = async <Out>(
  input: Record<string, unknown>,
  caps: EnrolCapabilities<Out>,
): Promise<Result<Out>> =>
  Array.isArray(input.answers)
    ? caps.saveAnswers('securityQuestions', input.answers as { questionId: string; answer: string }[])
    : failure('VALIDATION_FAILED');
