#!/usr/bin/env bash
# Installs Debian's chromium and chromium-driver for the browser tests when they are missing
# and this user may install packages; otherwise says so (the tests then skip, or fail under CI).
set -u
if command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" -eq 0 ]; then
  SUDO=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  SUDO="sudo -n"
else
  echo "ensure-browser: chromium/chromedriver missing and cannot install them (not root, no sudo)." >&2
  echo "ensure-browser: install the Debian packages 'chromium chromium-driver' to run the browser tests." >&2
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure-browser: no apt-get here; install Chromium and its driver by hand for the browser tests." >&2
  exit 0
fi
echo "ensure-browser: installing chromium and chromium-driver with apt-get"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium chromium-driver >/dev/null
