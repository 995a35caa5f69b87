/* eslint-disable */
// @ts-nocheck
// Vendored from langfuse/langfuse@62751446149b702b419a9292ddfc2280cdf74b8c, packages/shared/src/server/utils/transforms/transformStreamToJsonl.ts (MIT): see SOURCE.md. Only import paths changed.
import { Transform, type TransformCallback } from "stream";
import { stringify } from "./stringify.js";

export function transformStreamToJsonl(): Transform {
  return new Transform({
    objectMode: true,

    transform(
      row: Record<string, any>,
      encoding: BufferEncoding,
      callback: TransformCallback,
    ): void {
      this.push(stringify(row) + "\n");
      callback();
    },
  });
}
