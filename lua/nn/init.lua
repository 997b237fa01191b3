-- require 'nn': classes load on first use (nn.Linear -> lua/nn/Linear.lua),
-- so start-up stays fast and each class lives in its own file, as in torch7.
require 'torch'
nn = nn or {}
package.loaded.nn = nn

-- Errors raised by nn files for bad user input carry the user's file:line:
-- every lua/nn/*.lua file is loaded with `error` = torch._error (which skips the
-- frames of the directories in torch._libdirs, this one included) and an `assert`
-- that raises through it, so a message never points inside luann.
local nndir = package.searchpath('nn.init', package.path):gsub('init%.lua$', '')
if not nn._env then
   table.insert(torch._libdirs, '@' .. nndir)
   local raise = torch._error
   local function nn_assert(c, ...)
      if not c then
         local msg = ...
         if msg == nil then msg = 'assertion failed!' end
         raise(msg)
      end
      return c, ...
   end
   -- the three names are locals put in front of the file's first line (same line numbers;
   -- globals stay plain _G lookups, no environment table in the way)
   nn._env = {error = raise, assert = nn_assert, type = torch._luatype}
   local prefix = 'local error, assert, type = nn._env.error, nn._env.assert, nn._env.type; '
   table.insert(package.loaders, 2, function(name)
      if type(name) ~= 'string' or name:sub(1, 3) ~= 'nn.' then return nil end
      local path = package.searchpath(name, package.path)
      if not path or path:sub(1, #nndir) ~= nndir then return nil end
      local fh = io.open(path, 'rb')
      if not fh then return nil end
      local src = fh:read('*a')
      fh:close()
      local f, err = loadstring(prefix .. src, '@' .. path)
      if not f then error(err, 0) end
      return f
   end)
end

setmetatable(nn, {__index = function(t, k)
   if type(k) ~= 'string' then return nil end
   local modname = 'nn.' .. k
   if package.searchpath(modname, package.path) then
      local r = require(modname)
      local v = rawget(t, k)
      if v == nil and type(r) == 'table' then v = r; rawset(t, k, r) end
      return v
   end
   return nil
end})

-- the base classes are always there
require 'nn.Module'
require 'nn.Container'
require 'nn.Criterion'
-- luann.display(value): the iTorch view of a value (module string + field table)
pcall(require, 'luann.display')
return nn
