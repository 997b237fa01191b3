-- Random numbers, bit-identical to torch7 (luann/kernels/random.py holds the
-- generator).  Every sampler fills the tensor in row-major element order.
local torch, B, T, C = ...

local K = B.K
local R = B.pyimport('luann.kernels.random')
local np, istensor, tyof, nelement = C.np, C.istensor, C.tyof, C.nelement
local M = torch._M
local float_method, argerr = torch._float_method, torch._argerr

local Generator = torch.class('torch.Generator')
function Generator:__init(seed) self._g = R.Generator(seed) end
function Generator:__tostring__() return 'torch.Generator' end
-- serialisation keeps only the state bytes
function Generator:write(file)
   file:writeObject(torch.getRNGState(self))
end
function Generator:read(file)
   self._g = R.Generator()
   torch.setRNGState(self, file:readObject())
end

local default = R.default_generator
local function is_gen(x) return type(x) == 'table' and getmetatable(x) == torch.getmetatable('torch.Generator') end
local function gen_of(x) return is_gen(x) and x._g or default end

-- (self, [gen,] a, b) -> python generator, a, b
local function with_gen(...)
   local g = ...
   if is_gen(g) then return g._g, select(2, ...) end
   return default, ...
end

local function fill(t, arr)
   if nelement(t) > 0 then K.copy(np(t), arr) end
   return t
end

