/** Text normalisation shared by the matcher: case-, punctuation- and accent-insensitive. */

const MARKS = /[\u0300-\u036f]/g;

/** "Hospital & Health Care" → "hospital and health care"; "Ärzte-Kammer" → "arzte kammer". */
export function normalize(value: string): string {
  return value
    .normalize('NFKD')
    .replace(MARKS, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

export function tokens(value: string): string[] {
  const normal = normalize(value);
  return normal === '' ? [] : normal.split(' ');
}
