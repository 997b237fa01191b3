-- Private helpers shared by the nn layer and criterion files (not a class):
-- argument checks worded like torch7, and the numpy kernels.
local H = {}
local size_str = torch._size_str

H.np = torch._C.np
H.KC = torch._bridge.pyimport('luann.kernels.nn_criterion')
H.KL = torch._bridge.pyimport('luann.kernels.nn_layers')

function H.size(t)
   if torch.isTensor(t) then return size_str(t) end
   return torch.type(t)
end

-- error naming the module (level: caller of the function that calls H.err)
function H.err(self, fmt, ...)
   error(torch.typename(self) .. ': ' .. string.format(fmt, ...), 3)
end

function H.tensor(self, x, what)
   if not torch.isTensor(x) then
      error(string.format('%s: %s should be a Tensor (got %s)', torch.typename(self), what or 'input', torch.type(x)), 3)
   end
end

-- input must be a table {x1, x2} of two tensors (the pair criterions)
function H.pair(self, input)
   if type(input) ~= 'table' or not torch.isTensor(input[1]) or not torch.isTensor(input[2]) then
      H.err(self, 'input should be a table of two Tensors')
   end
end

function H.same_nel(self, input, target)
   if not torch.isTensor(input) then
      error(string.format('%s: input should be a Tensor (got %s)', torch.typename(self), torch.type(input)), 3)
   end
   if not torch.isTensor(target) then
      error(string.format('%s: target should be a Tensor (got %s)', torch.typename(self), torch.type(target)), 3)
   end
   if input:nElement() ~= target:nElement() then
      error(string.format('%s: input and target should have the same number of elements: input is %s (%d elements), target is %s (%d elements)',
         torch.typename(self), size_str(input), input:nElement(), size_str(target), target:nElement()), 3)
   end
end

-- target as a tensor of input's type (numbers -> 1-element tensor)
function H.as_target(self, input, target)
   if type(target) == 'number' then
      self._ntarget = self._ntarget or input.new(1)
      self._ntarget:resize(1)
      self._ntarget[1] = target
      return self._ntarget
   end
   return target
end

-- run a kernel, turning Python exceptions into a Lua error naming the module
function H.call(self, f, ...)
   local ok, a, b = pcall(f, ...)
   if not ok then error(torch.typename(self) .. ': ' .. tostring(a), 3) end
   return a, b
end

return H
