"""Jupyter conformance suite (Debian's python3-jupyter-kernel-test) against the paperlab kernelspec.

Run by tests/kernel/conformance.test.ts with JUPYTER_PATH pointing at a temporary kernelspec install.
"""
import unittest

import jupyter_kernel_test as jkt


class PaperlabKernelTests(jkt.KernelTests):
    kernel_name = "paperlab"
    language_name = "typescript"
    file_extension = ".ts"

    code_hello_world = 'console.log("hello, world")'
    code_stderr = 'console.error("some error")'

    completion_samples = [
        {"text": "const zzzVariable = 1;\nzzzVar", "matches": {"zzzVariable"}},
        {"text": "Math.fl", "matches": {"floor"}},
    ]

    complete_code_samples = ["1 + 1", "const a = 1;", "function f() { return 1; }"]
    incomplete_code_samples = ["function f() {", "const o = {", "if (true) {"]
    invalid_code_samples = ["let = ;", "1 +* 2", "const = 5"]

    code_execute_result = [
        {"code": "6 * 7", "result": "42"},
        {"code": "'a' + 'b'", "result": "'ab'"},
    ]

    code_display_data = [
        {"code": "await display.html('<b>bold</b>')", "mime": "text/html"},
        {"code": "await display.markdown('# title')", "mime": "text/markdown"},
        {"code": "await display.svg('<svg xmlns=\"http://www.w3.org/2000/svg\"/>')", "mime": "image/svg+xml"},
    ]

    code_history_pattern = "6 * *"
    supported_history_operations = ("tail", "range", "search")

    code_inspect_sample = "Math.max"

    code_clear_output = "clearOutput()"

    code_generate_error = "throw new Error('expected failure')"

    # The pager is the only sample left unset: paperlab has no pager payloads.


if __name__ == "__main__":
    unittest.main()
