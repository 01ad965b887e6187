/**
 * What the CLI says about directory types, read from the dialect registry: a new dialect shows up in `--type`'s help,
 * in the usage error and in the list of URL hints without touching a command.
 */
import { dialects, directoryTypeList } from '../dialects/registry.js';

/** `--type`'s description: "openldap or ad". */
export const directoryTypeOption = (): string => directoryTypeList();

/** Shown after a command's options: each type with its product name and what its URL usually looks like. */
export const directoryTypesHelp = (): string =>
  [
    '',
    'Directory types:',
    ...dialects.map((dialect) => `  ${dialect.id}: ${dialect.texts.en.label}, ${dialect.urlHint}`),
  ].join('\n');
