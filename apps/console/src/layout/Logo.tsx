import type { Brand } from "./branding";

/** The region's logo when its file names one (served by the API), else the product mark, inline SVG (no network). */
export function Logo({ brand, size = 28 }: { brand: Brand; size?: number }) {
  if (brand.logoUrl)
    return <img src={brand.logoUrl} width={size} height={size} alt={brand.name} style={{ objectFit: "contain", display: "block" }} />;
  return (
    <svg width={size} height={size} viewBox="0 0 32 32" role="img" aria-label={brand.name}>
      <rect width="32" height="32" rx="7" fill="#1e3a8a" />
      <g fill="#fff">
        <rect x="6" y="17" width="4" height="9" rx="1" />
        <rect x="12" y="12" width="4" height="14" rx="1" />
        <rect x="18" y="8" width="4" height="18" rx="1" />
      </g>
      <rect x="24" y="14" width="2.5" height="12" rx="1" fill="#5eead4" />
    </svg>
  );
}
