-- require 'nn': classes load on first use (nn.Linear -> lua/nn/Linear.lua),
-- so start-up stays fast and each class lives in its own file, as in torch7.
require 'torch'
nn = nn or {}
package.loaded.nn = nn

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
