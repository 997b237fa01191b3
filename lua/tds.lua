-- tds (torch/tds): tds.Hash and tds.Vec, torch7's C-backed containers, over plain Lua tables.
-- Each object is a userdata (newproxy) so that #h, h[k] = v, tostring and torch.typename work
-- as with tds' cdata; its contents live in a weak table keyed by the object. pairs/ipairs go
-- through __pairs/__ipairs, which torch/init.lua's global pairs/ipairs honour (LuaJIT does not).
-- Values are numbers, strings, booleans, tensors/storages and tds objects; torch.save/load
-- write them as tds does (a long count, then key/value objects).
require 'torch'

local tds = {}
local raise = torch._error
local luatype = torch._luatype or type

local DATA = setmetatable({}, {__mode = 'k'})   -- object -> {n = size, d = {...}}

local function valuetype(v)
   local t = luatype(v)
   if t == 'number' or t == 'string' or t == 'boolean' then return true end
   local tn = torch.typename(v)
   if tn and (tn:match('^torch%.%a*Tensor$') or tn:match('^torch%.%a*Storage$')
      or tn == 'tds.Hash' or tn == 'tds.Vec') then return true end
   return false, tn or torch.type(v)
end

local function checkvalue(v)
   local ok, tn = valuetype(v)
   if not ok then raise(string.format('unsupported key/value type <%s> (set)', tn)) end
end

local function isvec(tbl)
   local n = 0
   for _ in next, tbl do n = n + 1 end
   return n == #tbl
end

local function convert(v)
   if luatype(v) == 'table' and not torch.typename(v) then
      if isvec(v) then return tds.Vec(v) end
      return tds.Hash(v)
   end
   return v
end

