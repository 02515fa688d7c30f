import { AppHeader } from "./components/AppHeader";
import { SystemStatusPanel } from "./features/system/SystemStatusPanel";
import { TracesPanel } from "./features/traces/TracesPanel";

export function App() {
  return (
    <>
      <AppHeader />
      <main className="app-main">
        <SystemStatusPanel />
        <TracesPanel />
      </main>
    </>
  );
}
