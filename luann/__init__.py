"""luann: torch7 (Lua) running on LuaJIT through lupa, with numpy doing the numbers."""
from .runtime import Runtime, LUA_DIR
from .t7 import load_t7, save_t7

__all__ = ["Runtime", "LUA_DIR", "load_t7", "save_t7"]
__version__ = "0.1.0"
