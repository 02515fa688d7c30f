import {
  keepPreviousData,
  useMutation,
  useQuery,
  useQueryClient,
} from "@tanstack/react-query";

import { api, apiUrl, ApiError } from "../../api/client";
import type { Schemas } from "../../api/types";
import type { DatasetBuildRequest, DatasetSelection } from "./buildForm";

export type DatasetSummary = Schemas["DatasetSummary"];
export type DatasetDetail = Schemas["DatasetDetail"];
export type DatasetPreview = Schemas["DatasetPreview"];
export type DatasetValueCounts = Schemas["DatasetValueCounts"];

export const DATASETS_PAGE_SIZE = 20;

export const EXPORT_FORMATS = [
  {
    value: "trace",
    label: "trace",
    help: "The stored trace as sent, plus its split.",
  },
  {
    value: "tunix_sft",
    label: "tunix_sft",
    help: "Prompt and completion rendered with a chat template, for supervised fine-tuning.",
  },
  {
    value: "training_example",
    label: "training_example",
    help: "Prompt, step-by-step response and expected answer, template-free.",
  },
] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number]["value"];
export type ExportSplit = "all" | "train" | "eval";

// The chat templates of backend/tunix_rt/core/chat_templates.py (see docs/formats.md);
// the export route takes any string and answers 422 for others.
export const CHAT_TEMPLATES = ["chatml", "gemma", "llama3", "plain"] as const;

export const SAMPLE_SIZE = 3;

export function useDatasets({
  name,
  offset,
}: {
  name: string;
  offset: number;
}) {
  const query = {
    limit: DATASETS_PAGE_SIZE,
    offset,
    ...(name ? { name } : {}),
  };
  return useQuery({
    queryKey: ["datasets", "list", query],
    queryFn: ({ signal }) => api.get("/api/datasets", { query, signal }),
    placeholderData: keepPreviousData,
  });
}

export function useDataset(datasetKey: string) {
  return useQuery({
    queryKey: ["datasets", "detail", datasetKey],
    queryFn: ({ signal }) =>
      api.get("/api/datasets/{dataset_key}", {
        path: { dataset_key: datasetKey },
        signal,
      }),
    // A dataset never changes once built; a 404 will not turn into a 200 by retrying.
    staleTime: Infinity,
    retry: false,
  });
}

export function useDatasetValueCounts(datasetKey: string) {
  return useQuery({
    queryKey: ["datasets", "stats", datasetKey],
    queryFn: ({ signal }) =>
      api.get("/api/datasets/{dataset_key}/stats", {
        path: { dataset_key: datasetKey },
        signal,
      }),
    staleTime: Infinity,
  });
}

/** How many traces a selection matches and how a build would split them; null asks nothing. */
export function useDatasetPreview(selection: DatasetSelection | null) {
  return useQuery({
    queryKey: ["datasets", "preview", selection],
    queryFn: ({ signal }) =>
      api.post("/api/datasets/preview", { body: selection!, signal }),
    enabled: selection !== null,
    placeholderData: keepPreviousData,
    retry: false,
  });
}

export function useBuildDataset() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: DatasetBuildRequest) =>
      api.post("/api/datasets/build", { body }),
    onSuccess: (dataset) => {
      queryClient.setQueryData(
        ["datasets", "detail", dataset.dataset_key],
        dataset,
      );
      return queryClient.invalidateQueries({ queryKey: ["datasets", "list"] });
    },
  });
}

export type ExportOptions = {
  format: ExportFormat;
  split: ExportSplit;
  template: string;
};

/** The download address of an export. */
export function exportUrl(
  datasetKey: string,
  { format, split, template }: ExportOptions,
  limit?: number,
): string {
  return apiUrl("/api/datasets/{dataset_key}/export.jsonl", {
    path: { dataset_key: datasetKey },
    query: {
      format,
      split,
      ...(format === "tunix_sft" ? { template } : {}),
      ...(limit ? { limit } : {}),
    },
  });
}

/** NDJSON text -> one parsed object per non-empty line. */
export function parseNdjson(text: string): unknown[] {
  return text
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as unknown);
}

/** The first few lines of an export, read through the same route as the download. */
export function useExportSample(datasetKey: string, options: ExportOptions) {
  return useQuery({
    queryKey: ["datasets", "sample", datasetKey, options],
    queryFn: async ({ signal }) => {
      const response = await fetch(
        exportUrl(datasetKey, options, SAMPLE_SIZE),
        { signal },
      );
      if (!response.ok) {
        const body = (await response.json().catch(() => null)) as {
          detail?: unknown;
        } | null;
        const detail = body?.detail ?? null;
        throw new ApiError(
          response.status,
          detail,
          typeof detail === "string"
            ? detail
            : `${response.status} ${response.statusText}`.trim(),
          body,
        );
      }
      return parseNdjson(await response.text());
    },
    staleTime: Infinity,
  });
}
