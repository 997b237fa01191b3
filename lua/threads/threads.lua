-- threads.Threads: torch/threads' thread pool, emulated in luann's single LuaJIT state.
--
-- Each emulated thread has its own globals (a table that falls back on the main globals for
-- reading; `__threadid` is its index), its own random generator, default tensor type and BLAS
-- thread count. Jobs wait in FIFO queues of N places (one shared, one per thread for specific
-- mode) and run one at a time, in the order they were added, when the main side needs a result:
-- in dojob/synchronize, or in addjob when the queue is full. Their end callbacks then run on the
-- main side, as torch/threads runs them. Jobs, arguments and results travel through the
-- serializer chosen by Threads.serialization (threads.serialize copies tensors,
-- threads.sharedserialize passes them by reference), so a job sees copies of its upvalues taken
-- when it was added, as in torch/threads.
local unpack = unpack or table.unpack

local Threads = {}
local Threads_ctor = setmetatable({}, {
   __newindex = Threads,
   __index = Threads,
   __call = function(self, ...) return Threads.new(...) end,
})

Threads.__index = Threads
Threads.__serialize = 'threads.serialize'

local function raise(msg) torch._error(msg) end


local function check(cond, msg)
   if not cond then raise(msg) end
end

function Threads.serialization(name)
   if name then
      check(type(name) == 'string', 'assertion failed!')
      Threads.__serialize = name
   else
      return Threads.__serialize
   end
end

-- torch/threads stops the process when a job or its values cannot be serialized
local function panic(where, msg)
   io.stdout:write(string.format('FATAL THREAD PANIC: (%s) %s\n', where, tostring(msg)))
   io.stdout:flush()
   os.exit(-1)
end

local function ser(self, where, obj)
   local ok, res = pcall(self.__serializer.save, obj)
   if not ok then panic(where, res) end
   return res
end

local function deser(self, where, storage)
   local ok, res = pcall(self.__serializer.load, storage)
   if not ok then panic(where, res) end
   return res
end

---------------------------------------------------------------------------------------------
-- the emulated threads' own state

local main_env = _G

-- modules are loaded once for the whole process (package.loaded is shared): while a job runs,
-- require (the user's or the library's) loads them with the main globals, so that the globals
-- they define are seen by the main side and every thread
local raw_require = require
local function back(env, ok, ...)
   setfenv(0, env)
   if not ok then error((...), 0) end
   return ...
end
local function job_require(...)
   local env = getfenv(0)
   if env == main_env then return raw_require(...) end
   setfenv(0, main_env)
   return back(env, pcall(raw_require, ...))
end

local function new_thread(i)
   local env = setmetatable({__threadid = i}, {__index = main_env})
   env._G = env
   -- a thread's state has Lua's own print, not th's (print(opt) there shows 'table: 0x...')
   env.print = torch._print_old or print
   return {
      id = i,
      env = env,
      rng = torch.getRNGState(torch.Generator()),   -- a fresh state seeds its own generator
      tensortype = 'torch.DoubleTensor',
      nthreads = nil,                              -- the process' setting until it sets one
   }
end

-- torch.setnumthreads while a job runs: the thread's own setting (torch.getnumthreads asks
-- the BLAS library, which is slow when the process never chose a count: it is asked only when
-- a thread has a setting of its own)
local real_setnumthreads = torch.setnumthreads
local current, current_saved

local function thread_setnumthreads(n)
   if current_saved.nthreads == nil then current_saved.nthreads = torch.getnumthreads() end
   real_setnumthreads(n)
   current.nthreads = torch.getnumthreads()
end

local function enter(t)
   local saved = {
      rng = torch.getRNGState(),
      tensortype = torch.getdefaulttensortype(),
   }
   torch.setRNGState(t.rng)
   if t.tensortype ~= saved.tensortype then torch.setdefaulttensortype(t.tensortype) end
   if t.nthreads then
      saved.nthreads = torch.getnumthreads()
      if t.nthreads ~= saved.nthreads then real_setnumthreads(t.nthreads) end
   end
   current, current_saved = t, saved
   torch.setnumthreads = thread_setnumthreads
   rawset(main_env, 'require', job_require)
   setfenv(0, t.env)
   torch._thread_context = t
   return saved
end

local function leave(t, saved)
   setfenv(0, main_env)
   rawset(main_env, 'require', raw_require)
   torch._thread_context = nil
   torch.setnumthreads = real_setnumthreads
   current, current_saved = nil, nil
   t.rng = torch.getRNGState()
   torch.setRNGState(saved.rng)
   t.tensortype = torch.getdefaulttensortype()
   if t.tensortype ~= saved.tensortype then torch.setdefaulttensortype(saved.tensortype) end
   if saved.nthreads and t.nthreads ~= saved.nthreads then real_setnumthreads(saved.nthreads) end
end

