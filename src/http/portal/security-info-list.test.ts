import { describe, expect, it } from 'vitest';
import { shownDisplay } from './security-info-list.js';

describe('shownDisplay', () => {
  it("says an answer set's count in the page's language, and leaves every other entry's text alone", () => {
    expect(shownDisplay('nl', { type: 'securityQuestions', display: '3 questions' })).toBe('3 vragen');
    expect(shownDisplay('en', { type: 'securityQuestions', display: '3 questions' })).toBe('3 questions');
    // An app its user named "2 questions" keeps its name.
    expect(shownDisplay('nl', { type: 'authenticatorApp', display: '2 questions' })).toBe('2 questions');
    // A masked number keeps its country code and digits on one line (a no-break space; the API keeps the space).
    expect(shownDisplay('nl', { type: 'mobilePhone', display: '+31 6******71' })).toBe('+31\u00a06******71');
  });
});
