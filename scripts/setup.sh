#!/usr/bin/env bash
# One command from a fresh clone to a sample brief: system packages, restore, build, import the
# bundled sample, write the brief of 3 February 2025.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/system-packages.sh

command -v dotnet >/dev/null || { echo "The .NET SDK is required (https://dotnet.microsoft.com/download); 'dotnet' is not on PATH." >&2; exit 1; }
ensure_system_packages

echo "Building ReportForge (Release)…"
dotnet build ReportForge.sln -c Release -nologo -v quiet

data_dir="${REPORTFORGE_DATA_DIR:-reportforge-data}"
echo "Importing the sample dataset into $data_dir…"
./reportforge import data/sample --data-dir "$data_dir"
echo "Writing the brief for 3 February 2025…"
./reportforge brief --date 2025-02-03 --data-dir "$data_dir" --out "$data_dir/sample-brief-2025-02-03.pdf"
