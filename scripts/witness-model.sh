#!/usr/bin/env bash
# The second Tesseract model field re-reading reads with (ingest.fieldread, IngestOptions.witness_tessdata):
# tessdata_best's Indonesian LSTM (integer version, Apache-2.0 data) from the npm package @tesseract.js-data/ind
# that scripts/js-vendor.sh installs, unpacked once into tessdata/best/ (not committed; the same package's standard
# tessdata, with the legacy engine's data, into tessdata/std/), beside the configs the
# tesseract command needs to write TSV (copied from the system's tessdata). Idempotent and quick when present.
set -euo pipefail
cd "$(dirname "$0")/.."
unpack() {  # unpack() <gzipped traineddata> <folder>: the model and the system's configs beside it
  local src=$1 dest=$2
  if [ ! -f "$src" ]; then
    echo "witness-model: $src missing (run scripts/js-vendor.sh first)" >&2
    exit 1
  fi
  mkdir -p "$dest"
  if [ ! -f "$dest/ind.traineddata" ] || [ "$src" -nt "$dest/ind.traineddata" ]; then
    gunzip -c "$src" > "$dest/ind.traineddata.tmp"
    mv "$dest/ind.traineddata.tmp" "$dest/ind.traineddata"
  fi
  if [ ! -d "$dest/configs" ]; then
    system=$(tesseract --list-langs 2>&1 | sed -n 's/^List of available languages in "\(.*\)".*/\1/p' | head -1)
    if [ -n "$system" ] && [ -d "$system/configs" ]; then
      cp -r "$system/configs" "$dest/configs"
    fi
  fi
}
unpack node_modules/@tesseract.js-data/ind/4.0.0_best_int/ind.traineddata.gz tessdata/best
# standard tessdata (an LSTM close to best_int plus the legacy engine's data, read with --oem 0): measured as a
# third recognizer by bench/witness.py --legacy (bench/README.md, issue 17, witness20)
unpack node_modules/@tesseract.js-data/ind/4.0.0/ind.traineddata.gz tessdata/std
