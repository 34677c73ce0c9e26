#!/usr/bin/env bash
# Runs the whole test suite: real SQLite files, real Chromium, real servers on 127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/system-packages.sh
ensure_system_packages
# A hung test is reported with its name and a dump instead of running into the CI time limit.
dotnet test ReportForge.sln -c Release -nologo --blame-hang-timeout 15m "$@"
