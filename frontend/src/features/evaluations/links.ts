/** Where the dashboard shows a model under test: its registry version, or its training run. */
export function modelHref(model: {
  model_name: string;
  run_id: string | null;
  model_version_id: string | null;
}): string | null {
  if (model.model_version_id !== null) {
    // A registry version's model_name is "<name>@<version>".
    const at = model.model_name.lastIndexOf("@");
    if (at > 0) {
      const name = encodeURIComponent(model.model_name.slice(0, at));
      const version = encodeURIComponent(model.model_name.slice(at + 1));
      return `/models/${name}/versions/${version}`;
    }
  }
  return model.run_id !== null ? `/runs/${model.run_id}` : null;
}
