// Who wrote a derived file (a COG, a public tile, an image chip): the imagery
// engine's name and version, recorded with each file's parent for its lineage.
// The version is the package's (imagery/writer.test.ts checks they agree).
export const IMAGERY_WRITER = { name: "Sitewatch imagery engine", version: "0.1.0" } as const;

export const writerLabel = (): string => `${IMAGERY_WRITER.name} ${IMAGERY_WRITER.version}`;
