import { Link } from "react-router";

import { modelHref } from "./links";

type Props = {
  model: {
    model_name: string;
    run_id: string | null;
    model_version_id: string | null;
  };
};

/** A model under test by name, linked to its registry version or training run. */
export function ModelLink({ model }: Props) {
  const href = modelHref(model);
  return href ? (
    <Link to={href}>{model.model_name}</Link>
  ) : (
    <>{model.model_name}</>
  );
}
