// A module resolve hook for the storage benchmarks: `@jipan/<package>` resolves to that package's
// sources, so `npm run bench` needs no build and every module sees one copy of each package.
export async function resolve(specifier, context, next) {
  const match = /^@jipan\/([a-z-]+)$/.exec(specifier)
  if (match !== null) return next(new URL(`../../${match[1]}/src/index.ts`, import.meta.url).href, context)
  return next(specifier, context)
}
