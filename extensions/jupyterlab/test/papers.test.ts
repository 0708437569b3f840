import { test } from "node:test";
import assert from "node:assert/strict";
import { paperNotebooks } from "../src/papers";

test("paper notebooks: the .ipynb files of notebooks/, sorted, without checkpoints or hidden files", () => {
  const items = [
    { name: "sdt-v3.ipynb", path: "notebooks/sdt-v3.ipynb", type: "notebook" },
    { name: "gallery.ipynb", path: "notebooks/gallery.ipynb", type: "notebook" },
    { name: ".ipynb_checkpoints", path: "notebooks/.ipynb_checkpoints", type: "directory" },
    { name: ".draft.ipynb", path: "notebooks/.draft.ipynb", type: "notebook" },
    { name: "README.md", path: "notebooks/README.md", type: "file" },
    { name: "x-checkpoint.ipynb", path: "notebooks/x-checkpoint.ipynb", type: "notebook" },
  ];
  assert.deepEqual(paperNotebooks(items), [
    { label: "gallery", path: "notebooks/gallery.ipynb" },
    { label: "sdt-v3", path: "notebooks/sdt-v3.ipynb" },
  ]);
  assert.deepEqual(paperNotebooks([]), []);
});
