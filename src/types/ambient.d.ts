// Minimal declarations for untyped packages and Framework's virtual modules.
declare module "@observablehq/inputs" {
  type Input = HTMLElement & {value: any};
  export function range(extent: [number, number], options?: Record<string, unknown>): Input;
  export function select(options: readonly unknown[], config?: Record<string, unknown>): Input;
  export function radio(options: readonly unknown[], config?: Record<string, unknown>): Input;
  export function toggle(config?: Record<string, unknown>): Input;
  export function text(config?: Record<string, unknown>): Input;
  export function button(content: unknown, config?: Record<string, unknown>): Input;
  export function table(data: unknown[], config?: Record<string, unknown>): Input;
  export function search(data: unknown[], config?: Record<string, unknown>): Input;
  export function checkbox(options: readonly unknown[], config?: Record<string, unknown>): Input;
  export function number(extent?: [number, number], config?: Record<string, unknown>): Input;
  export function form(inputs: unknown, config?: Record<string, unknown>): Input;
}
declare module "observablehq:stdlib" {
  export const FileAttachment: (name: string) => {json(): Promise<any>; csv(options?: unknown): Promise<any[]>; text(): Promise<string>};
}
