import { useState, type FormEvent } from 'react';
import { list } from '../api/client';
import type { Venue } from '../api/types';
import { policyInWords } from '../lib/policy';
import { isValidTimeZone, knownTimeZones } from '../lib/time';
import { useLoad } from '../lib/useLoad';
import { detailsArgs, MAX_DESCRIPTION, photoLines, photosProblem, type VenueDetails } from '../lib/venueDetails';
import { ErrorBox, Field } from './ui';

export interface VenueFields extends VenueDetails {
  name: string;
  address: string;
  city: string;
  lat: number;
  lng: number;
  timezone: string;
  currency: string;
  /** absent for a venue with a tiered cancellation policy: the policy page edits it */
  cancellation_window_minutes?: number;
}

const CURRENCIES = ['EUR', 'GBP', 'USD', 'CHF', 'SEK', 'NOK', 'DKK', 'PLN', 'MXN', 'AUD', 'CAD', 'JPY'];

export function VenueForm({
  venue,
  submitLabel,
  onSubmit,
}: {
  venue?: Venue;
  submitLabel: string;
  onSubmit: (fields: VenueFields) => Promise<void>;
}) {
  const [name, setName] = useState(venue?.name ?? '');
  const [address, setAddress] = useState(venue?.address ?? '');
  const [city, setCity] = useState(venue?.city ?? '');
  const [lat, setLat] = useState(venue ? String(venue.lat) : '');
  const [lng, setLng] = useState(venue ? String(venue.lng) : '');
  const [timezone, setTimezone] = useState(venue?.timezone ?? Intl.DateTimeFormat().resolvedOptions().timeZone ?? 'Europe/Madrid');
  const [currency, setCurrency] = useState(venue?.currency ?? 'EUR');
  const [windowHours, setWindowHours] = useState(String((venue?.cancellation_window_minutes ?? 1440) / 60));
  // A venue with a tiered policy (0.2) keeps it: the window alone would replace every tier
  // with one 100 % tier, so this form leaves it to the Cancellation policy page.
  const policy = venue?.cancellation_policy ?? null;
  // the marketplace details (0.2): what players see on the venue's page
  const [description, setDescription] = useState(venue?.description ?? '');
  const [photosText, setPhotosText] = useState((venue?.photos ?? []).join('\n'));
  const [amenities, setAmenities] = useState<string[]>(venue?.amenities ?? []);
  const vocabulary = useLoad(
    (signal) => list<{ name: string; position: number }>('venue_amenities', { order: 'position.asc' }, { signal }),
    [],
  );
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [touched, setTouched] = useState(false);

  const latN = Number(lat);
  const lngN = Number(lng);
  const windowMin = Math.round(Number(windowHours) * 60);
  const photos = photoLines(photosText);
  const problems: Record<string, string | undefined> = {
    name: name.trim() ? undefined : 'Enter a name.',
    address: address.trim() ? undefined : 'Enter an address.',
    city: city.trim() ? undefined : 'Enter a city.',
    lat: lat.trim() !== '' && Number.isFinite(latN) && latN >= -90 && latN <= 90 ? undefined : 'Latitude from -90 to 90.',
    lng: lng.trim() !== '' && Number.isFinite(lngN) && lngN >= -180 && lngN <= 180 ? undefined : 'Longitude from -180 to 180.',
    timezone: isValidTimeZone(timezone) ? undefined : 'An IANA time zone such as Europe/Madrid.',
    currency: /^[A-Z]{3}$/.test(currency) ? undefined : 'A three-letter ISO currency such as EUR.',
    description: description.trim().length <= MAX_DESCRIPTION ? undefined : `At most ${MAX_DESCRIPTION} characters.`,
    photos: photosProblem(photos),
    window:
      policy || windowHours.trim() !== '' && Number.isFinite(windowMin) && windowMin >= 0 && windowMin <= 43200
        ? undefined
        : 'From 0 to 720 hours.',
  };
  const valid = Object.values(problems).every((p) => !p);
  const show = (k: string) => (touched ? problems[k] : undefined);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setTouched(true);
    if (!valid) return;
    setBusy(true);
    setError(null);
    try {
      await onSubmit({
        name: name.trim(),
        address: address.trim(),
        city: city.trim(),
        lat: latN,
        lng: lngN,
        timezone,
        currency,
        ...(policy ? {} : { cancellation_window_minutes: windowMin }),
        ...detailsArgs(description, photos, amenities, venue !== undefined),
      });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  const zones = knownTimeZones();
  return (
    <form onSubmit={submit} noValidate className="grid-form">
      <Field label="Name" error={show('name')}>
        {(p) => <input {...p} value={name} onChange={(e) => setName(e.target.value)} maxLength={200} />}
      </Field>
      <Field label="Address" error={show('address')}>
        {(p) => <input {...p} value={address} onChange={(e) => setAddress(e.target.value)} maxLength={500} />}
      </Field>
      <Field label="City" error={show('city')}>
        {(p) => <input {...p} value={city} onChange={(e) => setCity(e.target.value)} maxLength={200} />}
      </Field>
      <Field label="Latitude" error={show('lat')}>
        {(p) => <input {...p} inputMode="decimal" value={lat} onChange={(e) => setLat(e.target.value)} />}
      </Field>
      <Field label="Longitude" error={show('lng')}>
        {(p) => <input {...p} inputMode="decimal" value={lng} onChange={(e) => setLng(e.target.value)} />}
      </Field>
      <Field
        label="Time zone"
        hint={
          venue && timezone !== venue.timezone
            ? 'New slots follow the new zone; existing slots keep their times.'
            : 'Opening hours and slots follow this zone.'
        }
        error={show('timezone')}
      >
        {(p) => (
          <>
            <input {...p} list="tz-list" value={timezone} onChange={(e) => setTimezone(e.target.value.trim())} />
            <datalist id="tz-list">
              {zones.map((z) => (
                <option key={z} value={z} />
              ))}
            </datalist>
          </>
        )}
      </Field>
      <Field label="Currency" error={show('currency')}>
        {(p) => (
          <>
            <input
              {...p}
              list="currency-list"
              maxLength={3}
              value={currency}
              onChange={(e) => setCurrency(e.target.value.toUpperCase().trim())}
            />
            <datalist id="currency-list">
              {CURRENCIES.map((c) => (
                <option key={c} value={c} />
              ))}
            </datalist>
          </>
        )}
      </Field>
      {policy ? (
        <p className="field muted" data-testid="venue-policy">
          Cancellation policy: {policyInWords(policy)}. Change it under Cancellation policy.
        </p>
      ) : (
      <Field
        label="Cancellation window (hours before start)"
        hint="Players who cancel earlier than this get a full refund."
        error={show('window')}
      >
        {(p) => (
          <input {...p} type="number" min={0} max={720} step={0.5} value={windowHours} onChange={(e) => setWindowHours(e.target.value)} />
        )}
      </Field>
      )}
      <Field
        label="Description"
        hint={`What players read about the venue (plain text, at most ${MAX_DESCRIPTION} characters).`}
        error={show('description')}
      >
        {(p) => <textarea {...p} rows={4} value={description} onChange={(e) => setDescription(e.target.value)} />}
      </Field>
      <Field label="Photo links" hint="One https link per line, at most 10; the first is the cover." error={show('photos')}>
        {(p) => <textarea {...p} rows={3} value={photosText} onChange={(e) => setPhotosText(e.target.value)} />}
      </Field>
      <fieldset className="field amenities">
        <legend>Amenities</legend>
        <ErrorBox error={vocabulary.error} onRetry={vocabulary.reload} />
        <div className="amenity-list">
          {vocabulary.data?.rows.map(({ name: word }) => (
            <label key={word} className="checkbox">
              <input
                type="checkbox"
                checked={amenities.includes(word)}
                onChange={(e) => setAmenities(e.target.checked ? [...amenities, word] : amenities.filter((a) => a !== word))}
              />{' '}
              {word.replace(/_/g, ' ')}
            </label>
          ))}
        </div>
      </fieldset>
      <ErrorBox error={error} />
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Saving…' : submitLabel}
        </button>
      </div>
    </form>
  );
}
