-- pl.class: Penlight's classes. class(Base) or class.Name(Base) (which also sets the global Name)
-- give a callable class: C(...) makes an object and calls C._init (a class without _init uses its
-- base's); self:super(...) calls the base's _init; obj:is_a(C), C:class_of(obj), C:cast(obj);
-- metamethods (__tostring, __eq, ...) are inherited.
local class

local function call_ctor(c, obj, ...)
   local init = rawget(c, '_init')
   local base = rawget(c, '_base')
   if init then
      local parent_with_init = base
      while parent_with_init and not rawget(parent_with_init, '_init') do
         parent_with_init = rawget(parent_with_init, '_base')
      end
      -- self:super(...) inside _init calls the base's _init
      local saved = rawget(obj, 'super')
      rawset(obj, 'super', function(o, ...)
         if parent_with_init then call_ctor(parent_with_init, o, ...) end
      end)
      local res = init(obj, ...)
      rawset(obj, 'super', saved)
      return res
   elseif base then
      return call_ctor(base, obj, ...)
   end
end

local function is_a(self, klass)
   if klass == nil then return getmetatable(self) end
   local m = getmetatable(self)
   while m do
      if m == klass then return true end
      m = rawget(m, '_base')
   end
   return false
end

local function class_of(klass, obj)
   if type(klass) ~= 'table' or not rawget(klass, 'is_a') then return false end
   return type(obj) == 'table' and is_a(obj, klass) or false
end

local function cast(klass, obj)
   return setmetatable(obj, klass)
end

local function make(base, c_arg, c)
   c = c or {}
   if type(base) == 'table' and not rawget(base, '_class') and not rawget(base, '_init')
      and getmetatable(base) == nil and c_arg == nil and next(c) == nil then
      -- class{...}: a plain table of methods, no base
      c, base = base, nil
   end
   local mt = {}
   if base then
      for k, v in pairs(base) do
         if type(k) == 'string' and k:find('^__') and k ~= '__index' and rawget(c, k) == nil then c[k] = v end
      end
      rawset(c, '_base', base)
      mt.__index = base
   end
   c._class = c
   c.__index = c
   c.is_a = is_a
   c.class_of = class_of
   c.cast = cast
   mt.__call = function(klass, ...)
      local obj = setmetatable({}, klass)
      local res = call_ctor(klass, obj, ...)
      if res ~= nil then obj = res; setmetatable(obj, klass) end
      if rawget(klass, '_post_init') then klass._post_init(obj) end
      return obj
   end
   if not rawget(c, '__tostring') and not (base and base.__tostring) then
      c.__tostring = function(obj)
         local name = rawget(getmetatable(obj), '_name') or 'object'
         return name .. ': ' .. tostring(rawget(obj, '__self') or ''):gsub('^table: ', '')
      end
   end
   setmetatable(c, mt)
   return c
end

class = setmetatable({}, {
   __call = function(_, base, c_arg, c) return make(base, c_arg, c) end,
   -- class.Name(base): the class is also the global Name
   __index = function(_, name)
      return function(base, c_arg, c)
         local k = make(base, c_arg, c)
         k._name = name
         rawset(getfenv(2), name, k)
         return k
      end
   end,
})

return class
