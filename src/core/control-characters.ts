/** C0 control characters and DEL: never part of an answer, a label or anything else shown back to a user. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const controlCharacters = /[\u0000-\u001f\u007f]/g;

export const hasControlCharacters = (text: string): boolean => text.search(controlCharacters) !== -1;

export const stripControlCharacters = (text: string): string => text.replace(controlCharacters, '');