-- the traceback a job's error carries: the job's own frames (down to the xpcall that runs it),
-- not the main side's below them, nor this file's (the require of a thread)
local this_file = debug.getinfo(1, 'S').short_src
local raw_xpcall = xpcall
local function traceback(err)
   local msg = torch._relocate(err)
   if type(msg) ~= 'string' then msg = tostring(msg) end
   local depth = 2
   while true do
      local info = debug.getinfo(depth + 1, 'f')
      if not info or info.func == raw_xpcall then break end
      depth = depth + 1
   end
   local tb = debug.traceback(msg, 2)
   local head, frames = tb:match('^(.-\nstack traceback:)\n(.*)$')
   if not head then return tb end
   local lines, n = {head}, 0
   local pending
   for line in frames:gmatch('[^\n]+') do
      n = n + 1
      if n > depth - 1 then break end
      if line:find(this_file, 1, true) then
         pending = nil            -- a C function called by this file: pcall, error
      else
         if pending then lines[#lines + 1] = pending end
         pending = nil
         if line:find('^%s*%[C%]:') then pending = line else lines[#lines + 1] = line end
      end
   end
   if pending then lines[#lines + 1] = pending end
   return table.concat(lines, '\n')
end

---------------------------------------------------------------------------------------------

function Threads.new(N, ...)
   check(type(N) == 'number' and N >= 1, 'number of threads expected')
   local self = {N = N, endcallbacks = {n = 0}, errors = false, __specific = true, __running = true}
   local funcs = {...}
   self.__serialize = Threads.__serialize
   self.__serializer = require(Threads.__serialize)
   if #funcs == 0 then funcs = {function() end} end
   setmetatable(self, Threads)

   self.mainqueue = newproxy()        -- as torch/threads' queues, a pool cannot be serialized
   self.__jobs = {}                   -- waiting jobs, oldest first
   self.__next = 1                    -- the thread that takes the next shared job
   self.threads = {}
   for i = 1, N do self.threads[i] = new_thread(i) end

   local initres = {}
   for j = 1, #funcs do
      for i = 1, N do
         if j ~= #funcs then
            self:addjob(i, funcs[j], function() end, i)
         else
            self:addjob(i, funcs[j], function(...) table.insert(initres, {...}) end, i)
         end
      end
   end
   self:specific(false)
   return self, initres
end

function Threads:isrunning()
   return self.__running
end

local function checkrunning(self)
   check(self:isrunning(), 'thread system is not running')
end

function Threads:specific(flag)
   checkrunning(self)
   if flag ~= nil then
      check(type(flag) == 'boolean', 'boolean expected')
      self:synchronize()
      self.__specific = flag
   else
      return self.__specific
   end
end

-- waiting jobs of one queue: the shared one (idx nil) or thread idx's
local function queued(self, idx)
   local n = 0
   for _, job in ipairs(self.__jobs) do
      if job.thread == idx then n = n + 1 end
   end
   return n
end

-- a thread takes the oldest waiting job and runs it
local function run_next(self)
   local job = table.remove(self.__jobs, 1)
   local idx = job.thread
   if not idx then
      idx = self.__next
      self.__next = idx % self.N + 1
   end
   local t = self.threads[idx]
   local saved = enter(t)
   local callback = deser(self, 'dojob', job.callback)
   local args = deser(self, 'dojob', job.args)
   setfenv(callback, t.env)
   local res = {xpcall(function() return callback(unpack(args)) end, traceback)}
   local status = table.remove(res, 1)
   local stored = ser(self, 'addjob', res)
   leave(t, saved)
   return status, stored, job.endcallbackid, idx
end

function Threads:dojob()
   checkrunning(self)
   self.errors = false
   check(#self.__jobs > 0, 'dojob: no job is running (torch/threads would wait here forever)')
   local callstatus, stored, endcallbackid, threadid = run_next(self)
   local args = deser(self, 'dojob', stored)
   local endcallback = self.endcallbacks[endcallbackid]
   self.endcallbacks[endcallbackid] = nil
   self.endcallbacks.n = self.endcallbacks.n - 1
   if callstatus then
      local ok, msg = xpcall(function() return endcallback(unpack(args)) end, traceback)
      if not ok then
         self.errors = true
         raise(string.format('[thread %d endcallback] %s', threadid, msg))
      end
   else
      self.errors = true
      raise(string.format('[thread %d callback] %s', threadid, tostring(args[1])))
   end
end

function Threads:acceptsjob(idx)
   checkrunning(self)
   if self:specific() then
      check(type(idx) == 'number' and idx >= 1 and idx <= self.N, 'thread index expected')
   else
      idx = nil
   end
   return queued(self, idx) < self.N
end

function Threads:addjob(...)
   checkrunning(self)
   self.errors = false
   local endcallbacks = self.endcallbacks
   local idx, r, callback, endcallback
   if self:specific() then
      idx = select(1, ...)
      check(type(idx) == 'number' and idx >= 1 and idx <= self.N, 'thread index expected')
      callback, endcallback = select(2, ...)
      r = 4
   else
      callback, endcallback = select(1, ...)
      r = 3
   end
   check(type(callback) == 'function', 'function callback expected')
   check(type(endcallback) == 'function' or type(endcallback) == 'nil',
      'function (or nil) endcallback expected')

   -- the queue is full: the main side waits for a result
   while not self:acceptsjob(idx) do
      self:dojob()
   end

   local endcallbackid = #endcallbacks + 1
   endcallbacks[endcallbackid] = endcallback or function() end
   endcallbacks.n = endcallbacks.n + 1

   table.insert(self.__jobs, {
      thread = idx,
      callback = ser(self, 'addjob', callback),
      args = ser(self, 'addjob', {select(r, ...)}),
      endcallbackid = endcallbackid,
   })
end

function Threads:haserror()
   -- as torch/threads: errors are raised at once by dojob/synchronize
   return false
end

function Threads:hasjob()
   checkrunning(self)
   return self.endcallbacks.n > 0
end

function Threads:synchronize()
   if not self:isrunning() then return end
   self.errors = false
   while self:hasjob() do
      self:dojob()
   end
end

function Threads:terminate()
   if not self:isrunning() or self.errors then return end
   local ok, err = pcall(self.synchronize, self)
   self.__running = false
   if not ok then error(err, 0) end
end

return Threads_ctor
