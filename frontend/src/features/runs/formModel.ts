/**
 * The new-run form's values, defaults and help, and how they become a RunCreate body.
 * Defaults are the backend's (TrainConfig and RunCreate in tunix_runs/schemas.py; a test
 * checks them against openapi.json), so an untouched form asks for exactly the API defaults.
 */
import { ApiError, fieldErrors } from "../../api/client";
import type { Schemas } from "../../api/types";
import type { RunCreate } from "./api";

/** A RunCreate body with its config spelled out in full. */
export type RunCreateBody = RunCreate & { config: Schemas["TrainConfig"] };

export type ModelSource = "preset" | "checkpoint" | "registry";

export const PRESETS = [
  {
    value: "tiny",
    label: "tiny: 2 layers, 0.6 M parameters (CPU, about a minute)",
  },
  {
    value: "small",
    label: "small: 6 layers, 11 M parameters (for accelerators)",
  },
] as const;

export const TEMPLATES = ["chatml", "gemma", "llama3", "plain"] as const;
export const SCHEDULES = ["cosine", "linear", "constant"] as const;
export const DEVICES = ["auto", "cpu", "gpu", "tpu"] as const;

/** Every control of the form; numbers stay text so that an empty box can mean "none". */
export type RunFormValues = {
  dataset_key: string;
  model_source: ModelSource;
  preset: string;
  checkpoint: string;
  registry_ref: string;
  template: string;
  system: string;
  learning_rate: string;
  schedule: string;
  warmup_ratio: string;
  weight_decay: string;
  max_grad_norm: string;
  batch_size: string;
  gradient_accumulation_steps: string;
  max_seq_length: string;
  num_epochs: string;
  max_steps: string;
  seed: string;
  eval_every_n_steps: string;
  checkpoint_every_n_steps: string;
  keep_checkpoints: string;
  device: string;
  lora: boolean;
  lora_rank: string;
  lora_alpha: string;
  lora_target_modules: string;
  mesh_fsdp: string;
  mesh_tp: string;
  priority: string;
  timeout_s: string;
  max_attempts: string;
  dry_run: boolean;
  auto_evaluate: boolean;
};

/** The backend's TrainConfig defaults (null: the key is optional and unset). */
export const TRAIN_DEFAULTS = {
  model: "tiny",
  template: "chatml",
  system: null,
  learning_rate: 0.003,
  warmup_ratio: 0.05,
  schedule: "cosine",
  weight_decay: 0,
  max_grad_norm: 1,
  batch_size: 32,
  gradient_accumulation_steps: 1,
  max_seq_length: 128,
  num_epochs: 1,
  max_steps: null,
  seed: 0,
  eval_every_n_steps: 100,
  checkpoint_every_n_steps: 100,
  keep_checkpoints: 2,
  device: "auto",
} as const;

export const LORA_DEFAULTS = {
  rank: 8,
  alpha: 16,
  target_modules: ".*(q_proj|k_proj|v_proj|o_proj).*",
} as const;

export const MESH_DEFAULTS = { fsdp: 1, tp: 1 } as const;

/** RunCreate's own defaults besides the config. */
export const RUN_DEFAULTS = {
  dry_run: false,
  priority: 0,
  timeout_s: null,
  max_attempts: 3,
} as const;

const text = (value: number | null) => (value === null ? "" : String(value));

export function defaultValues(datasetKey = ""): RunFormValues {
  const t = TRAIN_DEFAULTS;
  return {
    dataset_key: datasetKey,
    model_source: "preset",
    preset: t.model,
    checkpoint: "",
    registry_ref: "",
    template: t.template,
    system: "",
    learning_rate: text(t.learning_rate),
    schedule: t.schedule,
    warmup_ratio: text(t.warmup_ratio),
    weight_decay: text(t.weight_decay),
    max_grad_norm: text(t.max_grad_norm),
    batch_size: text(t.batch_size),
    gradient_accumulation_steps: text(t.gradient_accumulation_steps),
    max_seq_length: text(t.max_seq_length),
    num_epochs: text(t.num_epochs),
    max_steps: text(t.max_steps),
    seed: text(t.seed),
    eval_every_n_steps: text(t.eval_every_n_steps),
    checkpoint_every_n_steps: text(t.checkpoint_every_n_steps),
    keep_checkpoints: text(t.keep_checkpoints),
    device: t.device,
    lora: false,
    lora_rank: text(LORA_DEFAULTS.rank),
    lora_alpha: text(LORA_DEFAULTS.alpha),
    lora_target_modules: LORA_DEFAULTS.target_modules,
    mesh_fsdp: text(MESH_DEFAULTS.fsdp),
    mesh_tp: text(MESH_DEFAULTS.tp),
    priority: text(RUN_DEFAULTS.priority),
    timeout_s: text(RUN_DEFAULTS.timeout_s),
    max_attempts: text(RUN_DEFAULTS.max_attempts),
    dry_run: RUN_DEFAULTS.dry_run,
    auto_evaluate: false,
  };
}

