#!/bin/sh
# Installs a kubectl for the kubectl-plugin test (test/cluster/kubectl-plugin.test.ts), from
# Debian's package `kubernetes-client` (Debian has no package named `kubectl`; one that is
# already installed, from any source, is kept). Does nothing when kubectl is on PATH.
set -eu
if command -v kubectl >/dev/null 2>&1; then
  kubectl version --client 2>/dev/null | head -n 1 || true
  exit 0
fi
SUDO=''
if [ "$(id -u)" -ne 0 ]; then
  SUDO='sudo'
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update
$SUDO apt-get install -y --no-install-recommends kubernetes-client
kubectl version --client 2>/dev/null | head -n 1 || true
