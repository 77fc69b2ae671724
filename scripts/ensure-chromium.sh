#!/usr/bin/env bash
# Installs Debian's Chromium and ChromeDriver for the browser test when they are missing.
# Without root or apt the browser test is skipped with a reason; nothing else depends on it.
set -u
if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver) >/dev/null 2>&1 \
    || echo "ensure-chromium: could not install chromium; browser tests will be skipped" >&2
else
  echo "ensure-chromium: not root or no apt-get; browser tests will be skipped" >&2
fi
exit 0
