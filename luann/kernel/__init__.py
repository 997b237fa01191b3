"""The luann Jupyter kernel ("Lua (luann)"): iTorch's cell rules on ipykernel's Kernel.

    cells.py     CellRunner: one Lua state, output capture, interrupt, completion, help
    kernel.py    LuannKernel (ipykernel.kernelbase.Kernel)
    install.py   `luann kernel install [--user|--prefix P|--sys-prefix] [--name N]`
    __main__.py  `python -m luann.kernel -f connection.json` (what kernel.json runs)
"""
