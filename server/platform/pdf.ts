import { createRequire } from 'node:module';
import path from 'node:path';

type Pdfmake = typeof import('pdfmake');

const require = createRequire(import.meta.url);
let loading: Promise<Pdfmake> | undefined;

/**
 * pdfmake with the app's fonts, loaded on the first export rather than at start: pdfmake and its
 * font engine hold about 26 MB, which a server that never exports a PDF should not carry. Fonts:
 * Roboto (pdfmake's own) for Latin and Cyrillic, Noto Naskh Arabic (shaped, right to left) for
 * Arabic, read from node_modules; nothing downloads, and no other file or URL may be read.
 */
export function loadPdfmake(): Promise<Pdfmake> {
  loading ??= import('pdfmake').then((module) => {
    // A CommonJS package: its exports arrive as the default export.
    const pdfmake = (module as unknown as { default: Pdfmake }).default;
    const robotoFonts = require('pdfmake/fonts/Roboto.js') as Record<string, Record<string, string>>;
    const fontDir = path.dirname(robotoFonts.Roboto.normal);
    const naskhDir = path.dirname(require.resolve('@expo-google-fonts/noto-naskh-arabic/package.json'));
    const naskh = {
      normal: path.join(naskhDir, '400Regular/NotoNaskhArabic_400Regular.ttf'),
      bold: path.join(naskhDir, '700Bold/NotoNaskhArabic_700Bold.ttf'),
      italics: path.join(naskhDir, '400Regular/NotoNaskhArabic_400Regular.ttf'),
      bolditalics: path.join(naskhDir, '700Bold/NotoNaskhArabic_700Bold.ttf'),
    };
    pdfmake.setFonts({ ...robotoFonts, Naskh: naskh });
    pdfmake.setLocalAccessPolicy((file: string) => {
      const resolved = path.resolve(file);
      return resolved.startsWith(fontDir) || resolved.startsWith(naskhDir);
    });
    pdfmake.setUrlAccessPolicy(() => false);
    return pdfmake;
  });
  return loading;
}
