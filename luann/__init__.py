"""luann: torch7 (Lua) running on LuaJIT through lupa, with numpy doing the numbers."""
from .runtime import Runtime, LUA_DIR

__all__ = ["Runtime", "LUA_DIR"]
__version__ = "0.1.0"
