import { useState, type FormEvent } from 'react';
import { list, rpc } from '../api/client';
import { ConfirmDialog, Empty, ErrorBox, Field, Loading, Notice } from '../components/ui';
import { PERMISSION_LABEL, PERMISSIONS, type Permission, type StaffRow } from '../lib/access';
import { formatInZone } from '../lib/time';
import { useLoad } from '../lib/useLoad';
import { Allowed, useVenue } from './VenueLayout';

interface Invitation {
  ok: boolean;
  venue_id: number;
  user_id: string;
  permissions: Permission[];
  account_created: boolean;
}

/** The venue's staff: owners (and admins) list, invite, change and remove them. */
export function StaffPage() {
  return (
    <Allowed need="staff">
      <Staff />
    </Allowed>
  );
}

function Staff() {
  const { venue } = useVenue();
  const staff = useLoad(
    (signal) => list<StaffRow>('venue_staff', { venue_id: `eq.${venue.id}`, order: 'email.asc' }, { signal }),
    [venue.id],
  );
  const [done, setDone] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [editing, setEditing] = useState<string | null>(null);
  const [removing, setRemoving] = useState<StaffRow | null>(null);
  const [busy, setBusy] = useState(false);

  async function invite(email: string, permissions: Permission[], fullName: string | null, again: boolean) {
    setError(null);
    setDone(null);
    const r = await rpc<Invitation>('invite_staff', {
      venue_id: venue.id,
      email,
      permissions,
      full_name: fullName,
    });
    setDone(
      again
        ? `Permissions of ${email} changed to ${r.permissions.join(', ')}.`
        : `Invited ${email} (${r.permissions.join(', ')}). ` +
            (r.account_created
              ? 'A new account was made: the email carries a code to set a password.'
              : 'They sign in with their existing account.'),
    );
    setEditing(null);
    staff.reload();
  }

  async function remove() {
    if (!removing) return;
    setBusy(true);
    setError(null);
    try {
      await rpc('remove_staff', { venue_id: venue.id, user_id: removing.user_id });
      setDone(`${removing.email ?? 'The staff member'} no longer works at ${venue.name}.`);
      setRemoving(null);
      staff.reload();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  const rows = staff.data?.rows ?? [];
  return (
    <div className="stack">
      <section aria-labelledby="staff-title" className="card">
        <h2 id="staff-title">Staff</h2>
        <p className="muted">
          Staff sign in with their own account and work at this venue only, within their permissions. They never see the Stripe settings, the
          commission, the venue’s details or its staff.
        </p>
        {done && <Notice>{done}</Notice>}
        {!removing && <ErrorBox error={error} />}
        {staff.loading && !staff.data && <Loading what="Loading staff" />}
        <ErrorBox error={staff.error} onRetry={staff.reload} />
        {staff.data && rows.length === 0 && <Empty>No staff yet. Invite someone below.</Empty>}
        {rows.length > 0 && (
          <table>
            <caption className="sr-only">Staff of {venue.name}</caption>
            <thead>
              <tr>
                <th scope="col">Email</th>
                <th scope="col">Name</th>
                <th scope="col">Permissions</th>
                <th scope="col">Since</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((s) => (
                <tr key={s.user_id} data-user-id={s.user_id}>
                  <td>{s.email ?? '—'}</td>
                  <td>{s.full_name ?? '—'}</td>
                  <td>
                    {editing === s.user_id ? (
                      <PermissionsForm
                        initial={s.permissions}
                        submitLabel="Save permissions"
                        legend={`Permissions of ${s.email ?? 'this staff member'}`}
                        onSubmit={(p) => invite(s.email ?? '', p, null, true)}
                        onCancel={() => setEditing(null)}
                      />
                    ) : (
                      s.permissions.join(', ')
                    )}
                  </td>
                  <td>{formatInZone(s.created_at, venue.timezone)}</td>
                  <td className="row-actions">
                    {editing !== s.user_id && (
                      <button type="button" className="link" onClick={() => { setDone(null); setEditing(s.user_id); }}>
                        Change permissions<span className="sr-only"> of {s.email}</span>
                      </button>
                    )}
                    <button type="button" className="link danger" onClick={() => { setDone(null); setError(null); setRemoving(s); }}>
                      Remove<span className="sr-only"> {s.email}</span>
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section aria-labelledby="invite-title" className="card">
        <h2 id="invite-title">Invite staff</h2>
        <InviteForm onInvite={(email, perms, name) => invite(email, perms, name, false)} />
      </section>
      {removing && (
        <ConfirmDialog
          title={`Remove ${removing.email ?? 'this staff member'}?`}
          confirmLabel="Remove from staff"
          cancelLabel="Keep"
          busy={busy}
          onConfirm={remove}
          onCancel={() => setRemoving(null)}
        >
          <p>From their next request on they can do and see nothing more at {venue.name}. Their account stays.</p>
          <ErrorBox error={error} />
        </ConfirmDialog>
      )}
    </div>
  );
}

/** Checkboxes for the three permissions; at least one. */
export function PermissionsForm({
  initial,
  legend,
  submitLabel,
  onSubmit,
  onCancel,
}: {
  initial: Permission[];
  legend: string;
  submitLabel: string;
  onSubmit: (permissions: Permission[]) => Promise<void>;
  onCancel?: () => void;
}) {
  const [perms, setPerms] = useState<Set<Permission>>(new Set(initial));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!perms.size) return;
    setBusy(true);
    setError(null);
    try {
      await onSubmit(PERMISSIONS.filter((p) => perms.has(p)));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }
  return (
    <form onSubmit={submit} noValidate>
      <PermissionBoxes legend={legend} value={perms} onChange={setPerms} />
      <button type="submit" className="primary" disabled={busy || !perms.size}>
        {submitLabel}
      </button>
      {onCancel && (
        <button type="button" className="link" onClick={onCancel}>
          Cancel
        </button>
      )}
      <ErrorBox error={error} />
    </form>
  );
}

function PermissionBoxes({ legend, value, onChange }: { legend: string; value: Set<Permission>; onChange: (v: Set<Permission>) => void }) {
  return (
    <fieldset className="perms">
      <legend>{legend}</legend>
      {PERMISSIONS.map((p) => (
        <label key={p}>
          <input
            type="checkbox"
            checked={value.has(p)}
            onChange={(e) => {
              const n = new Set(value);
              if (e.target.checked) n.add(p);
              else n.delete(p);
              onChange(n);
            }}
          />
          {PERMISSION_LABEL[p]}
        </label>
      ))}
      {value.size === 0 && <small className="field-error">Choose at least one permission.</small>}
    </fieldset>
  );
}

export function InviteForm({ onInvite }: { onInvite: (email: string, permissions: Permission[], fullName: string | null) => Promise<void> }) {
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [perms, setPerms] = useState<Set<Permission>>(new Set(['bookings']));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [tried, setTried] = useState(false);
  const badEmail = !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email.trim());

  async function submit(e: FormEvent) {
    e.preventDefault();
    setTried(true);
    if (badEmail || !perms.size) return;
    setBusy(true);
    setError(null);
    try {
      await onInvite(email.trim(), PERMISSIONS.filter((p) => perms.has(p)), name.trim() || null);
      setEmail('');
      setName('');
      setTried(false);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }
  return (
    <form onSubmit={submit} noValidate className="grid-form">
      <Field label="Staff email" error={tried && badEmail ? 'An email address is needed.' : undefined}>
        {(p) => <input {...p} type="email" value={email} maxLength={254} onChange={(e) => setEmail(e.target.value)} />}
      </Field>
      <Field label="Full name" hint="For a new account; optional">
        {(p) => <input {...p} value={name} maxLength={200} onChange={(e) => setName(e.target.value)} />}
      </Field>
      <div style={{ gridColumn: '1 / -1' }}>
        <PermissionBoxes legend="Permissions" value={perms} onChange={setPerms} />
      </div>
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Inviting…' : 'Invite'}
        </button>
      </div>
      <ErrorBox error={error} />
    </form>
  );
}
