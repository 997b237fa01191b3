-- LuaJIT loop for SpatialMaxPooling's backward on contiguous Float/Double tensors:
-- gradInput = 0, then gradOutput scatter-added at THNN's 1-based flat indices, in one
-- pass (numpy needed a fill, index arithmetic over int64 arrays and a fancy-index
-- assignment: LeNet's 64x6x28x28 pooling took 0.5-1.0 ms, this ~0.3-0.5).
-- (The forward stays in numpy: a LuaJIT window loop branches on every comparison,
-- and on random data the mispredictions made it slower than numpy's passes.)
local C = torch._C
local M = {}

local function contiguous(t)
   return t._st ~= nil and C.is_contiguous(t)
end
M.contiguous = contiguous
local function ptr(t) return t._st._p + t._off end

-- may the loop handle this input?
function M.ok(self, input)
   local ty = input:type()
   return (ty == 'torch.FloatTensor' or ty == 'torch.DoubleTensor') and contiguous(input)
end

-- gradInput (contiguous, resized as input) from gradOutput and indices (contiguous):
-- planes of isz input and osz output elements
function M.backward(self, gradOutput, planes, isz, osz)
   local gi = self.gradInput
   gi:zero()
   local gp, gop, xp = ptr(gi), ptr(gradOutput), ptr(self.indices)
   for p = 0, planes - 1 do
      local ib, ob = p * isz - 1, p * osz
      for j = ob, ob + osz - 1 do
         local k = xp[j]
         if k < 1 or k > isz then         -- never from forward; keeps the writes in bounds
            error(string.format('%s: index %s out of range [1, %d] in indices', torch.type(self),
               tostring(k):gsub('LL$', ''), isz), 0)
         end
         local t = ib + k
         gp[t] = gp[t] + gop[j]
      end
   end
end

return M