type NumericKey = {
  [K in keyof RunFormValues]: RunFormValues[K] extends string ? K : never;
}[keyof RunFormValues];

/** A numeric hyperparameter: its label, help, where the API reports it, and input hints. */
export type NumberParam = {
  key: NumericKey;
  /** The field path of the API's 422 messages, e.g. "config.learning_rate". */
  path: string;
  label: string;
  help: string;
  /** An empty box is allowed and sends null (what it means is in the help). */
  optional?: boolean;
  integer?: boolean;
  min?: number;
  max?: number;
};

/** Optimisation and length of the run (docs/training.md, "Training configuration"). */
export const HYPERPARAMETERS: readonly NumberParam[] = [
  {
    key: "learning_rate",
    path: "config.learning_rate",
    label: "Learning rate",
    help: "Peak learning rate of AdamW (β 0.9/0.98); above 0, at most 10.",
    min: 0,
    max: 10,
  },
  {
    key: "warmup_ratio",
    path: "config.warmup_ratio",
    label: "Warmup ratio",
    help: "Fraction of the steps spent warming up linearly from 0; 0 to below 1.",
    min: 0,
    max: 1,
  },
  {
    key: "weight_decay",
    path: "config.weight_decay",
    label: "Weight decay",
    help: "Decoupled weight decay on matrices (not norms or biases); 0 or more.",
    min: 0,
  },
  {
    key: "max_grad_norm",
    path: "config.max_grad_norm",
    label: "Max gradient norm",
    help: "Global-norm clipping of the accumulated gradient; empty: no clipping.",
    optional: true,
    min: 0,
  },
  {
    key: "batch_size",
    path: "config.batch_size",
    label: "Batch size",
    help: "Examples per micro-batch (1–4096); must divide by the mesh's FSDP size.",
    integer: true,
    min: 1,
    max: 4096,
  },
  {
    key: "gradient_accumulation_steps",
    path: "config.gradient_accumulation_steps",
    label: "Gradient accumulation steps",
    help: "Micro-batches per optimizer update (1–1024).",
    integer: true,
    min: 1,
    max: 1024,
  },
  {
    key: "max_seq_length",
    path: "config.max_seq_length",
    label: "Max sequence length",
    help: "Tokens per example (8–131072); longer examples are cut, with a warning.",
    integer: true,
    min: 8,
    max: 131072,
  },
  {
    key: "num_epochs",
    path: "config.num_epochs",
    label: "Epochs",
    help: "Length of the run in passes over the training data; may be fractional.",
    min: 0,
  },
  {
    key: "max_steps",
    path: "config.max_steps",
    label: "Max steps",
    help: "Length in optimizer updates; wins over epochs. Empty: use epochs.",
    optional: true,
    integer: true,
    min: 1,
  },
  {
    key: "seed",
    path: "config.seed",
    label: "Seed",
    help: "Seeds model init, LoRA init and the data order.",
    integer: true,
  },
  {
    key: "eval_every_n_steps",
    path: "config.eval_every_n_steps",
    label: "Evaluate every N steps",
    help: "Eval-split loss interval; also at the start and at the end.",
    integer: true,
    min: 1,
  },
  {
    key: "checkpoint_every_n_steps",
    path: "config.checkpoint_every_n_steps",
    label: "Checkpoint every N steps",
    help: "Checkpoint interval; also at the end and when cancelled.",
    integer: true,
    min: 1,
  },
  {
    key: "keep_checkpoints",
    path: "config.keep_checkpoints",
    label: "Checkpoints kept",
    help: "How many of the newest checkpoints are kept.",
    integer: true,
    min: 1,
  },
];

export const LORA_PARAMS: readonly NumberParam[] = [
  {
    key: "lora_rank",
    path: "config.lora.rank",
    label: "LoRA rank",
    help: "Rank of the adapter matrices (1–1024).",
    integer: true,
    min: 1,
    max: 1024,
  },
  {
    key: "lora_alpha",
    path: "config.lora.alpha",
    label: "LoRA alpha",
    help: "Adapter scale; updates are multiplied by alpha / rank.",
    min: 0,
  },
];

