// Every expression a strategy layer holds, walked in one place: the loader checks each against the signal
// catalogue (naming its key path), the engine compiles each. A new expression field is added here only.
import type { LayerSpec } from './schema.js';

/** A layer's expressions, each mapped to a T (a parse check, a compiled condition, ...); null where unset. */
export interface LayerExpressions<T> {
  trigger: T;
  /** Per choice of `use`: its `when`, and the calendar switch of a VIX call. */
  choiceWhen: (T | null)[];
  calendarWhen: (T | null)[];
  /** Per entry of `scale`. */
  scaleWhen: T[];
  exitWhen: T | null;
}

/** Maps each expression of `layer` with `f`, given the expression and its key path inside the layer. */
export function mapLayerExpressions<T>(
  layer: LayerSpec,
  f: (expr: string, keyPath: string) => T,
): LayerExpressions<T> {
  const trigger = f(layer.trigger, 'trigger');
  const choiceWhen: (T | null)[] = [];
  const calendarWhen: (T | null)[] = [];
  layer.use.forEach((c, j) => {
    choiceWhen.push(c.when === null ? null : f(c.when, `use[${j}].when`));
    calendarWhen.push(
      c.instrument.type === 'vix_call' && c.instrument.calendar
        ? f(c.instrument.calendar.when, `use[${j}].instrument.calendar.when`)
        : null,
    );
  });
  const scaleWhen = layer.scale.map((s, j) => f(s.when, `scale[${j}].when`));
  const exitWhen = layer.exits.when === null ? null : f(layer.exits.when, 'exits.when');
  return { trigger, choiceWhen, calendarWhen, scaleWhen, exitWhen };
}
