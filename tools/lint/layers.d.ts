// Types for the layer rule's table, so the rule's own test is type-checked.
export interface Layer {
  name: string;
  prefix: string;
  files?: string[];
  why: string;
  layers: string[];
  packages: string[];
}
export const LAYERS: Layer[];
export function layerOf(rel: string): Layer | undefined;
export const layerRules: unknown[];
export const layersPlugin: unknown;
export const layersByName: Map<string, Layer>;
