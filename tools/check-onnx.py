#!/usr/bin/env python3
"""Checks ONNX files as another runtime's tooling would: onnx.checker.check_model with full, strict shape inference.

Usage: tools/check-onnx.py FILE_OR_FOLDER...   (a folder: every *.onnx in it). Exits 1 on the first file that fails.
.ci/run checks the generators PortableOnnxTest exports (trainer-service/target/portable-onnx/) with Debian's python3-onnx.
"""
import pathlib
import sys

import onnx

files = []
for arg in sys.argv[1:]:
    p = pathlib.Path(arg)
    files += sorted(p.glob("*.onnx")) if p.is_dir() else [p]
if not files:
    sys.exit("no .onnx files in " + " ".join(sys.argv[1:]))
for f in files:
    try:
        onnx.checker.check_model(onnx.load(str(f)), full_check=True)
        onnx.shape_inference.infer_shapes(onnx.load(str(f)), check_type=True, strict_mode=True)
    except Exception as e:  # the checker's own exceptions differ between onnx versions
        sys.exit(f"{f}: {type(e).__name__}: {e}")
    print(f"{f}: ok (onnx {onnx.__version__})")
