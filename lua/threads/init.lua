-- threads: torch/threads (threads.Threads pools, serialization, Mutex/Condition) for code that
-- loads its data with it; luann runs the emulated threads one job at a time in its one LuaJIT
-- state (see threads/threads.lua).
require 'torch'

local threads = {}
package.loaded.threads = threads

threads.Threads = require 'threads.threads'

-- Mutex and Condition: with one job running at a time nothing contends for a lock, so they only
-- keep the bookkeeping (ids shared between threads, locked or not) and refuse to block forever.
local registry = {}
local last_id = 0

local function register(obj)
   last_id = last_id + 1
   obj.__id = last_id
   registry[last_id] = obj
   return obj
end

local Mutex = {}
Mutex.__index = Mutex
function Mutex:lock()
   if self.__locked then
      torch._error('threads.Mutex: the mutex is already locked and no other job can run to unlock it ' ..
         '(luann runs the threads one job at a time): this lock would wait forever')
   end
   self.__locked = true
end
function Mutex:unlock() self.__locked = false end
function Mutex:id() return self.__id end
function Mutex:free() end
threads.Mutex = function(id)
   if id ~= nil then
      local m = registry[id]
      if getmetatable(m) ~= Mutex then torch._error('invalid mutex id') end
      return m
   end
   return register(setmetatable({__locked = false}, Mutex))
end

local Condition = {}
Condition.__index = Condition
function Condition:wait(mutex)
   torch._error('threads.Condition:wait: no other job can run to signal it (luann runs the threads ' ..
      'one job at a time): this wait would block forever')
end
function Condition:signal() end
function Condition:broadcast() end
function Condition:id() return self.__id end
function Condition:free() end
threads.Condition = function(id)
   if id ~= nil then
      local c = registry[id]
      if getmetatable(c) ~= Condition then torch._error('invalid condition id') end
      return c
   end
   return register(setmetatable({}, Condition))
end

-- as torch/threads: the package table itself works as threads.Threads (threads(n, ...),
-- threads.serialization(...))
setmetatable(threads, getmetatable(threads.Threads))

return threads
