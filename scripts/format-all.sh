#!/bin/sh
# Formats the whole repository with Biome (biome.json) and applies Biome's safe lint fixes.
# Run once after merging the parallel branches, then commit the result on its own:
#   sh scripts/format-all.sh && git commit -am "Format with Biome"
set -e
cd "$(dirname "$0")/.."
npx biome check --write .
npx biome check .
