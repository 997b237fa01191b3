-- require 'torch': the tensor library, loaded before user code as `th` does.
local B = rawget(_G, '_LUANN_BRIDGE')
if not B then error('luann: torch must be loaded through the luann runtime') end
_G._LUANN_BRIDGE = nil
-- lupa 2.8 (see runtime.py): a Python object pushed to Lua again while its previous userdata
-- awaits finalization (LuaJIT defers finalizers while on a trace) loses its reference when that
-- finalizer runs, and Lua is left with a freed object ("'numpy.ndarray' object is not callable",
-- corrupted arrays). Kernel functions were pushed anew on every call (K.copy(...)), so the
-- modules Lua sees are proxies that push each attribute once and keep it.
do
   local function pycache(obj)
      return setmetatable({}, {__index = function(t, k)
         local v = obj[k]
         if type(v) == 'userdata' then rawset(t, k, v) end
         return v
      end})
   end
   local rawB, imported = B, {}
   B = pycache(rawB)
   rawset(B, 'K', pycache(rawB.K))
   rawset(B, 'np_', pycache(rawB.np_))
   rawset(B, 'pyimport', function(name)
      local m = imported[name]
      if not m then m = pycache(rawB.pyimport(name)); imported[name] = m end
      return m
   end)
end
local ffi = require 'ffi'
-- torch7's LuaJIT (luajit-rocks) is built with LUAJIT_ENABLE_LUA52COMPAT, so torch7 code and the nn
-- docs call table.unpack / table.pack (5.2 names; n = the argument count, as LuaJIT's own table.pack).
if rawget(table, 'unpack') == nil then table.unpack = unpack end
if rawget(table, 'pack') == nil then
   table.pack = function(...) return {n = select('#', ...), ...} end
end

torch = torch or {}
package.loaded.torch = torch
torch._bridge = B

-- Errors raised by the library carry the position of the first caller outside
-- lua/torch/ and lua/nn/ (the user's file:line), whatever the call depth inside.
-- torch._libdirs: the source prefixes ('@<dir>/') counted as library code; nn adds its own.
-- Every file under luann's lua/ directory (torch, nn, optim, nngraph, ...) is library code.
local libdir = '@' .. package.searchpath('torch.init', package.path):gsub('torch/init%.lua$', '')
local libdirs = {libdir}
torch._libdirs = libdirs
local lua_error = error
local function is_lib(src)
   for i = 1, #libdirs do
      local d = libdirs[i]
      if src:sub(1, #d) == d then return true end
   end
   return false
end
local function user_position(level)
   level = level or 3
   while true do
      local info = debug.getinfo(level, 'Sl')
      if not info then return '' end
      if info.what ~= 'C' and info.currentline > 0 and not is_lib(info.source) then
         return info.short_src .. ':' .. info.currentline .. ': '
      end
      level = level + 1
   end
end
-- "file:line: " of the first caller outside the library directories ('' if none)
function torch._user_position() return user_position(3) end
-- torch._relocate(msg): for message handlers (xpcall), which run where the error was raised.
-- A message that starts with a library position (a Lua runtime error inside luann's lua/
-- files, "attempt to index a nil value", or an error() aimed at a library frame) gets the
-- position of the first caller outside the library instead. A message with no position at all
-- raised by a Python function called from library code (an exception out of a kernel) gets the
-- user's position in front (error(msg, 0) and assert stay as raised). Anything else is returned
-- as is.
local function lib_prefix(msg)
   local file = msg:match('^([^\n]-%.lua):%d+: ')
   if file and is_lib('@' .. file) then return #msg:match('^[^\n]-%.lua:%d+: ') end
end
function torch._relocate(msg)
   local ty = type(msg)
   if ty ~= 'string' and ty ~= 'userdata' then return msg end   -- userdata: a Python exception
   local cut = ty == 'string' and lib_prefix(msg) or nil
   if not cut and (ty == 'userdata' or not msg:match('^[^\n]-:%d+: ')) then
      -- level 1 is this function, 2 the message handler, 3 the function that raised
      local top = debug.getinfo(3, 'Sf')
      local caller = debug.getinfo(4, 'S')
      -- (a Python exception is userdata: luann's kernels are only reached through the library,
      -- often by a tail call that leaves no library frame)
      if top and top.what == 'C' and top.func ~= lua_error and top.func ~= assert
         and (ty == 'userdata' or (caller and caller.what ~= 'C' and is_lib(caller.source))) then
         cut = 0
         msg = tostring(msg)
      end
   end
   if type(msg) ~= 'string' then return msg end
   local level = 2
   while true do
      local info = debug.getinfo(level, 'Sl')
      if not info then break end
      if info.what ~= 'C' and info.currentline > 0 then
         if is_lib(info.source) then
            if not cut then
               local pos = info.short_src .. ':' .. info.currentline .. ': '
               if msg:sub(1, #pos) == pos then cut = #pos end
            end
         elseif cut then
            return info.short_src .. ':' .. info.currentline .. ': ' .. msg:sub(cut + 1)
         else
            return msg
         end
      end
      level = level + 1
   end
   -- no caller outside the library on the stack: drop the library position
   if cut then return msg:sub(cut + 1) end
   return msg
end
function torch._error(msg, level)
   if type(msg) == 'string' and level ~= 0 then msg = user_position() .. msg end
   lua_error(msg, 0)
end
-- library files keep LuaJIT's type() (tensors are 'cdata' there); user code gets torch7's (below)
local env = setmetatable({error = torch._error, type = type}, {__index = _G, __newindex = _G})

local function load(name, ...)
   local path = package.searchpath('torch.' .. name, package.path)
   local f = assert(loadfile(path))
   setfenv(f, env)
   return f(...)
end
torch._load = load

load('class', torch)
local T = load('types', torch, B)
local C = load('core', torch, B, T)
torch._C = C
load('Storage', torch, B, T, C)
load('Tensor', torch, B, T, C)
load('TensorMath', torch, B, T, C)
load('math_blas', torch, B, T, C)
load('math_reduce', torch, B, T, C)
load('math_create', torch, B, T, C)
load('random', torch, B, T, C)
load('math_extra', torch, B, T, C)
load('print', torch)

-- the method tables are complete: bind them to the structs
for _, ty in ipairs(T.list) do
   ffi.metatype(ty.tct, ty.tensor_mt)
end

local default = 'torch.DoubleTensor'
function torch.getdefaulttensortype() return default end
function torch.setdefaulttensortype(name)
   local ty = T.byname[name]
   if not ty or ty.tname ~= name then error('invalid default tensor type: ' .. tostring(name), 2) end
   default = name
   torch.Tensor = ty.ctor
   torch.Storage = torch[ty.name .. 'Storage']
end
torch.setdefaulttensortype('torch.DoubleTensor')

print = torch._print
-- pcall called by user code: a Lua runtime error inside the library names the user's line,
-- as uncaught errors do (torch._relocate). The handler runs only on errors and leaves the
-- message alone when pcall was called by library code (which then words its own message).
do
   local raw_xpcall, relocate = xpcall, torch._relocate
   local user_pcall
   local function handler(msg)
      if type(msg) ~= 'string' and type(msg) ~= 'userdata' then return msg end
      local level, seen = 2, false
      while true do
         local info = debug.getinfo(level, 'fS')
         if not info then return msg end
         if seen then
            if info.func ~= user_pcall then
               if info.what == 'C' or is_lib(info.source) then return msg end
               local r = relocate(msg)   -- not a tail call: relocate counts frames from here
               return r
            end
         elseif info.func == raw_xpcall then
            seen = true
         end
         level = level + 1
      end
   end
   user_pcall = function(f, ...) return raw_xpcall(f, handler, ...) end
   torch._user_pcall = user_pcall
   pcall = user_pcall
end
-- torch7's tensors and storages are userdata: type() says so for luann's FFI structs too
-- (other cdata stay 'cdata'); torch._luatype is LuaJIT's own type()
do
   local luatype, tyof = type, C.tyof
   torch._luatype = luatype
   type = function(v)
      local t = luatype(v)
      if t == 'cdata' and tyof(v) then return 'userdata' end
      return t
   end
end
-- torch7's LuaJIT (5.2 compatibility) lets pairs/ipairs go through __pairs/__ipairs (tds.Hash,
-- tds.Vec); lupa's LuaJIT does not, so the globals honour them (next and ipairs' own iterator
-- otherwise, so loops stay compiled as before)
do
   local rawpairs, rawipairs, getmt, luatype = pairs, ipairs, getmetatable, type
   pairs = function(t)
      local mt = getmt(t)
      local f = luatype(mt) == 'table' and rawget(mt, '__pairs')
      if f then return f(t) end
      return rawpairs(t)
   end
   ipairs = function(t)
      local mt = getmt(t)
      local f = luatype(mt) == 'table' and rawget(mt, '__ipairs')
      if f then return f(t) end
      return rawipairs(t)
   end
end
load('utils', torch, B, T, C)
-- the CUDA packages: require fails as on a torch7 machine without a GPU, saying why
for _, name in ipairs{'cutorch', 'cunn', 'cudnn'} do
   package.preload[name] = function()
      torch._error(string.format("module '%s' not found: luann runs on the CPU, without CUDA "
         .. "(keep the model and tensors as torch.FloatTensor or torch.DoubleTensor)", name))
   end
end
return torch
