/**
 * Security-question rules (reference §2.4, DESIGN §3): the user answers exactly as many questions
 * as the policy asks (3–5), each once; answers are 3–40 characters and no answer is used twice.
 * Answers are compared after normalisation (trim, NFKC, case-fold) so that "Amsterdam " and
 * "amsterdam" are the same answer; only an argon2id hash of the normalised text is stored.
 */
import { hasControlCharacters } from '../control-characters.js';
import type { ErrorCode } from '../errors.js';

export const questionRules = {
  answerMin: 3,
  answerMax: 40,
  customMin: 3,
  customMax: 200,
  customPerTenant: 20,
} as const;

/**
 * Trim, NFKC, case-fold (lower case; full Unicode folding would need tables core does not carry),
 * inner whitespace collapsed. NFKC again after lowering: lower-casing can un-normalise ("İ"), and
 * the result must be a fixed point so that the same answer always hashes the same.
 */
export const normaliseAnswer = (answer: string): string => {
  let text = answer;
  for (let i = 0; i < 3; i += 1) {
    const next = text.normalize('NFKC').toLowerCase().normalize('NFKC').replace(/\s+/g, ' ').trim();
    if (next === text) break;
    text = next;
  }
  return text;
};

const lengthOf = (text: string) => [...text].length;

export interface AnswerProblem {
  code: ErrorCode;
  questionId?: string;
  reason: string;
}

/**
 * The first problem with a set of answers, or undefined. `knownIds` are the predefined and the
 * tenant's custom question ids.
 */
export const checkAnswers = (
  answers: readonly { questionId: string; answer: string }[],
  required: number,
  knownIds: ReadonlySet<string>,
): AnswerProblem | undefined => {
  for (const { questionId } of answers) {
    if (!knownIds.has(questionId)) return { code: 'QUESTION_UNKNOWN', questionId, reason: 'not a known question' };
  }
  if (answers.length !== required) return { code: 'ANSWER_INVALID', reason: `answer exactly ${required} questions` };
  const seenQuestions = new Set<string>();
  const seenAnswers = new Set<string>();
  for (const { questionId, answer } of answers) {
    if (seenQuestions.has(questionId))
      return { code: 'ANSWER_INVALID', questionId, reason: 'a question is answered twice' };
    seenQuestions.add(questionId);
    const normalised = normaliseAnswer(answer);
    const length = lengthOf(normalised);
    if (length < questionRules.answerMin || length > questionRules.answerMax || hasControlCharacters(normalised)) {
      return {
        code: 'ANSWER_INVALID',
        questionId,
        reason: `answers have ${questionRules.answerMin}-${questionRules.answerMax} characters`,
      };
    }
    if (seenAnswers.has(normalised))
      return { code: 'ANSWER_REUSED', questionId, reason: 'the same answer is used twice' };
    seenAnswers.add(normalised);
  }
  return undefined;
};

/** A custom question's text: 3–200 printable characters, kept as typed (custom questions are not localised). */
export const checkCustomQuestion = (text: string): { ok: true; text: string } | { ok: false; reason: string } => {
  const trimmed = text.normalize('NFC').trim();
  const length = lengthOf(trimmed);
  // eslint-disable-next-line no-control-regex -- control characters are never part of a question
  if (length < questionRules.customMin || length > questionRules.customMax || /[\u0000-\u001f\u007f]/.test(trimmed)) {
    return {
      ok: false,
      reason: `a custom question has ${questionRules.customMin}-${questionRules.customMax} printable characters`,
    };
  }
  return { ok: true, text: trimmed };
};
