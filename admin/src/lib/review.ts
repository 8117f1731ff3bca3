// Venue publication (API.md, 0.2) in the owner's words: whether players can find the
// venue, and what the reviewer asked.
import type { Venue } from '../api/types';

export type ReviewStatus = NonNullable<Venue['review_status']>;

/** A short label for a list. */
export const REVIEW_LABEL: Record<ReviewStatus, string> = {
  pending_review: 'Waiting for review',
  published: 'Published',
  rejected: 'Not published',
};

/** One sentence for the venue's page: what the status means for its players. */
export function reviewInWords(status: ReviewStatus, note: string | null | undefined): string {
  switch (status) {
    case 'pending_review':
      return 'Waiting for review: players cannot find this venue until an admin publishes it.';
    case 'rejected':
      return `Not published: players cannot find this venue.${note ? ` The reviewer's note: “${note}”` : ''}`;
    case 'published':
      return 'Published: players find this venue and book its courts.';
  }
}
