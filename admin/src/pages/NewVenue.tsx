import { useNavigate } from 'react-router-dom';
import { rpc } from '../api/client';
import { VenueForm, type VenueFields } from '../components/VenueForm';

export function NewVenuePage() {
  const navigate = useNavigate();
  async function create(f: VenueFields) {
    const { venue_id } = await rpc<{ venue_id: number }>('create_venue', {
      name: f.name,
      address: f.address,
      city: f.city,
      lat: f.lat,
      lng: f.lng,
      timezone: f.timezone,
      currency: f.currency,
      description: f.description,
      photos: f.photos,
      amenities: f.amenities,
    });
    if (f.cancellation_window_minutes !== 1440) {
      await rpc('update_venue', { venue_id, cancellation_window_minutes: f.cancellation_window_minutes });
    }
    navigate(`/venues/${venue_id}/courts`);
  }
  return (
    <section aria-labelledby="nv-title">
      <h1 id="nv-title">New venue</h1>
      <VenueForm submitLabel="Create venue" onSubmit={create} />
    </section>
  );
}
