import { fieldErrors } from "../../api/client";
import { ErrorNotice } from "../../components/QueryState";
import { placeErrors } from "./forms";

type Props = {
  title: string;
  error: unknown;
  /** The form's fields: validation messages for these are shown beside them instead. */
  fields: readonly string[];
};

/** A failed submit's error, less what the form shows beside its fields. */
export function FormError({ title, error, fields }: Props) {
  if (!error) return null;
  const apiErrors = fieldErrors(error);
  if (Object.keys(apiErrors).length === 0)
    return <ErrorNotice title={title} error={error} />;
  const { unplaced } = placeErrors(apiErrors, fields);
  return unplaced ? (
    <ErrorNotice title={title} error={new Error(unplaced)} />
  ) : null;
}
