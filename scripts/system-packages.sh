#!/usr/bin/env bash
# Installs the Debian packages ReportForge needs when they are missing (as root), or says which
# command to run (as another user). Sourced by setup.sh and test.sh.

REPORTFORGE_DEBIAN_PACKAGES=(
  chromium-headless-shell  # renders briefs to PDF (headless, no JavaScript, no network)
  chromium                 # the dashboard's browser tests
  poppler-utils            # pdftotext / pdftoppm: tests read the PDFs back
  fonts-noto-core          # the brief's typeface, the same on every machine
  fonts-noto-cjk           # CJK coverage for catalyst titles and user templates
  fonts-noto-color-emoji   # emoji coverage
  fonts-dejavu-core        # fallback
  python3-aiosmtpd         # a real SMTP server for the delivery tests
  postgresql               # the clustered storage provider: tests start a throwaway server on 127.0.0.1
  postgresql-client        # psql, for operators moving a database
  ca-certificates
)

ensure_system_packages() {
  local missing=()
  for pkg in "${REPORTFORGE_DEBIAN_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  if [ ${#missing[@]} -eq 0 ]; then
    return 0
  fi
  if [ "$(id -u)" -ne 0 ]; then
    echo "ReportForge needs these Debian packages, which are not installed: ${missing[*]}" >&2
    echo "Install them as root, then run this command again:" >&2
    echo "  sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
    return 1
  fi
  echo "Installing Debian packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}
