/** A model's tags as neutral badges. */
export function Tags({ tags }: { tags: string[] }) {
  if (tags.length === 0) return <span className="muted">—</span>;
  return (
    <span className="registry-tags">
      {tags.map((tag) => (
        <span key={tag} className="badge badge-muted">
          {tag}
        </span>
      ))}
    </span>
  );
}

/** Alias names as badges, e.g. on a version's row: `production` `staging`. */
export function AliasBadges({ aliases }: { aliases: string[] }) {
  if (aliases.length === 0) return <span className="muted">—</span>;
  return (
    <span className="alias-badges">
      {[...aliases].sort().map((alias) => (
        <span key={alias} className="badge alias-badge" data-alias={alias}>
          {alias}
        </span>
      ))}
    </span>
  );
}

/** A model's aliases with the versions they point at: `production → v3`. */
export function AliasTargets({ aliases }: { aliases: Record<string, number> }) {
  const entries = Object.entries(aliases).sort(([a], [b]) =>
    a.localeCompare(b),
  );
  if (entries.length === 0) return <span className="muted">—</span>;
  return (
    <span className="alias-badges">
      {entries.map(([alias, version]) => (
        <span key={alias} className="badge alias-badge" data-alias={alias}>
          {alias} → v{version}
        </span>
      ))}
    </span>
  );
}
