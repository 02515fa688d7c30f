export function AppHeader() {
  return (
    <header className="app-header">
      <h1>tunix-rt</h1>
      <p className="tagline">Workbench for reasoning traces</p>
    </header>
  );
}