local function sampler(name, pyname, floatonly, defaults)
   local f = function(self, ...)
      local g, a, b = with_gen(...)
      if a == nil then a = defaults[1] end
      if b == nil then b = defaults[2] end
      if type(a) ~= 'number' or (#defaults == 2 and type(b) ~= 'number') then
         local bad = type(a) ~= 'number' and a or b
         argerr(name, (is_gen(...) and 2 or 1) + (type(a) ~= 'number' and 0 or 1),
            'number expected, got ' .. torch.type(bad))
      end
      local n = nelement(self)
      local ok, arr
      if #defaults == 1 then ok, arr = pcall(g[pyname], g, n, a, tyof(self).dt)
      else ok, arr = pcall(g[pyname], g, n, a, b, tyof(self).dt) end
      if not ok then error(tostring(arr), 2) end
      return fill(self, arr)
   end
   if floatonly then float_method(name, f) else M[name] = f end
end
sampler('uniform', 'uniform', true, {0, 1})
sampler('normal', 'normal', true, {0, 1})
sampler('exponential', 'exponential', true, {1})
sampler('cauchy', 'cauchy', true, {0, 1})
sampler('logNormal', 'log_normal', true, {1, 2})

function M.geometric(self, ...)
   local g, p = with_gen(...)
   local ok, arr = pcall(g.geometric, g, nelement(self), p)
   if not ok then error(tostring(arr), 2) end
   return fill(self, arr)
end

function M.bernoulli(self, ...)
   local g, p = with_gen(...)
   local ok, arr
   if istensor(p) and nelement(p) ~= nelement(self) then
      argerr('bernoulli', 1, string.format('the probability tensor [%s] must have as many elements as the tensor [%s]',
         torch._size_str(p), torch._size_str(self)))
   end
   if p ~= nil and not istensor(p) and type(p) ~= 'number' then
      argerr('bernoulli', 1, 'number or tensor expected, got ' .. torch.type(p))
   end
   if istensor(p) then ok, arr = pcall(g.bernoulli_tensor, g, np(p))
   else ok, arr = pcall(g.bernoulli, g, nelement(self), p == nil and 0.5 or p) end
   if not ok then error(tostring(arr), 2) end
   return fill(self, arr)
end

function M.random(self, ...)
   local g, a, b = with_gen(...)
   for i, v in ipairs{a == nil and 0 or a, b == nil and 0 or b} do
      if type(v) ~= 'number' then argerr('random', i, 'number expected, got ' .. torch.type(v)) end
   end
   local ok, arr = pcall(g.random, g, nelement(self), a, b, tyof(self).dt)
   if not ok then error(tostring(arr), 2) end
   return fill(self, arr)
end

-- torch.rand([res,] [gen,] sizes...) and friends
local function sized_sampler(name, meth)
   torch[name] = function(...)
      local args = {...}
      local n = select('#', ...)
      local res
      if istensor(args[1]) then res = table.remove(args, 1); n = n - 1 end
      local gen
      if is_gen(args[1]) then gen = table.remove(args, 1); n = n - 1 end
      local ty = torch._default_ty()
      if type(args[n]) == 'string' then
         ty = T.byname[args[n]]
         if not ty then argerr(name, select('#', ...), 'unknown tensor type ' .. args[n]) end
         args[n] = nil; n = n - 1
      end
      local sz = torch._read_sizes(name, 1, unpack(args, 1, n))
      res = res or torch._empty(ty)
      C.resize(res, #sz, sz)
      if gen then return res[meth](res, gen) end
      return res[meth](res)
   end
end
sized_sampler('rand', 'uniform')
sized_sampler('randn', 'normal')

function torch.randperm(...)
   local args = {...}
   local res
   if istensor(args[1]) then res = table.remove(args, 1) end
   local g = default
   if is_gen(args[1]) then g = table.remove(args, 1)._g end
   local n, tyname = args[1], args[2]
   if type(n) ~= 'number' then argerr('randperm', 1, 'number expected, got ' .. type(n)) end
   local ty = tyname and T.byname[tyname] or (res and tyof(res)) or torch._default_ty()
   local ok, arr = pcall(g.randperm, g, n)
   if not ok then error(tostring(arr), 2) end
   res = res or torch._empty(ty)
   C.resize(res, 1, {n})
   return fill(res, arr)
end

function torch.multinomial(...)
   local args = {...}
   local res
   if istensor(args[1]) and istensor(args[2]) then res = table.remove(args, 1) end
   local g = default
   if is_gen(args[1]) then g = table.remove(args, 1)._g end
   local probs, n, repl = args[1], args[2], args[3]
   if not istensor(probs) then argerr('multinomial', 1, 'tensor expected') end
   local ok, arr = pcall(g.multinomial, g, np(probs), n, repl and true or false)
   if not ok then error(tostring(arr), 2) end
   local out = C.from_array(arr, T.byname.Long)
   if res then res:resizeAs(out):copy(out); return res end
   return out
end
-- p.multinomial(res, p, n [, replacement]) (the doc's form for a LongTensor result) and
-- p:multinomial(n [, replacement]) both reach torch.multinomial with every argument
float_method('multinomial', torch.multinomial)

function torch.uniform(...)
   local g, a, b = with_gen(...)
   return g:uniform_scalar(a or 0, b or 1)
end
function torch.normal(...)
   local g, a, b = with_gen(...)
   local ok, v = pcall(g.normal_scalar, g, a or 0, b or 1)
   if not ok then error(tostring(v), 2) end
   return v
end
function torch.random(...)
   local g, a, b = with_gen(...)
   local ok, v = pcall(g.random_scalar, g, a, b)
   if not ok then error(tostring(v), 2) end
   return v
end
for _, nm in ipairs{'exponential', 'cauchy', 'logNormal', 'geometric', 'bernoulli'} do
   torch[nm] = function(...)
      local t = torch.DoubleTensor(1)
      return t[nm](t, ...)[1]   -- the sampler method takes the optional generator itself
   end
end

function torch.manualSeed(a, b)
   if is_gen(a) then a._g:manual_seed(b); return end
   default:manual_seed(a)
end
function torch.seed(g) return gen_of(g):seed() end
function torch.initialSeed(g) return gen_of(g):initial_seed() end
function torch.getRNGState(g)
   local arr = B.K.rng_state_array(gen_of(g))
   return C.from_array(arr, T.byname.Byte)
end
function torch.setRNGState(a, b)
   local g, state = default, a
   if is_gen(a) then g, state = a._g, b end
   if not istensor(state) then argerr('setRNGState', 1, 'ByteTensor expected') end
   local ok, err = pcall(B.K.rng_set_state_array, g, np(state))
   if not ok then error('setRNGState: ' .. tostring(err), 2) end
   return state
end
