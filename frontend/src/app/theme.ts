import { createTheme, Notification } from '@mantine/core';

export const theme = createTheme({
  primaryColor: 'indigo',
  // Shade 8: white text on it passes WCAG AA contrast (shade 6 does not).
  primaryShade: { light: 8, dark: 6 },
  defaultRadius: 'sm',
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
  fontFamilyMonospace: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace',
  components: {
    // A titled notification's text is gray.6 by default, below WCAG AA on white.
    Notification: Notification.extend({
      styles: { description: { color: 'var(--mantine-color-gray-8)' } },
    }),
  },
});
