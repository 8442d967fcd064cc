#!/bin/sh
# Builds the krew archive of kubectl-ingress2istio (the built CLI, its production
# dependencies and the launcher) and writes the krew manifest with the archive's sha256 and
# download URI filled in.
#
#   sh plugins/build-krew-archive.sh [BASE_URI]
#
# Output: dist/krew/ingress2istio-krew-vVERSION.tar.gz and dist/krew/ingress2istio.yaml.
# Install it locally without publishing anything:
#   kubectl krew install --manifest=dist/krew/ingress2istio.yaml \
#     --archive=dist/krew/ingress2istio-krew-vVERSION.tar.gz
set -eu
cd "$(dirname "$0")/.."
base_uri=${1:-RELEASE_URI}
version=v$(node -p "require('./package.json').version")
archive=ingress2istio-krew-$version.tar.gz

npm run build >/dev/null
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage/pkg/dist"
for d in dist/*; do
  if [ "$d" != dist/krew ]; then cp -R "$d" "$stage/pkg/dist/"; fi
done
cp -R bin package.json package-lock.json "$stage/pkg/"
for f in README.md LICENSE CHANGELOG.md; do
  if [ -f "$f" ]; then cp "$f" "$stage/pkg/"; fi
done
(cd "$stage/pkg" && npm ci --omit=dev --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null)

mkdir -p dist/krew
tar -C "$stage/pkg" -czf "dist/krew/$archive" .
sha=$(sha256sum "dist/krew/$archive" | cut -d' ' -f1)
sed -e "s|^\( *uri:\).*|\1 $base_uri/$archive|" \
    -e "s|^\( *sha256:\).*|\1 \"$sha\"|" \
    -e "s|^\( *version:\).*|\1 $version|" \
    plugins/ingress2istio.yaml > dist/krew/ingress2istio.yaml
echo "dist/krew/$archive"
echo "dist/krew/ingress2istio.yaml (sha256 $sha)"
