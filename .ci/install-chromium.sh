#!/bin/sh
# Installs Debian's chromium for the audit HTML browser test (driven by playwright-core with
# executablePath /usr/bin/chromium). Does nothing when it is already there.
set -eu
if [ -x /usr/bin/chromium ]; then
  exit 0
fi
SUDO=''
if [ "$(id -u)" -ne 0 ]; then
  SUDO='sudo'
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update
$SUDO apt-get install -y --no-install-recommends chromium fonts-dejavu-core
/usr/bin/chromium --version
