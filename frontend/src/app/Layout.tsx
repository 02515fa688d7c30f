import { Suspense } from "react";
import { NavLink, Outlet, useNavigation } from "react-router";

import { Loading } from "../components/QueryState";
import { NAV_ITEMS } from "./nav";

/** The frame of every page: skip link, navigation, and the page in <main>. */
export function Layout() {
  const navigation = useNavigation();
  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="app-header">
        <NavLink to="/" className="brand">
          tunix-rt
        </NavLink>
        <span className="tagline">reasoning traces → fine-tuned models</span>
        {navigation.state === "loading" && (
          <span className="nav-progress" role="status">
            Loading…
          </span>
        )}
      </header>
      <nav className="app-nav" aria-label="Main">
        <ul>
          {NAV_ITEMS.map((item) => (
            <li key={item.to}>
              <NavLink to={item.to} end={item.end}>
                {item.label}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" className="app-main" tabIndex={-1}>
        <Suspense fallback={<Loading what="the page" />}>
          <Outlet />
        </Suspense>
      </main>
    </div>
  );
}
