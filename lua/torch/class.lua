-- torch.class and the luaT-style type system.
--
-- A class is a metatable (`mt`) whose __index chain walks to its parent's
-- metatable; instances are plain Lua tables.  `nn.Linear` (the constructor
-- table) calls `__init` on a fresh instance and forwards field writes to `mt`,
-- so `nn.Linear.updateOutput = f` patches the class as in torch7.
local torch = ...

local REGISTRY = debug.getregistry()
local metatables = {}     -- typename -> class metatable (also tensor/storage types)
local constructors = {}   -- typename -> constructor table
torch._metatables = metatables
torch._constructors = constructors

-- luaT installs these operator shims on every class metatable: they forward to
-- the `__name__` methods that classes define in Lua.
local function install_shims(mt)
   mt.__tostring = function(self)
      local f = self.__tostring__
      if f then return f(self) end
      return mt.__typename
   end
   -- luaT's messages when the class defines no such method ("%s" of a non-torch value: "(null)")
   local function tn(v) return torch.typename(v) or '(null)' end
   mt.__call = function(self, ...)
      local f = self.__call__
      if not f then error(tostring(mt.__typename) .. ' has no call operator', 2) end
      return f(self, ...)
   end
   local unary = {unm = 'negation', len = 'length'}
   local binary = {add = 'addition', sub = 'substraction', mul = 'multiplication', div = 'division',
                   mod = 'modulo', concat = 'concat', lt = 'less-than', le = 'less-equal'}
   for _, op in ipairs{'add', 'sub', 'mul', 'div', 'mod', 'unm', 'len', 'concat', 'lt', 'le'} do
      mt['__' .. op] = function(a, b)
         local obj = (type(a) == 'table' and a['__' .. op .. '__']) and a or b
         local f = type(obj) == 'table' and obj['__' .. op .. '__']
         if not f then
            if unary[op] then error(tn(a) .. ' has no ' .. unary[op] .. ' operator', 2) end
            error('both ' .. tn(a) .. ' and ' .. tn(b) .. ' have no ' .. binary[op] .. ' operator', 2)
         end
         return f(a, b)
      end
   end
   mt.__eq = function(a, b)
      local f = a.__eq__
      if f then return f(a, b) end
      return rawequal(a, b)
   end
end

local function split_name(name)
   local pkg, short = name:match('^(.*)%.([^%.]+)$')
   return pkg, short or name
end

local function resolve_package(pkg, where)
   local t = where or _G
   for part in pkg:gmatch('[^%.]+') do
      local nt = rawget(t, part)
      if nt == nil and t == _G then nt = package.loaded[part] end
      if type(nt) ~= 'table' then return nil end
      t = nt
   end
   return t
end

