#!/usr/bin/env bash
# Runs the whole test suite: real SQLite files, real Chromium, real servers on 127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/system-packages.sh
ensure_system_packages
dotnet test ReportForge.sln -c Release -nologo "$@"
