"""Build examples/seed.ipynb from the seed notebook's text form: python examples/make_seed_ipynb.py SEED.txt examples/seed.ipynb"""
import re, sys
import nbformat
from nbformat.v4 import new_notebook, new_markdown_cell, new_code_cell, new_output
from luann import Runtime

src, dst = sys.argv[1], sys.argv[2]
lines = open(src).read().split("\n")
rt = Runtime()
compiles = rt.eval("function(s) return loadstring('return ' .. s) ~= nil end")

def has_value(code):
    c = code.strip()
    if c.endswith(";") or re.match(r"^print[^\w]", c):
        return False
    return bool(compiles(c))

cells = []
i = 0
md = []
def flush_md():
    global md
    while md and not md[0].strip(): md.pop(0)
    while md and not md[-1].strip(): md.pop()
    if md:
        cells.append(new_markdown_cell("\n".join(md)))
    md = []

while i < len(lines):
    m = re.match(r"^In \[(\d+)\]:$", lines[i])
    if not m:
        md.append(lines[i]); i += 1; continue
    flush_md()
    n = int(m.group(1)); i += 1
    # code: up to the blank line that is followed by output/markdown; a code line after one blank
    code = []
    while i < len(lines):
        if lines[i].strip() == "" and i + 1 < len(lines) and code and code[0].startswith("--") and lines[i + 1].startswith("model:backward"):
            code.append(""); i += 1; continue
        if lines[i].strip() == "":
            break
        code.append(lines[i]); i += 1
    code = "\n".join(code)
    i += 1  # the separator blank line
    cell = new_code_cell(code, execution_count=n)
    if has_value(code):
        out = []
        while i < len(lines) and lines[i].strip() != "":
            out.append(lines[i]); i += 1
        run = 0
        while i < len(lines) and lines[i].strip() == "":
            run += 1; i += 1
        if i >= len(lines) and out and out[-1].startswith("[torch."):
            run = 3
        if not out:
            run += 0  # the output line itself was empty: it is one of the blanks counted
        text = "\n".join(out + [""] * (run - 2)) + "\n" if out else "\n" * (run - 2)
        cell.outputs = [new_output("execute_result", data={"text/plain": text}, execution_count=n)]
    cells.append(cell)
flush_md()
nb = new_notebook(cells=cells, metadata={
    "kernelspec": {"display_name": "iTorch", "language": "lua", "name": "itorch"},
    "language_info": {"name": "lua", "version": "5.1"}})
nbformat.validate(nb)
nbformat.write(nb, dst)
print(len(cells), "cells")
