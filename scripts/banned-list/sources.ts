/**
 * The three npm packages the global banned-terms list is derived from (scripts/build-banned-list.ts), pinned by
 * version and licence, and how they are read from a scratch node_modules folder.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface SourcePackage {
  name: string;
  version: string;
  /** Files read, relative to the package folder. */
  files: Record<string, string>;
  /** Licence of the package as declared in its package.json. */
  licence: string;
  /** What the data is and where it originally came from (for the generated header). */
  note: string;
  /** Copy the package's LICENSE.txt into the generated header (for the package the terms come from). */
  embedLicence?: boolean;
}

export const PINNED: readonly SourcePackage[] = [
  {
    name: '@zxcvbn-ts/language-common',
    version: '4.1.3',
    files: { passwords: 'src/passwords.json' },
    licence: 'MIT',
    note: "passwords.json: common passwords ranked by frequency, from Mark Burnett's 10 million passwords (2015, released to the public domain)",
    embedLicence: true,
  },
  {
    name: '@zxcvbn-ts/language-nl-be',
    version: '3.0.2',
    files: { commonWords: 'src/commonWords.json', wikipedia: 'src/wikipedia.json' },
    licence: 'MIT',
    note: 'commonWords.json (Dutch word frequencies, hermitdave/FrequencyWords from OpenSubtitles 2018, content CC BY-SA 3.0) and wikipedia.json: used to pick and check Dutch terms',
  },
  {
    name: '@zxcvbn-ts/language-en',
    version: '4.1.1',
    files: { commonWords: 'src/commonWords.json' },
    licence: 'MIT',
    note: 'commonWords.json (English word frequencies, OpenSubtitles 2024 via OPUS, ODC-BY): used only to tell Dutch words from English ones; no term is taken from it',
  },
];

export const readJsonList = (file: string): string[] => {
  const data: unknown = JSON.parse(readFileSync(file, 'utf8'));
  if (!Array.isArray(data) || !data.every((x): x is string => typeof x === 'string')) {
    throw new Error(`${file}: expected a JSON array of strings`);
  }
  return data;
};

export interface LoadedSource extends SourcePackage {
  lists: Record<string, string[]>;
  licenceText: string;
}

export const loadSources = (sourceDir: string, allowOtherVersions: boolean): LoadedSource[] =>
  PINNED.map((pinned) => {
    const folder = join(sourceDir, pinned.name);
    const manifestFile = join(folder, 'package.json');
    if (!existsSync(manifestFile)) {
      throw new Error(
        `${pinned.name} is not installed in ${sourceDir} (see the install line at the top of scripts/build-banned-list.ts)`,
      );
    }
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as { version?: string; license?: string };
    const version = String(manifest.version);
    if (version !== pinned.version && !allowOtherVersions) {
      throw new Error(
        `${pinned.name}@${version} found, ${pinned.version} pinned (use --allow-other-versions to accept it)`,
      );
    }
    const licence = String(manifest.license);
    if (licence !== pinned.licence)
      throw new Error(`${pinned.name}: licence is now "${licence}", was "${pinned.licence}": review it`);
    const lists: Record<string, string[]> = {};
    for (const [key, file] of Object.entries(pinned.files)) lists[key] = readJsonList(join(folder, file));
    const licenceFile = join(folder, 'LICENSE.txt');
    const licenceText = existsSync(licenceFile) ? readFileSync(licenceFile, 'utf8').replace(/\r\n/g, '\n').trim() : '';
    if (pinned.embedLicence && !licenceText) throw new Error(`${pinned.name}: LICENSE.txt not found`);
    return { ...pinned, version, licence, lists, licenceText };
  });

export const listOf = (sources: LoadedSource[], name: string, key: string): string[] => {
  const list = sources.find((s) => s.name === name)?.lists[key];
  if (!list) throw new Error(`missing list ${name} ${key}`);
  return list;
};
