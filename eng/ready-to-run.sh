#!/usr/bin/env bash
# eng/ready-to-run.sh [CONFIGURATION]   (run.sh and the footprint bench call it after the build)
# Writes a ReadyToRun copy of every service's build output to services/<name>/bin/<configuration>/net10.0/ready-to-run/
# (ADR 15): each assembly precompiled by crossgen2, so that an instance JIT-compiles little at start and its code is
# mapped from a file that the other instances share, instead of each instance's private JIT heap.
# - An assembly is compiled once per content (the cache .ready-to-run/<sha256>.dll) and hard-linked into every service
#   that ships it: MassTransit, Npgsql, gRPC... are one file, mapped once, for all ten instances.
# - The folder is finished with a stamp; the AppHost uses it only while the stamp is newer than every file of the build
#   output (a later build makes it stale, and the services run from the build output again until this runs again).
# - crossgen2 comes from NuGet (Microsoft.NETCore.App.Crossgen2.linux-x64, the version the SDK picks), restored through
#   eng/ReadyToRun/ReadyToRun.csproj. A machine other than linux-x64 skips this step.
set -euo pipefail
cd "$(dirname "$0")/.."
configuration="${1:-Release}"
[ "$(uname -s)-$(uname -m)" = Linux-x86_64 ] || { echo "ReadyToRun: skipped (not linux-x64)." >&2; exit 0; }

version=$(dotnet msbuild eng/ReadyToRun/ReadyToRun.csproj -getProperty:BundledNETCoreAppPackageVersion 2>/dev/null | tr -d '[:space:]')
packages="${NUGET_PACKAGES:-$HOME/.nuget/packages}"
crossgen="$packages/microsoft.netcore.app.crossgen2.linux-x64/$version/tools/crossgen2"
if [ ! -x "$crossgen" ]; then
  dotnet restore eng/ReadyToRun/ReadyToRun.csproj -v q -nologo >&2
fi
[ -x "$crossgen" ] || { echo "ReadyToRun: crossgen2 $version was not restored; the services run from their build output." >&2; exit 0; }
framework_version=$(dotnet --list-runtimes | awk -v v="${version%%.*}." '$1 == "Microsoft.NETCore.App" && index($2, v) == 1 { print $2 }' | sort -V | tail -1)
dotnet_root=$(dirname "$(readlink -f "$(command -v dotnet)")")
framework="$dotnet_root/shared/Microsoft.NETCore.App/$framework_version"
aspnet="$dotnet_root/shared/Microsoft.AspNetCore.App/$framework_version"
[ -d "$framework" ] && [ -d "$aspnet" ] || { echo "ReadyToRun: shared framework $framework_version not found; skipped." >&2; exit 0; }

cache="$PWD/.ready-to-run"
mkdir -p "$cache"
compile() {  # $1 assembly, $2 its build output folder: into the cache under its content hash, once
  local key target log
  key=$(sha256sum "$1" | cut -c1-64)
  target="$cache/$key.dll"
  [ -f "$target" ] && return 0
  log="$cache/$key.log"
  if "$crossgen" "$1" -o "$target.tmp" -O --targetos linux --targetarch x64 \
       -r "$framework/*.dll" -r "$aspnet/*.dll" -r "$2/*.dll" >"$log" 2>&1; then
    mv "$target.tmp" "$target"
  else
    # Not IL (or already precompiled): the assembly stays as built.
    rm -f "$target.tmp"
    cp "$1" "$target"
  fi
  rm -f "$log"
}
export -f compile
export crossgen framework aspnet cache

started=$SECONDS
for project in services/*/Supervision.*.csproj; do
  name=$(basename "$project" .csproj)
  output="$(dirname "$project")/bin/$configuration/net10.0"
  r2r="$output/ready-to-run"
  [ -f "$output/$name.dll" ] || continue
  # Up to date: the stamp is newer than every file of the build output.
  if [ -f "$r2r/.stamp" ] && [ -z "$(find "$output" -maxdepth 1 -type f -newer "$r2r/.stamp" -print -quit)" ]; then
    continue
  fi
  find "$output" -maxdepth 1 -name '*.dll' -print0 | xargs -0 -P "$(nproc)" -I{} bash -c 'compile "$1" "$2"' _ {} "$output"
  rm -rf "$r2r.tmp"
  mkdir "$r2r.tmp"
  # Everything but the assemblies as built (settings, deps, native launcher, satellite resources), then the assemblies.
  find "$output" -mindepth 1 -maxdepth 1 ! -name '*.dll' ! -name 'ready-to-run*' -exec cp -a {} "$r2r.tmp/" \;
  for dll in "$output"/*.dll; do
    key=$(sha256sum "$dll" | cut -c1-64)
    ln "$cache/$key.dll" "$r2r.tmp/$(basename "$dll")" 2>/dev/null || cp "$cache/$key.dll" "$r2r.tmp/$(basename "$dll")"
  done
  touch "$r2r.tmp/.stamp"
  rm -rf "$r2r"
  mv "$r2r.tmp" "$r2r"
done
echo "ReadyToRun: services precompiled in $((SECONDS - started)) s." >&2
