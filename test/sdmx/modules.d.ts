/** The untyped clients the SDMX tests read our messages with. */
declare module "sdmx-rest" {
  const sdmxrest: { getUrl(query: Record<string, unknown>, service: { url: string; api?: string }): string };
  export default sdmxrest;
}
declare module "jsonstat-toolkit" {
  interface JsonStatDataset {
    class: string;
    id: string[];
    n: number;
    Dimension(id: string): { id: string[]; Category(code: string): { label: string } | null } | null;
    Data(selection: Record<string, string>): { value: number | null; status: string | null } | null;
  }
  export default function JSONstat(input: unknown): JsonStatDataset;
}
declare module "sdmx-json-parser" {
  export class SDMXParser {
    getDatasets(url: string, options?: RequestInit): Promise<unknown>;
    getName(): string;
    getDimensions(): { id: string; keyPosition: number; values: { id?: string; value?: string; name: string }[] }[];
    getObservations(): Record<string, (number | null)[]>;
    getData(filter?: Record<string, string[]>): Record<string, string | number>[];
  }
}
