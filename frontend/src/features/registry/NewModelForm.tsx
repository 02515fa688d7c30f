import { useState, type FormEvent } from "react";
import { useNavigate } from "react-router";

import { Field } from "../../components/Field";
import { useCreateModel } from "./api";
import { FormError } from "./FormError";
import {
  formFieldErrors,
  parseTags,
  validateNewModel,
  type Errors,
  type NewModelForm as Form,
} from "./forms";

const FIELDS = ["name", "description", "tags"] as const;

/** Create a model (a name that versions are promoted into); opens its page on success. */
export function NewModelForm({ onCancel }: { onCancel: () => void }) {
  const [form, setForm] = useState<Form>({
    name: "",
    description: "",
    tags: "",
  });
  const [local, setLocal] = useState<Errors>({});
  const create = useCreateModel();
  const navigate = useNavigate();
  const errors = formFieldErrors(local, create.error, FIELDS);

  const set = (change: Partial<Form>) => setForm((f) => ({ ...f, ...change }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const found = validateNewModel(form);
    setLocal(found);
    if (Object.keys(found).length > 0) return;
    create.mutate(
      {
        name: form.name.trim(),
        description: form.description,
        tags: parseTags(form.tags),
      },
      { onSuccess: (model) => void navigate(`/models/${model.name}`) },
    );
  };

  return (
    <form className="form" onSubmit={submit} aria-label="New model" noValidate>
      <div className="form-grid">
        <Field
          label="Name"
          help="Lowercase letters, digits, '.', '_' or '-'; used in registry://name@version."
          error={errors.name}
        >
          <input
            value={form.name}
            onChange={(e) => set({ name: e.target.value })}
            autoComplete="off"
            spellCheck={false}
            required
          />
        </Field>
        <Field
          label="Tags"
          help="Comma-separated, e.g. math, arith."
          error={errors.tags}
        >
          <input
            value={form.tags}
            onChange={(e) => set({ tags: e.target.value })}
            autoComplete="off"
          />
        </Field>
      </div>
      <Field label="Description" error={errors.description}>
        <textarea
          rows={2}
          value={form.description}
          onChange={(e) => set({ description: e.target.value })}
        />
      </Field>
      <FormError
        title="Could not create the model"
        error={create.error}
        fields={FIELDS}
      />
      <div className="registry-actions">
        <button
          type="submit"
          className="button button-primary"
          disabled={create.isPending}
        >
          {create.isPending ? "Creating…" : "Create model"}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
