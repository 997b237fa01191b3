-- nn.Replicate(nFeatures, dim, ndim): repeat the input nFeatures times along a new dimension dim
-- (a stride-0 view, no copy); with ndim, a batch dimension shifts dim by one
local Replicate, parent = torch.class('nn.Replicate', 'nn.Module')

function Replicate:__init(nf, dim, ndim)
   parent.__init(self)
   self.nfeatures = nf
   self.dim = dim or 1
   self.ndim = ndim
   assert(self.dim > 0, "Can only replicate across positive integer dimensions.")
end

function Replicate:updateOutput(input)
   if not torch.isTensor(input) then
      error(string.format('nn.Replicate: input should be a Tensor (got %s)', torch.type(input)), 2)
   end
   self.dim = self.dim or 1 -- backwards compatible
   if self.dim > input:dim() + 1 then
      error("nn.Replicate: Not enough input dimensions to replicate along dimension " .. tostring(self.dim) ..
         " (input is " .. torch._size_str(input) .. ")", 2)
   end
   local batchOffset = self.ndim and input:dim() > self.ndim and 1 or 0
   local rdim = self.dim + batchOffset
   local sz = torch.LongStorage(input:dim() + 1)
   sz[rdim] = self.nfeatures
   for i = 1, input:dim() do
      local offset = 0
      if i >= rdim then offset = 1 end
      sz[i + offset] = input:size(i)
   end
   local st = torch.LongStorage(input:dim() + 1)
   st[rdim] = 0
   for i = 1, input:dim() do
      local offset = 0
      if i >= rdim then offset = 1 end
      st[i + offset] = input:stride(i)
   end
   self.output:set(input:storage(), input:storageOffset(), sz, st)
   return self.output
end

function Replicate:updateGradInput(input, gradOutput)
   self.gradInput:resizeAs(input):zero()
   local batchOffset = self.ndim and input:dim() > self.ndim and 1 or 0
   local rdim = self.dim + batchOffset
   local sz = torch.LongStorage(input:dim() + 1)
   sz[rdim] = 1
   for i = 1, input:dim() do
      local offset = 0
      if i >= rdim then offset = 1 end
      sz[i + offset] = input:size(i)
   end
   local gradInput = self.gradInput:view(sz)
   gradInput:copy(gradOutput:sum(rdim))
   return self.gradInput
end

return nn.Replicate
