#!/usr/bin/env bash
# Proves a refactoring left the synthesized Terraform unchanged: runs the tests at <base-ref> and in the
# working tree with SPILLWAY_SYNTH_CAPTURE (test/synth-capture.ts), which keeps every Terraform JSON document
# the tests synthesize under its SHA-256, and fails when a document of the base is not produced any more.
# Documents only the working tree produces (new tests, new scenarios) are counted, not failures.
# Usage: scripts/compare-synth.sh <git-ref>   (the ref must have test/synth-capture.ts: 31fec6c or later)
set -euo pipefail
base="${1:?usage: scripts/compare-synth.sh <git-ref>}"
root="$(git rev-parse --show-toplevel)"
work="$(mktemp -d)"
cleanup() {
  git -C "$root" worktree remove --force "$work/base" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

git -C "$root" worktree add --detach "$work/base" "$base" >/dev/null 2>&1
ln -s "$root/node_modules" "$work/base/node_modules"
echo "== synthesizing at $base"
(cd "$work/base" && SPILLWAY_SYNTH_CAPTURE="$work/before" npx jest --silent >"$work/base.log" 2>&1) || { tail -n 40 "$work/base.log" >&2; exit 1; }
echo "== synthesizing in the working tree"
(cd "$root" && SPILLWAY_SYNTH_CAPTURE="$work/after" npx jest --silent >"$work/after.log" 2>&1) || { tail -n 40 "$work/after.log" >&2; exit 1; }

# The capture files are named by their hex SHA-256, so ls is safe here.
# shellcheck disable=SC2012
missing="$(comm -23 <(ls "$work/before" | sort) <(ls "$work/after" | sort))"
# shellcheck disable=SC2012
added="$(comm -13 <(ls "$work/before" | sort) <(ls "$work/after" | sort) | wc -l)"
# shellcheck disable=SC2012
echo "== $(ls "$work/before" | wc -l) documents at $base, $(ls "$work/after" | wc -l) now ($added new)"
if [ -n "$missing" ]; then
  echo "Changed or gone since $base (first lines of each):" >&2
  for file in $missing; do echo "-- $file" >&2; head -c 400 "$work/before/$file" >&2; echo >&2; done
  exit 1
fi
echo "== every document synthesized at $base is synthesized unchanged"
