// Every npm script must run on the Node 24 pinned as a devDependency (`node` in package.json: its
// preinstall fetches the binary, and npm scripts and npx put node_modules/.bin first on PATH);
// a skipped preinstall (npm ci --ignore-scripts) silently falls back to the system Node.
const major = Number(process.versions.node.split(".")[0])
if (major < 24) {
  console.error(
    `Node ${process.version} is on PATH; expected the pinned Node 24 from node_modules/.bin. ` +
      "Run `npm ci` (without --ignore-scripts) and use npm scripts or npx."
  )
  process.exit(1)
}
