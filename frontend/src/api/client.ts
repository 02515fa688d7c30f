import type { GetPath, GetQuery, GetResponse } from "./types";

/** A non-2xx answer from the backend, carrying FastAPI's `detail` when it sent one. */
export class ApiError extends Error {
  readonly status: number;
  readonly detail: unknown;

  constructor(status: number, detail: unknown, message: string) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.detail = detail;
  }
}

/** Turn FastAPI's `detail` (a string, or a list of validation errors) into one line. */
function describeDetail(detail: unknown): string | null {
  if (typeof detail === "string") return detail;
  if (Array.isArray(detail)) {
    const messages = detail
      .map((item: unknown) =>
        item !== null && typeof item === "object" && "msg" in item
          ? String(item.msg)
          : null,
      )
      .filter((message): message is string => message !== null);
    return messages.length > 0 ? messages.join("; ") : null;
  }
  return null;
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  if (text === "") return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** Fetch `path` from the backend and return its JSON body; non-2xx answers throw ApiError. */
export async function apiFetch<T>(
  path: string,
  init?: RequestInit,
): Promise<T> {
  const response = await fetch(path, {
    ...init,
    headers: { Accept: "application/json", ...init?.headers },
  });
  const body = await readJson(response);
  if (!response.ok) {
    const detail =
      body !== null && typeof body === "object" && "detail" in body
        ? body.detail
        : body;
    const message =
      describeDetail(detail) ??
      `${response.status} ${response.statusText}`.trim();
    throw new ApiError(response.status, detail, message);
  }
  return body as T;
}

/** `path` with `query` appended; null and undefined values are left out, arrays repeat the key. */
export function withQuery(path: string, query?: object): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    for (const item of Array.isArray(value) ? (value as unknown[]) : [value]) {
      if (item !== null && item !== undefined) params.append(key, String(item));
    }
  }
  const search = params.toString();
  return search === "" ? path : `${path}?${search}`;
}

/** GET a route of the backend's schema; the path, query and answer are all checked against it. */
export function apiGet<P extends GetPath>(
  path: P,
  options: { query?: GetQuery<P>; signal?: AbortSignal } = {},
): Promise<GetResponse<P>> {
  return apiFetch<GetResponse<P>>(withQuery(path, options.query), {
    signal: options.signal ?? null,
  });
}
