/**
 * A file that cannot be taken in. `unreadable`: not a GeoTIFF, broken or
 * truncated; `unsupported`: a valid file whose layout or CRS this engine cannot
 * handle correctly (refused rather than given a wrong footprint); `too-large`:
 * beyond the configured limits.
 */
export class ImageryError extends Error {
  constructor(
    readonly code: "unreadable" | "unsupported" | "too-large",
    message: string,
  ) {
    super(code === "unsupported" ? `unsupported: ${message}` : message);
    this.name = "ImageryError";
  }

  /** The same error naming the file: "unsupported: FILE: what" or "FILE: what". */
  forFile(file: string): ImageryError {
    return new ImageryError(this.code, `${file}: ${this.message.replace(/^unsupported: /, "")}`);
  }
}