export const SCHEDULING_PARAMS: readonly NumberParam[] = [
  {
    key: "mesh_fsdp",
    path: "config.mesh.fsdp",
    label: "Mesh FSDP",
    help: "Devices the batch and the weights are sharded over.",
    integer: true,
    min: 1,
  },
  {
    key: "mesh_tp",
    path: "config.mesh.tp",
    label: "Mesh TP",
    help: "Devices the weights are split over (tensor parallel).",
    integer: true,
    min: 1,
  },
  {
    key: "priority",
    path: "priority",
    label: "Priority",
    help: "−100 to 100; the worker takes higher priorities first.",
    integer: true,
    min: -100,
    max: 100,
  },
  {
    key: "timeout_s",
    path: "timeout_s",
    label: "Timeout (seconds)",
    help: "The run is stopped after this long. Empty: no limit.",
    optional: true,
    min: 0,
  },
  {
    key: "max_attempts",
    path: "max_attempts",
    label: "Max attempts",
    help: "Tries when a worker dies mid-run; a retry resumes from the last checkpoint (1–20).",
    integer: true,
    min: 1,
    max: 20,
  },
];

/** Text to a JSON number; empty is null (the API says whether that is allowed). */
function numberOrNull(value: string): number | null {
  const trimmed = value.trim();
  if (trimmed === "") return null;
  const parsed = Number(trimmed);
  return Number.isFinite(parsed) ? parsed : null;
}

export function modelOf(values: RunFormValues): string {
  if (values.model_source === "checkpoint") return values.checkpoint.trim();
  if (values.model_source === "registry") return values.registry_ref.trim();
  return values.preset;
}

/**
 * The POST /api/tunix/runs body. Required numbers left empty are sent as null so that the
 * API's message for them appears beside the field, rather than a default being used silently.
 */
export function toRunCreate(values: RunFormValues): RunCreateBody {
  const n = (key: NumericKey) => numberOrNull(values[key]) as number;
  const config: Schemas["TrainConfig"] = {
    model: modelOf(values),
    template: values.template,
    system: values.system.trim() === "" ? null : values.system,
    learning_rate: n("learning_rate"),
    warmup_ratio: n("warmup_ratio"),
    schedule: values.schedule as (typeof SCHEDULES)[number],
    weight_decay: n("weight_decay"),
    max_grad_norm: numberOrNull(values.max_grad_norm),
    batch_size: n("batch_size"),
    gradient_accumulation_steps: n("gradient_accumulation_steps"),
    max_seq_length: n("max_seq_length"),
    num_epochs: n("num_epochs"),
    max_steps: numberOrNull(values.max_steps),
    seed: n("seed"),
    eval_every_n_steps: n("eval_every_n_steps"),
    checkpoint_every_n_steps: n("checkpoint_every_n_steps"),
    keep_checkpoints: n("keep_checkpoints"),
    lora: values.lora
      ? {
          rank: n("lora_rank"),
          alpha: n("lora_alpha"),
          target_modules: values.lora_target_modules,
        }
      : null,
    mesh: { fsdp: n("mesh_fsdp"), tp: n("mesh_tp") },
    device: values.device as (typeof DEVICES)[number],
  };
  return {
    dataset_key: values.dataset_key,
    config,
    dry_run: values.dry_run,
    priority: n("priority"),
    timeout_s: numberOrNull(values.timeout_s),
    max_attempts: n("max_attempts"),
    auto_evaluate: values.auto_evaluate ? { split: "eval" } : null,
  };
}

const CONFIG_KEYS = new Set([...Object.keys(TRAIN_DEFAULTS), "lora", "mesh"]);

/**
 * The API's messages by form field. Besides per-field 422s, the create endpoint answers
 * some checks with one sentence that starts with what it is about ("dataset_key 'x' does
 * not exist", "model '/x' is neither a preset ..."), and config-wide checks name the key
 * first ("template must be one of ..."); those are put beside their field too.
 */
export function runFieldErrors(error: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [field, message] of Object.entries(fieldErrors(error))) {
    const about = /^(?:Value error, )?([a-z_]+)\b/.exec(message)?.[1];
    const target =
      field === "config" && about && CONFIG_KEYS.has(about)
        ? `config.${about}`
        : field;
    out[target] = out[target] ? `${out[target]}; ${message}` : message;
  }
  if (
    error instanceof ApiError &&
    error.status === 422 &&
    typeof error.detail === "string"
  ) {
    const detail = error.detail;
    if (/^dataset(_key)? /.test(detail)) out.dataset_key = detail;
    else if (/^model\b/.test(detail)) out["config.model"] = detail;
  }
  return out;
}