local function indent(kstr, v)
   local vstr = tostring(v)
   local sp = string.rep(' ', #kstr)
   local i = 0
   return (vstr:gsub('([^\n]+)', function(line)
      i = i + 1
      return (i == 1 and kstr or sp) .. line
   end))
end

------------------------------------------------------------------------------------------------
-- tds.Hash
local hash_proto = newproxy(true)
local hash = getmetatable(hash_proto)
hash.__typename = 'tds.Hash'
hash.__version = 0

local function newhash(tbl)
   local self = newproxy(hash_proto)
   DATA[self] = {n = 0, d = {}}
   if tbl ~= nil then
      if luatype(tbl) ~= 'table' then raise('tds.Hash: lua table expected') end
      for k, v in pairs(tbl) do self[k] = convert(v) end
   end
   return self
end

local function checkkey(k)
   local t = luatype(k)
   if t ~= 'string' and t ~= 'number' then raise('string or number key expected') end
   if k ~= k then raise('string or number key expected (got nan)') end
end

function hash.__index(self, k)
   checkkey(k)
   return DATA[self].d[k]
end

function hash.__newindex(self, k, v)
   checkkey(k)
   local s = DATA[self]
   local old = s.d[k]
   if v == nil then
      if old ~= nil then s.n = s.n - 1; s.d[k] = nil end
      return
   end
   checkvalue(v)
   if old == nil then s.n = s.n + 1 end
   s.d[k] = v
end

function hash.__len(self) return DATA[self].n end

function hash.__pairs(self)
   local d = DATA[self].d
   local k
   return function()
      local v
      k, v = next(d, k)
      return k, v
   end
end

function hash.__tostring(self)
   local out = {string.format('tds.Hash[%d]{', #self)}
   local i = 0
   for k, v in hash.__pairs(self) do
      i = i + 1
      out[#out + 1] = indent(tostring(k) .. ' : ', v)
      if i == 20 then out[#out + 1] = '...'; break end
   end
   out[#out + 1] = '}'
   return table.concat(out, '\n')
end

function hash.__write(self, f)
   f:writeLong(#self)
   for k, v in hash.__pairs(self) do
      f:writeObject(k)
      f:writeObject(v)
   end
end

function hash.__read(self, f)
   local n = f:readLong()
   for _ = 1, n do
      local k = f:readObject()
      local v = f:readObject()
      self[k] = v
   end
end

hash.__factory = function() return newhash() end

------------------------------------------------------------------------------------------------
-- tds.Vec
local vec_proto = newproxy(true)
local vec = getmetatable(vec_proto)
vec.__typename = 'tds.Vec'
vec.__version = 0
local methods = {}

local function checkindex(k)
   if luatype(k) ~= 'number' or not (k > 0) then raise('positive number expected as key') end
   return math.floor(k)
end

local function newvec(...)
   local self = newproxy(vec_proto)
   DATA[self] = {n = 0, d = {}}
   local nargs = select('#', ...)
   local tbl = ...
   if nargs == 1 and luatype(tbl) == 'table' and not torch.typename(tbl) then
      if not isvec(tbl) then raise('lua table with number keys (1...N) expected') end
   elseif nargs > 0 then
      tbl = {...}
   else
      tbl = nil
   end
   if tbl then for i, v in ipairs(tbl) do self[i] = convert(v) end end
   return self
end

function vec.__index(self, k)
   if luatype(k) == 'number' then
      k = checkindex(k)
      return DATA[self].d[k]
   end
   local m = methods[k]
   if m then return m end
   raise('invalid key (number) or method name')
end

function vec.__newindex(self, k, v)
   k = checkindex(k)
   if v ~= nil then checkvalue(v) end
   local s = DATA[self]
   s.d[k] = v
   if k > s.n then s.n = k end
end

function vec.__len(self) return DATA[self].n end

function vec.__ipairs(self)
   local s = DATA[self]
   local k = 0
   return function()
      k = k + 1
      if k <= s.n then return k, s.d[k] end
   end
end
vec.__pairs = vec.__ipairs

function methods:insert(...)
   local s = DATA[self]
   local nargs = select('#', ...)
   local k, v
   if nargs == 1 then k, v = s.n + 1, ...
   elseif nargs == 2 then k, v = ...
   else raise('[key] value expected') end
   k = checkindex(k)
   if v ~= nil then checkvalue(v) end
   if k > s.n then
      s.d[k] = v
      s.n = k
   else
      for i = s.n, k, -1 do s.d[i + 1] = s.d[i] end
      s.d[k] = v
      s.n = s.n + 1
   end
end

function methods:remove(k)
   local s = DATA[self]
   k = checkindex(k or s.n)
   if k > s.n then raise('index out of bounds') end
   for i = k, s.n - 1 do s.d[i] = s.d[i + 1] end
   s.d[s.n] = nil
   s.n = s.n - 1
end

function methods:resize(size)
   if luatype(size) ~= 'number' or not (size >= 0) then raise('size must be a positive number') end
   size = math.floor(size)
   local s = DATA[self]
   for i = size + 1, s.n do s.d[i] = nil end
   s.n = size
end

function methods:sort(compare)
   local s = DATA[self]
   if luatype(compare) ~= 'function' then raise('compare function must be a lua function') end
   -- holes (nil) are handed to compare as tds does; table.sort needs a dense array
   local HOLE = {}
   local a = {}
   for i = 1, s.n do
      local v = s.d[i]
      if v == nil then a[i] = HOLE else a[i] = v end
   end
   table.sort(a, function(x, y)
      if x == HOLE then x = nil end
      if y == HOLE then y = nil end
      return compare(x, y) and true or false
   end)
   for i = 1, s.n do
      local v = a[i]
      if v == HOLE then v = nil end
      s.d[i] = v
   end
end

function methods:concat(sep, i, j)
   local s = DATA[self]
   i = i or 1
   j = j or s.n
   local parts = {}
   for k = i, j do
      local str = tostring(s.d[k])
      parts[#parts + 1] = str
   end
   return table.concat(parts, sep or '')
end

function methods:concatstorage(sep, i, j)
   return torch.CharStorage():string(methods.concat(self, sep, i, j))
end

function vec.__tostring(self)
   local out = {string.format('tds.Vec[%d]{', #self)}
   for k, v in vec.__ipairs(self) do
      out[#out + 1] = indent(string.format('%5d : ', k), v)
      if k == 20 then out[#out + 1] = '...'; break end
   end
   out[#out + 1] = '}'
   return table.concat(out, '\n')
end

function vec.__write(self, f)
   f:writeLong(#self)
   for _, v in vec.__ipairs(self) do f:writeObject(v) end
end

function vec.__read(self, f)
   local n = f:readLong()
   for k = 1, n do self[k] = f:readObject() end
end

vec.__factory = function() return newvec() end

------------------------------------------------------------------------------------------------
-- constructors: tds.Hash(), tds.hash(), tds.Vec(...), tds.vec(...)
local function ctr(new, mt)
   return setmetatable({}, {__index = mt, __call = function(_, ...) return new(...) end})
end
tds.Hash = ctr(newhash, hash)
tds.hash = tds.Hash
tds.Vec = ctr(newvec, vec)
tds.vec = tds.Vec

-- torch.save/load and torch.typename know them as torch7 classes
torch._metatables['tds.Hash'] = hash
torch._metatables['tds.Vec'] = vec
local registry = debug.getregistry()
registry[hash], registry[vec] = 'tds.Hash', 'tds.Vec'

return tds
