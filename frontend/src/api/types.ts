/**
 * Names for the types generated from the backend's OpenAPI schema (schema.d.ts, written by
 * `make api-types`), so that a renamed backend field or route breaks the build.
 */
import type { components, paths } from "./schema";

/** Every model the backend declares, by its OpenAPI name, e.g. `Schemas["TraceSummary"]`. */
export type Schemas = components["schemas"];

export type Method = "get" | "post" | "put" | "patch" | "delete";

/** Routes that answer `M`, e.g. `PathOf<"post">` includes "/api/traces". */
export type PathOf<M extends Method> = {
  [P in keyof paths]: paths[P] extends { [K in M]: object } ? P : never;
}[keyof paths];

/** The operation behind `M P`. */
export type Operation<
  M extends Method,
  P extends PathOf<M>,
> = paths[P] extends {
  [K in M]: infer Op;
}
  ? Op
  : never;

type ParamsOf<Op> = Op extends { parameters: infer Params } ? Params : never;

/** `{run_id: string}` for "/api/tunix/runs/{run_id}"; undefined when the path has none. */
export type PathParams<Op> =
  ParamsOf<Op> extends { path: infer Path extends object } ? Path : undefined;

/** The query parameters an operation accepts; undefined when it takes none. */
export type QueryParams<Op> =
  ParamsOf<Op> extends { query?: infer Query }
    ? [Query] extends [undefined]
      ? undefined
      : Query
    : undefined;

/** The JSON body an operation takes; undefined when it takes none. */
export type RequestBody<Op> = Op extends {
  requestBody?: { content: { "application/json": infer Body } };
}
  ? Body
  : undefined;

type JsonOf<Answer> = Answer extends {
  content: { "application/json": infer Body };
}
  ? Body
  : null;

/** The JSON body of an operation's success answer (200, 201 or 202). */
export type ResponseBody<Op> = Op extends { responses: infer Answers }
  ? JsonOf<Answers[Extract<keyof Answers, 200 | 201 | 202>]>
  : never;

/** What a call of `M P` takes besides the path: path params are required when it has any. */
export type RequestOptions<Op> = (PathParams<Op> extends undefined
  ? { path?: undefined }
  : { path: PathParams<Op> }) & {
  query?: QueryParams<Op>;
  body?: RequestBody<Op>;
  signal?: AbortSignal;
};

/** Routes that answer GET and take no path parameters, e.g. "/api/traces". */
export type GetPath = {
  [P in PathOf<"get">]: PathParams<Operation<"get", P>> extends undefined
    ? P
    : never;
}[PathOf<"get">];

/** The query parameters GET `P` accepts. */
export type GetQuery<P extends PathOf<"get">> = QueryParams<
  Operation<"get", P>
>;

/** The JSON body of GET `P`'s 200 answer. */
export type GetResponse<P extends PathOf<"get">> = ResponseBody<
  Operation<"get", P>
>;
