// A venue's marketplace details (API.md, venue details): what the venue form edits
// and how its inputs become create_venue / update_venue arguments. The server is
// the authority on the rules (https URLs, at most 10, the amenity vocabulary); the
// form only catches what a typing owner gets wrong most often, before a round trip.

export const MAX_PHOTOS = 10;
export const MAX_DESCRIPTION = 2000;

/** The photo URLs of a textarea, one per line: trimmed, blank lines dropped, in order. */
export function photoLines(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
}

/** What is wrong with the photo lines, in plain words, or undefined. */
export function photosProblem(photos: string[]): string | undefined {
  if (photos.length > MAX_PHOTOS) return `At most ${MAX_PHOTOS} photos.`;
  const bad = photos.find((p) => !/^https:\/\/[^\s/]+/i.test(p));
  if (bad !== undefined) return `Not an https link: ${bad}`;
  if (new Set(photos).size !== photos.length) return 'A photo is listed twice.';
  return undefined;
}

export interface VenueDetails {
  description: string | null;
  photos: string[];
  amenities: string[];
}

/**
 * The details as arguments. For a new venue an empty description is none (null);
 * for an existing one it is '' (update_venue clears it with an empty string, and
 * leaves a field as it is when given null). Amenities are sent sorted, as stored.
 */
export function detailsArgs(description: string, photos: string[], amenities: string[], existing: boolean): VenueDetails {
  const d = description.trim();
  return {
    description: d === '' ? (existing ? '' : null) : d,
    photos,
    amenities: [...new Set(amenities)].sort(),
  };
}
