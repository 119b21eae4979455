/** Scoring a "predict, then reveal" guess against the computed answer. */

export interface GuessScore {
  /** answer / guess for positive quantities (how many times off), or null when not meaningful. */
  factor: number | null;
  /** (guess − answer) / |answer|, or null when the answer is 0. */
  relativeError: number | null;
  verdict: "spot on" | "close" | "same order of magnitude" | "off by more than 10×";
  message: string;
}

/** Compare a guess with the answer: within 10% is spot on, within 2× close, within 10× the same order. */
export function scoreGuess(guess: number, answer: number, format: (x: number) => string = String): GuessScore {
  if (!Number.isFinite(guess) || !Number.isFinite(answer)) throw new RangeError("guess and answer must be finite numbers");
  const relativeError = answer === 0 ? null : (guess - answer) / Math.abs(answer);
  const factor = guess > 0 && answer > 0 ? Math.max(guess / answer, answer / guess) : null;
  const verdict: GuessScore["verdict"] =
    relativeError !== null && Math.abs(relativeError) <= 0.1
      ? "spot on"
      : factor !== null && factor <= 2
        ? "close"
        : factor !== null && factor <= 10
          ? "same order of magnitude"
          : relativeError === null && guess === answer
            ? "spot on"
            : "off by more than 10×";
  const direction = guess > answer ? "high" : "low";
  const how = relativeError === null ? "" : factor !== null && factor >= 2 ? `${Number(factor.toPrecision(2))}× too ${direction}` : `${Number((Math.abs(relativeError) * 100).toPrecision(2))}% too ${direction}`;
  const message = `You guessed ${format(guess)}; the computed answer is ${format(answer)}${verdict === "spot on" ? " — spot on." : how ? ` — ${how} (${verdict}).` : ` (${verdict}).`}`;
  return {factor, relativeError, verdict, message};
}
