-- The small pieces of torch7 that scripts take for granted: Timer, threads,
-- and the packages preloaded by th (paths, sys).  CmdLine and Tester live in
-- their own files and load on first use.
local torch, B = ...
local ffi = require 'ffi'
local U = B.pyimport('luann.kernels.util')

local Timer = torch.class('torch.Timer')
function Timer:__init() self:reset() end
local function now() return U.clocks() end
function Timer:reset()
   self._real, self._user, self._sys = now()
   self._acc_real, self._acc_user, self._acc_sys = 0, 0, 0
   self._running = true
   return self
end
function Timer:stop()
   if self._running then
      local r, u, s = now()
      self._acc_real = self._acc_real + r - self._real
      self._acc_user = self._acc_user + u - self._user
      self._acc_sys = self._acc_sys + s - self._sys
      self._running = false
   end
   return self
end
function Timer:resume()
   if not self._running then
      self._real, self._user, self._sys = now()
      self._running = true
   end
   return self
end
function Timer:time()
   local r, u, s = self._acc_real, self._acc_user, self._acc_sys
   if self._running then
      local nr, nu, ns = now()
      r, u, s = r + nr - self._real, u + nu - self._user, s + ns - self._sys
   end
   return {real = r, user = u, sys = s}
end
function Timer:__tostring__() return 'torch.Timer' end

local tic_time
function torch.tic() tic_time = U.clocks(); return tic_time end
function torch.toc() return U.clocks() - (tic_time or 0) end

function torch.setnumthreads(n) U.set_threads(n) end
function torch.getnumthreads() return U.get_threads() end
function torch.getnumcores() return U.cpu_count() end
function torch.setheaptracking() end
function torch.updateerrorhandlers() end
function torch.updatethreadlocals() end
function torch.isatty(f)
   return U.isatty(f == io.stderr and 2 or (f == io.stdin and 0 or 1))
end
function torch.packageLuaPath(name)
   local p = package.searchpath(name, package.path)
   return p and p:match('(.*)/[^/]*$')
end
function torch.include(pkg, file)
   return dofile(torch.packageLuaPath(pkg) .. '/' .. file)
end
function torch.totable(t) return t:totable() end
function torch.data(t, asnumber)
   local p = t:data()
   if asnumber then return tonumber(ffi.cast('intptr_t', p)) end
   return p
end
function torch.cdata(t) return t end
function torch.pointer(obj)
   if type(obj) == 'cdata' then return tonumber(ffi.cast('intptr_t', ffi.cast('void*', obj))) end
   local s = tostring(obj):match('0x%x+')
   return s and tonumber(s) or 0
end

-- lazily loaded torch classes
local lazy = {CmdLine = 'torch.CmdLine', Tester = 'torch.Tester', TestSuite = 'torch.Tester',
   File = 'torch.File', DiskFile = 'torch.File', MemoryFile = 'torch.File', PipeFile = 'torch.File',
   save = 'torch.File', load = 'torch.File', serialize = 'torch.File', deserialize = 'torch.File',
   saveobj = 'torch.File', loadobj = 'torch.File', serializeToStorage = 'torch.File', deserializeFromStorage = 'torch.File'}
setmetatable(torch, {__index = function(t, k)
   local mod = lazy[k]
   if mod and package.searchpath(mod, package.path) then
      require(mod)
      return rawget(t, k)
   end
   return nil
end})

-- th preloads these packages
for _, name in ipairs{'paths', 'sys'} do
   if package.searchpath(name, package.path) then _G[name] = require(name) end
end
-- th also loads Penlight, whose modules become globals on first use; the ones luann ships are
-- `path` (char-rnn's path.join / path.exists) and `lapp` (opt = lapp[[...]]); `require 'pl'`
-- finds lua/pl/init.lua
local penlight = {path = 'pl.path', lapp = 'pl.lapp'}
if getmetatable(_G) == nil then
   setmetatable(_G, {__index = function(t, k)
      local name = penlight[k]
      if name then
         local m = require(name)
         rawset(t, k, m)
         return m
      end
   end})
end
