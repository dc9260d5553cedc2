import { createTheme, type CSSVariablesResolver } from '@mantine/core';

// Calm blue, one shade darker than Mantine's default so white text on buttons meets WCAG AA (4.5:1).
export const theme = createTheme({
  primaryColor: 'blue',
  primaryShade: { light: 8, dark: 5 },
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans Arabic", sans-serif',
  defaultRadius: 'md',
  focusRing: 'auto',
  autoContrast: true,
  headings: { fontWeight: '650' },
});

const contrastColors = [
  'blue',
  'red',
  'green',
  'teal',
  'orange',
  'yellow',
  'gray',
  'grape',
  'violet',
  'indigo',
  'cyan',
];

/**
 * Mantine's light/outline/dimmed text uses shade 6, which fails AA contrast on white or tinted
 * backgrounds; darken them for the light scheme.
 */
export const cssVariablesResolver: CSSVariablesResolver = (t) => {
  const light: Record<string, string> = {
    '--mantine-color-dimmed': t.colors.gray[7],
    '--mantine-color-placeholder': t.colors.gray[6],
    '--mantine-color-anchor': t.colors.blue[8],
  };
  for (const c of contrastColors) {
    light[`--mantine-color-${c}-light-color`] = t.colors[c][9];
    light[`--mantine-color-${c}-outline`] = t.colors[c][9];
    light[`--mantine-color-${c}-text`] = t.colors[c][9];
  }
  return { variables: {}, light, dark: {} };
};
