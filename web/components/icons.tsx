import type { ComponentType } from 'react';

/** A navigation/menu icon: decorative (aria-hidden), sized in px, drawn in the current text colour. */
export type Icon = ComponentType<{ size?: number }>;

/**
 * A 24×24 outline icon from SVG path data (no icon library: a few hundred bytes per icon, and a
 * module brings its own). `mirror` flips it in right-to-left languages (arrows that mean "forward").
 */
export function svgIcon(paths: readonly string[], options: { mirror?: boolean } = {}): Icon {
  function SvgIcon({ size = 18 }: { size?: number }) {
    return (
      <svg
        width={size}
        height={size}
        viewBox="0 0 24 24"
        fill="none"
        stroke="currentColor"
        strokeWidth={1.8}
        strokeLinecap="round"
        strokeLinejoin="round"
        aria-hidden="true"
        focusable="false"
        className={options.mirror ? 'lpn-icon-mirror' : undefined}
        style={{ flexShrink: 0 }}
      >
        {paths.map((d) => (
          <path key={d} d={d} />
        ))}
      </svg>
    );
  }
  return SvgIcon;
}

const circle = (cx: number, cy: number, r: number) =>
  `M${cx - r} ${cy}a${r} ${r} 0 1 0 ${2 * r} 0a${r} ${r} 0 1 0 ${-2 * r} 0`;

/** Icons the shell itself uses (account menu). Modules define their own in their descriptor. */
export const AccountIcon = svgIcon([circle(12, 12, 9), circle(12, 10, 3), 'M6.2 18.8a6 6 0 0 1 11.6 0']);
export const LockIcon = svgIcon(['M5 11h14v10H5z', 'M8 11V7a4 4 0 0 1 8 0v4', 'M12 15v2']);
export const SignOutIcon = svgIcon(
  ['M14 8V6a2 2 0 0 0-2-2H5a2 2 0 0 0-2 2v12a2 2 0 0 0 2 2h7a2 2 0 0 0 2-2v-2', 'M9 12h12', 'M18 9l3 3-3 3'],
  { mirror: true },
);
export const GlobeIcon = svgIcon([
  circle(12, 12, 9),
  'M3 12h18',
  'M12 3a14 14 0 0 1 0 18',
  'M12 3a14 14 0 0 0 0 18',
]);
export const CheckIcon = svgIcon(['M5 12l5 5 9-10']);
export const ChevronDownIcon = svgIcon(['M6 9l6 6 6-6']);
export { circle as circlePath };
