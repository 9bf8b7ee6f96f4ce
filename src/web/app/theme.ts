import { Badge, createTheme, type CSSVariablesResolver, type MantineColorsTuple } from '@mantine/core';

// A deep red whose shade 7 carries white text and sits on white at better than 4.5:1 (WCAG AA).
const brand: MantineColorsTuple = [
  '#ffebee',
  '#ffcdd2',
  '#ef9a9a',
  '#e57373',
  '#ef5350',
  '#e53935',
  '#d32f2f',
  '#b71c1c',
  '#9a1515',
  '#7f0e0e',
];

export const theme = createTheme({
  primaryColor: 'brand',
  primaryShade: { light: 7, dark: 4 },
  colors: { brand },
  fontFamily:
    'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans Arabic", "Noto Sans Devanagari", sans-serif',
  defaultRadius: 'md',
  focusRing: 'auto',
  cursorType: 'pointer',
  components: {
    // Mantine's light badges put mid-tone text on a pale tint (about 3.8:1); dark text keeps the
    // tint as the colour cue and reaches AA.
    Badge: Badge.extend({
      styles: (_theme, props) =>
        props.variant === 'light' ? { label: { color: 'var(--mantine-color-dark-7)' } } : {},
    }),
  },
});

// Mantine's "dimmed" grey is below 4.5:1 on white; a darker one keeps secondary text readable.
export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: { '--mantine-color-dimmed': '#555c63' },
  dark: { '--mantine-color-dimmed': '#adb5bd' },
});
