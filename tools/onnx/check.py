#!/usr/bin/env python3
"""Checks ONNX files written by `rnn4j export-onnx` with the onnx package's checker.

Usage: /usr/bin/python3 tools/onnx/check.py FILE.onnx [FILE.onnx ...]

Each file is loaded and passed to onnx.checker.check_model with full_check=True (the structural
checks plus strict shape inference). One line per file: OK, FAIL with the checker's message, or SKIP
when the file's opset or IR version is newer than the installed onnx knows (Debian 12's python3-onnx
1.12 knows opset 17 and IR 8, so it checks rnn4j's default opset 17 but not 19-21).

Exit code: 0 every file passed, 1 a file failed, 2 a file could not be checked (onnx missing, a file
skipped or unreadable).
"""
import sys


def main(argv):
    if len(argv) < 2 or argv[1] in ("-h", "--help"):
        print(__doc__.strip(), file=sys.stderr)
        return 2
    try:
        import onnx
    except ImportError:
        print("check.py: the onnx package is missing (Debian: apt-get install python3-onnx)", file=sys.stderr)
        return 2
    known_opset = onnx.defs.onnx_opset_version()
    known_ir = onnx.IR_VERSION
    status = 0
    for path in argv[1:]:
        try:
            model = onnx.load(path)
        except Exception as e:  # a file that is not ONNX at all
            print(f"{path}: FAIL cannot be read as ONNX: {e}")
            status = max(status, 2)
            continue
        opset = max((o.version for o in model.opset_import if o.domain in ("", "ai.onnx")), default=0)
        if opset > known_opset or model.ir_version > known_ir:
            print(f"{path}: SKIP opset {opset}, IR {model.ir_version}: onnx {onnx.__version__} knows opset "
                  f"{known_opset} and IR {known_ir} at most")
            status = max(status, 2)
            continue
        try:
            onnx.checker.check_model(model, full_check=True)
        except Exception as e:
            print(f"{path}: FAIL {' '.join(str(e).split())}")
            status = 1
            continue
        print(f"{path}: OK opset {opset}, IR {model.ir_version}, onnx {onnx.__version__}")
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv))
