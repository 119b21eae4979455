/** Okabe–Ito colours: distinguishable with the common forms of colour-vision deficiency. */
export const OKABE_ITO = {
  blue: "#0072B2",
  orange: "#E69F00",
  green: "#009E73",
  vermillion: "#D55E00",
  skyBlue: "#56B4E9",
  purple: "#CC79A7",
  yellow: "#F0E442",
  black: "#000000"
} as const;

/** Categorical order for series: strongest contrasts first. */
export const SERIES_COLOURS = [OKABE_ITO.blue, OKABE_ITO.vermillion, OKABE_ITO.green, OKABE_ITO.orange, OKABE_ITO.purple, OKABE_ITO.skyBlue];

/** One colour per claim verdict (Okabe–Ito; consistent and inconsistent are the most distinct pair). */
export const VERDICT_COLOURS = {
  consistent: OKABE_ITO.blue,
  plausible: OKABE_ITO.skyBlue,
  unverifiable: "#999999",
  inconsistent: OKABE_ITO.vermillion
} as const;