-- torch7 defines a package's classes when the package loads; luann loads nn.X (and
-- torch.CmdLine, ...) from its own lua/<pkg>/X.lua on first use.  So that user code
-- which redefines a built-in class fails as in torch7 (instead of silently replacing
-- it for every later use, torch.load included), a torch.class call from outside
-- luann's files first loads the built-in class of that name, if any.
local libroot = debug.getinfo(1, 'S').source:match('^@(.*[/\\])torch[/\\][^/\\]*$')
local function load_builtin(name)
   local pkg = name:match('^(.*)%.[^%.]+$')
   if not libroot or not pkg or package.loaded[pkg] == nil or package.loaded[name] ~= nil then return end
   local caller = debug.getinfo(3, 'S')
   if caller and caller.source:sub(1, #libroot + 1) == '@' .. libroot then return end
   local path = package.searchpath(name, package.path)
   if path and path:sub(1, #libroot) == libroot then pcall(require, name) end
end

-- require 'threads' (lua/threads/) runs each emulated thread with torch._thread_context set: in
-- torch/threads every thread is a Lua state of its own, where a class defined by another thread
-- (or by the main side) does not exist yet, so defining it there again gives the same class
local definers = {}
local function defined_elsewhere(name)
   local d = definers[name]
   local ctx = torch._thread_context or false
   if not d or d[ctx] then return false end
   d[ctx] = true
   return true
end

function torch.class(name, parentName, moduleTable)
   if type(name) ~= 'string' then error('torch.class: class name must be a string', 2) end
   if type(parentName) == 'table' then moduleTable, parentName = parentName, nil end
   if not metatables[name] then load_builtin(name) end
   if metatables[name] and defined_elsewhere(name) then
      local mt = metatables[name]
      local pkg, short = split_name(name)
      local dest = moduleTable or (pkg and resolve_package(pkg)) or _G
      rawset(dest, short, constructors[name])
      return mt, getmetatable(mt)
   end
   if metatables[name] then
      if parentName and getmetatable(metatables[name]) then
         error(string.format('class %s has been already assigned a parent class\n', name), 2)
      end
      error(string.format('%s has been already assigned a factory', name), 2)
   end
   local pmt
   if parentName then
      pmt = metatables[parentName] or torch._autoload(parentName)
      if not pmt then error(string.format('bad argument #2 to torch.class: parent class <%s> not found', parentName), 2) end
   end
   local mt = {__typename = name, __version = 1}
   mt.__index = mt
   install_shims(mt)
   if pmt then setmetatable(mt, pmt) end
   metatables[name] = mt
   REGISTRY[mt] = name   -- as luaT: registry[metatable] = typename (torch.isclass idioms look there)
   definers[name] = {[torch._thread_context or false] = true}
   mt.__factory = function() return setmetatable({}, mt) end

   local ctor = setmetatable({}, {
      __index = mt,
      __newindex = mt,
      __call = function(_, ...)
         local obj = setmetatable({}, mt)
         local init = obj.__init
         if init then init(obj, ...) end
         return obj
      end,
      __tostring = function() return 'torch.class(' .. name .. ')' end,
      __metatable = mt,
   })
   mt.new = function(...) return ctor(...) end
   constructors[name] = ctor

   local pkg, short = split_name(name)
   local dest
   if moduleTable then dest = moduleTable
   elseif pkg then
      dest = resolve_package(pkg)
      if not dest then error(string.format('torch.class: package <%s> not found for class <%s>', pkg, name), 2) end
   else dest = _G end
   rawset(dest, short, ctor)
   return mt, pmt
end

-- registers a non-class metatable (tensor and storage types) under a typename
function torch._register_type(name, mt, ctor)
   metatables[name] = mt
   REGISTRY[mt] = name
   constructors[name] = ctor
end

function torch.typename(obj)
   local mt = getmetatable(obj)
   if type(mt) == 'table' then
      local n = rawget(mt, '__typename')
      if n then return n end
   end
   if type(obj) == 'cdata' and torch._C then
      -- storages: getmetatable() of an ffi metatype'd struct gives 'ffi'
      local ty = torch._C.storagety(obj)
      if ty then return ty.sname end
      ty = torch._C.tensorty(obj)
      if ty then return ty.tname end
   end
   return nil
end

function torch.type(obj)
   local t = type(obj)
   if t == 'table' or t == 'cdata' or t == 'userdata' then
      return torch.typename(obj) or t
   end
   return t
end

-- classes of packages that load lazily (nn.Linear lives in nn/Linear.lua):
-- looking one up by name loads its file
function torch._autoload(name)
   if metatables[name] then return metatables[name] end
   local pkg = name:match('^(.*)%.[^%.]+$')
   if pkg and package.searchpath(name, package.path) then
      if not package.loaded[pkg] and package.searchpath(pkg, package.path) then require(pkg) end
      if not metatables[name] then require(name) end
   end
   return metatables[name]
end

function torch.getmetatable(name)
   return metatables[name] or torch._autoload(name)
end

function torch.getconstructortable(name)
   return constructors[name]
end

function torch.factory(name)
   local mt = metatables[name] or torch._autoload(name)
   if not mt then return nil end
   return mt.__factory or function() error('no factory for ' .. name) end
end

-- torch7's rule: typeSpec (a string pattern, or a class constructor) is matched against
-- the __typename of obj's class and of each parent; a match that is the spec itself counts
-- only when it is the whole name ('Linear' is not nn.Linear, 'nn%.Lin.*' and 'B.r' are).
local function typespec_matches(n, spec)
   local m = n:match(spec)
   return m ~= nil and (m ~= spec or m == n)
end
function torch.isTypeOf(obj, typeSpec)
   if type(typeSpec) ~= 'string' then
      local name
      if type(typeSpec) == 'table' then
         local target = getmetatable(typeSpec)
         name = type(target) == 'table' and rawget(target, '__typename') or rawget(typeSpec, '__typename')
         if name == nil then
            for n, ctor in pairs(constructors) do
               if ctor == typeSpec then name = n; break end
            end
         end
      end
      if type(name) ~= 'string' then
         error('type must be provided as [regexp] string, or factory', 2)
      end
      typeSpec = name
   end
   if type(obj) == 'cdata' then   -- tensors and storages: one class, no parent
      local n = torch.typename(obj)
      return n ~= nil and typespec_matches(n, typeSpec)
   end
   local mt = getmetatable(obj)
   while type(mt) == 'table' do
      local n = rawget(mt, '__typename')
      if n ~= nil and typespec_matches(n, typeSpec) then return true end
      mt = getmetatable(mt)
   end
   return false
end

function torch.newmetatable(name, parentName)
   return torch.class(name, parentName)
end

function torch.setmetatable(obj, name)
   local mt = metatables[name]
   if not mt then error('unknown torch class <' .. tostring(name) .. '>', 2) end
   return setmetatable(obj, mt)
end

function torch.version(obj)
   local mt = getmetatable(obj)
   return type(mt) == 'table' and rawget(mt, '__version') or 1
end

local envs = setmetatable({}, {__mode = 'k'})
function torch.getenv(obj) return envs[obj] or {} end
function torch.setenv(obj, env) envs[obj] = env end

function torch.pointer(obj)
   local t = type(obj)
   if t == 'cdata' then
      local sp = torch._storage_of and torch._storage_of(obj)
      return tonumber(ffi_ptr_number and ffi_ptr_number(obj) or 0)
   end
   local s = tostring(obj):match('0x%x+')
   return s and tonumber(s) or 0
end

function torch.isequal(a, b) return rawequal(a, b) end
