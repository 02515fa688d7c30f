/**
 * Names for the types generated from the backend's OpenAPI schema (schema.d.ts, written by
 * `make api-types`), so that a renamed backend field or route breaks the build.
 */
import type { components, paths } from "./schema";

/** Every model the backend declares, by its OpenAPI name, e.g. `Schemas["TraceSummary"]`. */
export type Schemas = components["schemas"];

/** Routes that answer GET and take no path parameters, e.g. "/api/traces". */
export type GetPath = {
  [P in keyof paths]: paths[P] extends { get: { parameters: { path?: never } } }
    ? P
    : never;
}[keyof paths];

type GetOperation<P extends GetPath> = paths[P] extends { get: infer Op }
  ? Op
  : never;

/** The query parameters GET `P` accepts. */
export type GetQuery<P extends GetPath> =
  GetOperation<P> extends { parameters: { query?: infer Query extends object } }
    ? Query
    : never;

/** The JSON body of GET `P`'s 200 answer. */
export type GetResponse<P extends GetPath> =
  GetOperation<P> extends {
    responses: { 200: { content: { "application/json": infer Body } } };
  }
    ? Body
    : never;
