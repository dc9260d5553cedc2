import { createTheme, darken, toRgba, type CSSVariablesResolver } from '@mantine/core';

// Calm blue, one shade darker than Mantine's default so white text on buttons meets WCAG AA (4.5:1).
export const theme = createTheme({
  // People who ask their system for less motion get no transitions (dialogs, menus) at all.
  respectReducedMotion: true,
  primaryColor: 'blue',
  primaryShade: { light: 8, dark: 5 },
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans Arabic", sans-serif',
  defaultRadius: 'md',
  focusRing: 'auto',
  autoContrast: true,
  headings: { fontWeight: '650' },
  components: {
    // Mantine cuts a long badge to one line with an ellipsis ("OVE…", "Network an…"), which loses the
    // word in longer languages and on phones: every badge wraps instead, and grows to fit.
    // (A plain object rather than Badge.extend: importing Badge here put it in every page's first load.)
    Badge: {
      styles: {
        root: {
          height: 'auto',
          minHeight: 'var(--badge-height)',
          maxWidth: '100%',
          paddingBlock: 2,
          lineHeight: 1.25,
        },
        label: { whiteSpace: 'normal', overflow: 'visible', textOverflow: 'clip', overflowWrap: 'anywhere' },
      },
    },
  },
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
 * Mantine's light/outline/dimmed colours fail WCAG AA on white or tinted backgrounds (e.g. an active
 * nav link or an alert title). In the light scheme: tint backgrounds with shades 0–1, and darken the
 * text until it reaches 4.5:1 on the hover tint.
 */
export const cssVariablesResolver: CSSVariablesResolver = (t) => {
  const light: Record<string, string> = {
    '--mantine-color-dimmed': t.colors.gray[7],
    '--mantine-color-placeholder': t.colors.gray[6],
    '--mantine-color-anchor': t.colors.blue[8],
    // Field errors: Mantine's red 6 is 3.3:1 on white; red 9 passes AA.
    '--mantine-color-error': t.colors.red[9],
  };
  for (const c of contrastColors) {
    const shades = t.colors[c];
    let text = shades[9];
    for (let step = 0.1; contrast(text, shades[1]) < 4.6 && step < 0.8; step += 0.1)
      text = darken(shades[9], step);
    light[`--mantine-color-${c}-light`] = shades[0];
    light[`--mantine-color-${c}-light-hover`] = shades[1];
    light[`--mantine-color-${c}-light-color`] = text;
    light[`--mantine-color-${c}-outline`] = text;
    light[`--mantine-color-${c}-text`] = text;
  }
  return { variables: {}, light, dark: {} };
};

function luminance(color: string): number {
  const { r, g, b } = toRgba(color);
  const [R, G, B] = [r, g, b].map((v) => {
    const c = v / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * R + 0.7152 * G + 0.0722 * B;
}

function contrast(a: string, b: string): number {
  const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
}
