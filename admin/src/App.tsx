import { Suspense, type ReactNode } from 'react';
import { Navigate, NavLink, Route, Routes, useLocation } from 'react-router-dom';
import { useAuth } from './auth';
import { Loading, NotFound } from './components/ui';
import { LoginPage } from './pages/Login';
import { VenuesPage } from './pages/Venues';
import { Allowed, VenueLayout } from './pages/VenueLayout';
import { StripePage, VenueOverview } from './pages/VenueOverview';
import { DeskPage } from './pages/Desk';
import { StaffPage } from './pages/Staff';
import { CancellationPolicyPage } from './pages/CancellationPolicy';
import { SeriesPage } from './pages/Series';
import { NewVenuePage } from './pages/NewVenue';
import { CourtsPage } from './pages/Courts';
import { CourtPage } from './pages/Court';
import { BookingsPage } from './pages/Bookings';
import { ReportPage } from './pages/Report';
import { SettingsPage } from './pages/admin/Settings';
import { PayoutsPage } from './pages/admin/Payouts';
import { ReconciliationPage } from './pages/admin/Reconciliation';
import { ReviewsPage } from './pages/admin/Reviews';


function RequireAuth({ children, admin }: { children: ReactNode; admin?: boolean }) {
  const { session } = useAuth();
  const location = useLocation();
  if (!session) return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  if (admin && session.role !== 'admin') return <NotFound />;
  return <>{children}</>;
}

function Shell({ children }: { children: ReactNode }) {
  const { session, signOut } = useAuth();
  return (
    <>
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <strong className="brand">courtbook admin</strong>
        {session && (
          <nav aria-label="Main">
            <NavLink to="/" end>
              Venues
            </NavLink>
            <NavLink to="/payouts">Payout reports</NavLink>
            {session.role === 'admin' && <NavLink to="/settings">Platform settings</NavLink>}
            {session.role === 'admin' && <NavLink to="/reconciliation">Reconciliation</NavLink>}
            {session.role === 'admin' && <NavLink to="/reviews">Venue reviews</NavLink>}
          </nav>
        )}
        {session && (
          <div className="who">
            <span>
              {session.email} ({session.role})
            </span>
            <button type="button" onClick={() => void signOut()}>
              Log out
            </button>
          </div>
        )}
      </header>
      <main id="main" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}

export function App() {
  return (
    <Shell>
      <Suspense fallback={<Loading />}>
        <Routes>
          <Route path="/login" element={<LoginPage />} />
          <Route path="/" element={<RequireAuth><VenuesPage /></RequireAuth>} />
          <Route path="/venues/new" element={<RequireAuth><NewVenuePage /></RequireAuth>} />
          <Route path="/venues/:venueId" element={<RequireAuth><VenueLayout /></RequireAuth>}>
            <Route index element={<VenueOverview />} />
            <Route path="desk" element={<DeskPage />} />
            <Route path="courts" element={<Allowed need="schedule"><CourtsPage /></Allowed>} />
            <Route path="courts/:courtId" element={<Allowed need="schedule"><CourtPage /></Allowed>} />
            <Route path="bookings" element={<Allowed need="bookings"><BookingsPage /></Allowed>} />
            <Route path="report" element={<Allowed need="reports"><ReportPage /></Allowed>} />
            <Route path="stripe" element={<StripePage />} />
            <Route path="policy" element={<CancellationPolicyPage />} />
            <Route path="staff" element={<StaffPage />} />
            <Route path="series" element={<SeriesPage />} />
            <Route path="*" element={<NotFound />} />
          </Route>
          <Route path="/payouts" element={<RequireAuth><PayoutsPage /></RequireAuth>} />
          <Route path="/settings" element={<RequireAuth admin><SettingsPage /></RequireAuth>} />
          <Route path="/reconciliation" element={<RequireAuth admin><ReconciliationPage /></RequireAuth>} />
          <Route path="/reviews" element={<RequireAuth admin><ReviewsPage /></RequireAuth>} />
          <Route path="*" element={<NotFound />} />
        </Routes>
      </Suspense>
    </Shell>
  );
}
