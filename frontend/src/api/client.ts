import type {
  GetPath,
  GetQuery,
  GetResponse,
  Method,
  Operation,
  PathOf,
  RequestOptions,
  ResponseBody,
} from "./types";

/** A non-2xx answer from the backend, carrying its whole JSON body (`detail` and extras). */
export class ApiError extends Error {
  readonly status: number;
  readonly detail: unknown;
  readonly body: unknown;

  constructor(
    status: number,
    detail: unknown,
    message: string,
    body?: unknown,
  ) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.detail = detail;
    this.body = body ?? null;
  }
}

type ValidationItem = { field?: unknown; loc?: unknown; msg?: unknown };

function validationItems(detail: unknown): ValidationItem[] {
  if (!Array.isArray(detail)) return [];
  return detail.filter(
    (item: unknown): item is ValidationItem =>
      item !== null && typeof item === "object" && "msg" in item,
  );
}

/** Turn FastAPI's `detail` (a string, or a list of validation errors) into one line. */
function describeDetail(detail: unknown): string | null {
  if (typeof detail === "string") return detail;
  const items = validationItems(detail);
  if (items.length === 0) return null;
  return items
    .map((item) =>
      typeof item.field === "string" && item.field !== "body"
        ? `${item.field}: ${String(item.msg)}`
        : String(item.msg),
    )
    .join("; ");
}

/**
 * The API's 422 validation errors by field path ("config.learning_rate", "steps[0].content"),
 * so forms can show each message beside its field. Other errors give an empty map.
 */
export function fieldErrors(error: unknown): Record<string, string> {
  if (!(error instanceof ApiError)) return {};
  const out: Record<string, string> = {};
  for (const item of validationItems(error.detail)) {
    const field = typeof item.field === "string" ? item.field : "body";
    out[field] = out[field]
      ? `${out[field]}; ${String(item.msg)}`
      : String(item.msg);
  }
  return out;
}

/** A message for any error a query or mutation can throw. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
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
    throw new ApiError(response.status, detail, message, body);
  }
  return body as T;
}

/** `path` with `query` appended; null and undefined values are left out, arrays repeat the key. */
export function withQuery(path: string, query?: object): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    for (const item of Array.isArray(value) ? (value as unknown[]) : [value]) {
      if (item !== null && item !== undefined && item !== "")
        params.append(key, String(item));
    }
  }
  const search = params.toString();
  return search === "" ? path : `${path}?${search}`;
}

/** "/api/tunix/runs/{run_id}" with `{run_id: "a b"}` -> "/api/tunix/runs/a%20b". */
export function fillPath(path: string, params?: object): string {
  const values = (params ?? {}) as Record<string, string | number | undefined>;
  return path.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined || value === null) {
      throw new Error(`${path}: missing path parameter ${name}`);
    }
    return encodeURIComponent(String(value));
  });
}

/** The URL of a route, for links and downloads (`<a href>`), checked against the schema. */
export function apiUrl<P extends PathOf<"get">>(
  path: P,
  options: Omit<RequestOptions<Operation<"get", P>>, "body" | "signal">,
): string {
  return withQuery(
    fillPath(path, options.path),
    options.query as object | undefined,
  );
}

/** Call a route of the backend's schema; the path, params, body and answer are all typed. */
export function apiRequest<M extends Method, P extends PathOf<M>>(
  method: M,
  path: P,
  options: RequestOptions<Operation<M, P>>,
): Promise<ResponseBody<Operation<M, P>>> {
  const url = withQuery(
    fillPath(path, options.path),
    options.query as object | undefined,
  );
  const init: RequestInit = {
    method: method.toUpperCase(),
    signal: options.signal ?? null,
  };
  if (options.body !== undefined) {
    init.body = JSON.stringify(options.body);
    init.headers = { "Content-Type": "application/json" };
  }
  return apiFetch(url, init);
}

function caller<M extends Method>(method: M) {
  return <P extends PathOf<M>>(
    path: P,
    options: RequestOptions<Operation<M, P>>,
  ) => apiRequest(method, path, options);
}

/** Typed shorthands: `api.get("/api/tunix/runs/{run_id}", { path: { run_id } })`. */
export const api = {
  get: caller("get"),
  post: caller("post"),
  put: caller("put"),
  patch: caller("patch"),
  delete: caller("delete"),
};

/** GET a route without path parameters (kept for the simplest callers). */
export function apiGet<P extends GetPath>(
  path: P,
  options: { query?: GetQuery<P>; signal?: AbortSignal } = {},
): Promise<GetResponse<P>> {
  return apiFetch<GetResponse<P>>(
    withQuery(path, options.query as object | undefined),
    {
      signal: options.signal ?? null,
    },
  );
}
