#!/usr/bin/env bash
# Retrieval regression gate: ingest ../shared/corpus/docs into a fresh index, evaluate every mode,
# and fail when a metric falls below evals/expected.json by more than its tolerance.
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=${GATE_CORPUS:-../shared/corpus/docs}
index=${GATE_INDEX:-$(mktemp -d)/index}
assistant ingest "$corpus" --index "$index"
assistant eval evals/shared.jsonl --index "$index" --mode all --check evals/expected.json --report reports/shared
